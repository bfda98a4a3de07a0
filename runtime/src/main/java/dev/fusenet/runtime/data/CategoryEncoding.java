package dev.fusenet.runtime.data;

/** How a CSV column of categories becomes numbers, as Keras's {@code StringLookup(output_mode=...)}. */
public enum CategoryEncoding {
    /** One feature per category, 1 for the row's category and 0 for the others ({@code output_mode="one_hot"}). */
    ONE_HOT,
    /**
     * One feature holding the category's position in the vocabulary, from 0 ({@code output_mode="int"} without the
     * out-of-vocabulary index: a value outside the vocabulary is refused, not mapped): for an embedding.
     */
    INDEX
}
