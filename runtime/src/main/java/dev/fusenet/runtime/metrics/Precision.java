package dev.fusenet.runtime.metrics;

/**
 * True positives over predicted positives, over every element, a prediction being positive above the threshold
 * (keras.metrics.Precision, threshold 0.5). 0 when nothing was predicted positive.
 */
public final class Precision extends PredictionMetric {

    private final ConfusionCounts counts;

    public Precision() {
        this(0.5);
    }

    public Precision(double threshold) {
        super("precision");
        this.counts = new ConfusionCounts(new float[] {(float) threshold});
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        counts.update(yTrue, yPred, rows, width, weights);
    }

    @Override
    public double result() {
        return ConfusionCounts.ratio(counts.truePositives(0), counts.truePositives(0) + counts.falsePositives(0));
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public void merge(PredictionMetric other) {
        Precision that = sameKind(other, Precision.class);
        counts.merge(that.counts);
    }
}
