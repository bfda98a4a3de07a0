package dev.fusenet.runtime.metrics;

/** How often the arg-max of the prediction equals the arg-max of the one-hot label (keras.metrics.CategoricalAccuracy). */
public final class CategoricalAccuracy extends PredictionMetric {

    private double correct;
    private double total;

    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    /** With another name, e.g. {@code "accuracy"} when Keras's {@code "accuracy"} resolved to it. */
    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int r = 0; r < rows; r++) {
            double w = weight(weights, r);
            if (argmax(yTrue, r * width, width) == argmax(yPred, r * width, width)) {
                correct += w;
            }
            total += w;
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
        CategoricalAccuracy that = sameKind(other, CategoricalAccuracy.class);
        correct += that.correct;
        total += that.total;
    }
}
