package dev.fusenet.runtime.metrics;

/**
 * How often the prediction, thresholded, equals the 0/1 label, over every element (keras.metrics.BinaryAccuracy,
 * threshold 0.5 by default: a prediction counts as 1 when it is above the threshold).
 */
public final class BinaryAccuracy extends PredictionMetric {

    private final float threshold;
    private long correct;
    private long total;

    public BinaryAccuracy() {
        this("binary_accuracy", 0.5);
    }

    public BinaryAccuracy(String name, double threshold) {
        super(name);
        this.threshold = (float) threshold;
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width) {
        int size = rows * width;
        for (int i = 0; i < size; i++) {
            float predicted = yPred[i] > threshold ? 1f : 0f;
            if (predicted == yTrue[i]) {
                correct++;
            }
        }
        total += size;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }
}
