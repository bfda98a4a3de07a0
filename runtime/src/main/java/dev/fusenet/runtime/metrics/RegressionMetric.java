package dev.fusenet.runtime.metrics;

/**
 * A regression metric as Keras's {@code MeanMetricWrapper}s compute one: each row's error is the mean of
 * {@link #error} over its {@code width} values, and the result is the weighted mean of the rows' errors (each row
 * weighing 1 without sample weights). Sums are kept in float64, so streaming a data set in batches gives the result
 * of one update with all of it.
 */
public abstract class RegressionMetric extends PredictionMetric {

    private static final long serialVersionUID = 1L;

    private double weightedErrors;
    private double totalWeight;

    protected RegressionMetric(String name) {
        super(name);
    }

    /** The error of one predicted value against its label. */
    protected abstract double error(float label, float prediction);

    @Override
    public final void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int r = 0; r < rows; r++) {
            double row = 0;
            for (int i = r * width; i < (r + 1) * width; i++) {
                row += error(yTrue[i], yPred[i]);
            }
            double w = weight(weights, r);
            weightedErrors += w * (row / width);
            totalWeight += w;
        }
    }

    @Override
    public final double result() {
        return totalWeight == 0 ? 0 : weightedErrors / totalWeight;
    }

    @Override
    public final void reset() {
        weightedErrors = 0;
        totalWeight = 0;
    }

    @Override
    public final void merge(PredictionMetric other) {
        RegressionMetric that = sameKind(other, getClass());
        weightedErrors += that.weightedErrors;
        totalWeight += that.totalWeight;
    }
}
