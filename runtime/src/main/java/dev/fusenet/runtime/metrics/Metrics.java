package dev.fusenet.runtime.metrics;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;

/** Makes the metric a {@link Metric} constant names, with Keras's defaults: what {@code @Compile} and the DSL use. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The metric for {@code kind}. {@link Metric#ACCURACY} resolves as Keras resolves {@code "accuracy"}: categorical
     * accuracy for categorical cross-entropy, sparse categorical accuracy for the sparse loss, binary accuracy for
     * binary cross-entropy and hinge, and for other losses binary accuracy when the model has one output unit,
     * categorical accuracy otherwise. The resolved metric keeps the name {@code "accuracy"}.
     */
    public static PredictionMetric of(Metric kind, Loss loss, long outputUnits) {
        return switch (kind) {
            case ACCURACY -> accuracyFor(loss, outputUnits);
            case CATEGORICAL_ACCURACY -> new CategoricalAccuracy();
            case SPARSE_CATEGORICAL_ACCURACY -> new SparseCategoricalAccuracy();
            case BINARY_ACCURACY -> new BinaryAccuracy();
            case TOP_K_CATEGORICAL_ACCURACY -> new TopKCategoricalAccuracy();
            case AUC -> new AUC();
            case PRECISION -> new Precision();
            case RECALL -> new Recall();
            case F1_SCORE -> new F1Score();
            case MEAN_ABSOLUTE_ERROR -> new MeanAbsoluteError();
            case MEAN_SQUARED_ERROR -> new MeanSquaredError();
        };
    }

    private static PredictionMetric accuracyFor(Loss loss, long outputUnits) {
        String name = Metric.ACCURACY.kerasName();
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> new CategoricalAccuracy(name);
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new SparseCategoricalAccuracy(name);
            case BINARY_CROSSENTROPY, HINGE -> new BinaryAccuracy(name, 0.5);
            default -> outputUnits == 1 ? new BinaryAccuracy(name, 0.5) : new CategoricalAccuracy(name);
        };
    }
}
