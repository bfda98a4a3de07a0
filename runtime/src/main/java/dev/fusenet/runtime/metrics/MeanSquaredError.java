package dev.fusenet.runtime.metrics;

/** {@code mean((y - ŷ)²)} per row, averaged over the rows: keras.metrics.MeanSquaredError, Keras's {@code "mse"}. */
public final class MeanSquaredError extends RegressionMetric {

    private static final long serialVersionUID = 1L;

    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    protected double error(float label, float prediction) {
        double difference = (double) label - prediction;
        return difference * difference;
    }
}
