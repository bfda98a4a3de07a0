package dev.fusenet.runtime.metrics;

/**
 * How often the prediction, thresholded, equals the 0/1 label, over every element (keras.metrics.BinaryAccuracy,
 * threshold 0.5 by default: a prediction counts as 1 when it is above the threshold).
 */
public final class BinaryAccuracy extends PredictionMetric {

    private final float threshold;
    private double correct;
    private double total;

    public BinaryAccuracy() {
        this("binary_accuracy", 0.5);
    }

    public BinaryAccuracy(String name, double threshold) {
        super(name);
        this.threshold = (float) threshold;
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int r = 0; r < rows; r++) {
            double w = weight(weights, r);
            for (int i = r * width; i < (r + 1) * width; i++) {
                float predicted = yPred[i] > threshold ? 1f : 0f;
                if (predicted == yTrue[i]) {
                    correct += w;
                }
                total += w;
            }
        }
    }

    @Override
    public double result() {
        return total == 0 ? 0 : correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void merge(PredictionMetric other) {
        BinaryAccuracy that = sameKind(other, BinaryAccuracy.class);
        correct += that.correct;
        total += that.total;
    }
}
