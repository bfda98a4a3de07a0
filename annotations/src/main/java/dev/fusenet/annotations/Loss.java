package dev.fusenet.annotations;

/** Loss functions, named as Keras names them (keras.losses). */
public enum Loss implements KerasNamed {
    /** -Σ y·log(ŷ) over classes, for one-hot labels and probabilities. */
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
    /** Categorical cross-entropy for integer class labels. */
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
    /** -(y·log(ŷ) + (1 - y)·log(1 - ŷ)), for 0/1 labels and probabilities. */
    BINARY_CROSSENTROPY("binary_crossentropy"),
    /** mean((y - ŷ)²). */
    MEAN_SQUARED_ERROR("mean_squared_error"),
    /** mean(|y - ŷ|). */
    MEAN_ABSOLUTE_ERROR("mean_absolute_error"),
    /** Σ y·log(y / ŷ). */
    KL_DIVERGENCE("kl_divergence"),
    /** -cos(y, ŷ): minimising it makes the vectors point the same way. */
    COSINE_SIMILARITY("cosine_similarity"),
    /** Quadratic near zero, linear beyond delta (1.0 by default). */
    HUBER("huber"),
    /** mean(max(1 - y·ŷ, 0)) for labels -1/1 (0/1 labels are mapped to -1/1, as Keras). */
    HINGE("hinge");

    private final String kerasName;

    Loss(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
