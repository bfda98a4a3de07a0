package dev.fusenet.runtime.metrics;

/** {@code mean(|y - ŷ|)} per row, averaged over the rows: keras.metrics.MeanAbsoluteError, Keras's {@code "mae"}. */
public final class MeanAbsoluteError extends RegressionMetric {

    private static final long serialVersionUID = 1L;

    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    protected double error(float label, float prediction) {
        return Math.abs((double) label - prediction);
    }
}
