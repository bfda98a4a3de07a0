package dev.fusenet.runtime.metrics;

/**
 * How often the one-hot label's class is among the k highest predictions (keras.metrics.TopKCategoricalAccuracy,
 * k = 5 by default). Ties with the k-th prediction count as inside, as TensorFlow's {@code in_top_k}.
 */
public final class TopKCategoricalAccuracy extends PredictionMetric {

    private final int k;
    private double correct;
    private double total;

    public TopKCategoricalAccuracy() {
        this(5);
    }

    public TopKCategoricalAccuracy(int k) {
        super("top_k_categorical_accuracy");
        if (k <= 0) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be positive, got " + k);
        }
        this.k = k;
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int r = 0; r < rows; r++) {
            double w = weight(weights, r);
            int start = r * width;
            float labelScore = yPred[start + argmax(yTrue, start, width)];
            int higher = 0;
            for (int c = 0; c < width; c++) {
                if (yPred[start + c] > labelScore) {
                    higher++;
                }
            }
            if (higher < k) {
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
        TopKCategoricalAccuracy that = sameKind(other, TopKCategoricalAccuracy.class);
        correct += that.correct;
        total += that.total;
    }
}
