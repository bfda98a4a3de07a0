package dev.fusenet.runtime.data;

/** Which part of a {@code validationSplit} a loader returns, as Keras's {@code subset}. */
public enum Subset {
    /** The first {@code 1 - validationSplit} of the (shuffled) samples. */
    TRAINING,
    /** The last {@code validationSplit} of them. */
    VALIDATION
}
