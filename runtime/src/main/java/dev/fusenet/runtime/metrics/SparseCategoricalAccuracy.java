package dev.fusenet.runtime.metrics;

import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;

/** How often the arg-max of the prediction equals the integer label (keras.metrics.SparseCategoricalAccuracy). */
public final class SparseCategoricalAccuracy extends PredictionMetric {

    private double correct;
    private double total;

    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    public SparseCategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    protected void checkShapes(long[] yTrue, long[] yPred) {
        long[] rows = Arrays.copyOf(yPred, Math.max(0, yPred.length - 1));
        boolean fits = Arrays.equals(yTrue, rows) || (yTrue.length == yPred.length && yTrue.length > 0
                && yTrue[yTrue.length - 1] == 1 && Arrays.equals(Arrays.copyOf(yTrue, yTrue.length - 1), rows));
        if (yPred.length == 0 || !fits) {
            throw new IllegalArgumentException(name() + ": integer labels " + Shapes.format(yTrue)
                    + " do not fit predictions " + Shapes.format(yPred) + "; expected labels of shape "
                    + Shapes.format(rows));
        }
    }

    /** {@code yTrue} holds one class index per row. */
    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int r = 0; r < rows; r++) {
            double w = weight(weights, r);
            if ((int) yTrue[r] == argmax(yPred, r * width, width)) {
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
        SparseCategoricalAccuracy that = sameKind(other, SparseCategoricalAccuracy.class);
        correct += that.correct;
        total += that.total;
    }
}
