package dev.fusenet.runtime.metrics;

/**
 * True positives over actual positives, over every element, a prediction being positive above the threshold
 * (keras.metrics.Recall, threshold 0.5). 0 when there was no positive label.
 */
public final class Recall extends PredictionMetric {

    private final ConfusionCounts counts;

    public Recall() {
        this(0.5);
    }

    public Recall(double threshold) {
        super("recall");
        this.counts = new ConfusionCounts(new float[] {(float) threshold});
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        counts.update(yTrue, yPred, rows, width, weights);
    }

    @Override
    public double result() {
        return ConfusionCounts.ratio(counts.truePositives(0), counts.truePositives(0) + counts.falseNegatives(0));
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public void merge(PredictionMetric other) {
        Recall that = sameKind(other, Recall.class);
        counts.merge(that.counts);
    }
}
