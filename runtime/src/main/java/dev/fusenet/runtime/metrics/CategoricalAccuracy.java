package dev.fusenet.runtime.metrics;

/** How often the arg-max of the prediction equals the arg-max of the one-hot label (keras.metrics.CategoricalAccuracy). */
public final class CategoricalAccuracy extends PredictionMetric {

    private long correct;
    private long total;

    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    /** With another name, e.g. {@code "accuracy"} when Keras's {@code "accuracy"} resolved to it. */
    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            if (argmax(yTrue, r * width, width) == argmax(yPred, r * width, width)) {
                correct++;
            }
        }
        total += rows;
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
