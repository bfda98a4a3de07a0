package dev.fusenet.runtime.data;

/** How a loader gives each sample's class, as Keras's {@code label_mode}. */
public enum LabelMode {
    /** The class index as one number per sample (shape ()): for {@code SPARSE_CATEGORICAL_CROSSENTROPY}. */
    INT,
    /** A one-hot vector of the classes per sample (shape (classes,)): for {@code CATEGORICAL_CROSSENTROPY}. */
    CATEGORICAL,
    /** 0 or 1 per sample (shape (1,)), for exactly two classes: for {@code BINARY_CROSSENTROPY}. */
    BINARY,
    /** No labels: data to {@code predict} on. */
    NONE
}
