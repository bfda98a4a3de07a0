package dev.fusenet.runtime.metrics;

/**
 * True/false positive/negative counts at several thresholds, over flattened labels (positive when
 * non-zero) and predictions (positive when above the threshold), as Keras's
 * {@code update_confusion_matrix_variables}.
 */
final class ConfusionCounts {

    private final float[] thresholds;
    private final long[] truePositives;
    private final long[] falsePositives;
    private final long[] trueNegatives;
    private final long[] falseNegatives;

    ConfusionCounts(float[] thresholds) {
        this.thresholds = thresholds.clone();
        int n = thresholds.length;
        truePositives = new long[n];
        falsePositives = new long[n];
        trueNegatives = new long[n];
        falseNegatives = new long[n];
    }

    void update(float[] yTrue, float[] yPred, int size) {
        for (int i = 0; i < size; i++) {
            boolean positive = yTrue[i] > 0;
            float prediction = yPred[i];
            for (int t = 0; t < thresholds.length; t++) {
                boolean predictedPositive = prediction > thresholds[t];
                if (positive) {
                    if (predictedPositive) {
                        truePositives[t]++;
                    } else {
                        falseNegatives[t]++;
                    }
                } else if (predictedPositive) {
                    falsePositives[t]++;
                } else {
                    trueNegatives[t]++;
                }
            }
        }
    }

    int size() {
        return thresholds.length;
    }

    long truePositives(int t) {
        return truePositives[t];
    }

    long falsePositives(int t) {
        return falsePositives[t];
    }

    long trueNegatives(int t) {
        return trueNegatives[t];
    }

    long falseNegatives(int t) {
        return falseNegatives[t];
    }

    void reset() {
        java.util.Arrays.fill(truePositives, 0);
        java.util.Arrays.fill(falsePositives, 0);
        java.util.Arrays.fill(trueNegatives, 0);
        java.util.Arrays.fill(falseNegatives, 0);
    }

    /** {@code numerator / denominator}, or 0 when the denominator is 0 (TensorFlow's {@code div_no_nan}). */
    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
