package dev.fusenet.runtime.losses;

import dev.fusenet.annotations.Loss;

/** Makes the loss a {@link Loss} constant names, with Keras's defaults: what {@code @Compile} and the DSL use. */
public final class Losses {

    private Losses() {
    }

    public static LossFunction of(Loss kind) {
        return switch (kind) {
            case CATEGORICAL_CROSSENTROPY -> new CategoricalCrossentropy();
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new SparseCategoricalCrossentropy();
            case BINARY_CROSSENTROPY -> new BinaryCrossentropy();
            case MEAN_SQUARED_ERROR -> new MeanSquaredError();
            case MEAN_ABSOLUTE_ERROR -> new MeanAbsoluteError();
            case KL_DIVERGENCE -> new KLDivergence();
            case COSINE_SIMILARITY -> new CosineSimilarity();
            case HUBER -> new Huber();
            case HINGE -> new Hinge();
        };
    }
}
