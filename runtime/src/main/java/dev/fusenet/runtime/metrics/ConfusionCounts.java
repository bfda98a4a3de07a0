package dev.fusenet.runtime.metrics;

/**
 * True/false positive/negative counts at several thresholds, over flattened labels (positive when
 * non-zero) and predictions (positive when above the threshold), as Keras's
 * {@code update_confusion_matrix_variables}.
 */
final class ConfusionCounts implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final float[] thresholds;
    private final double[] truePositives;
    private final double[] falsePositives;
    private final double[] trueNegatives;
    private final double[] falseNegatives;

    ConfusionCounts(float[] thresholds) {
        this.thresholds = thresholds.clone();
        int n = thresholds.length;
        truePositives = new double[n];
        falsePositives = new double[n];
        trueNegatives = new double[n];
        falseNegatives = new double[n];
    }

    /** Adds {@code rows × width} values, each row's counted {@code weights[row]} times (once without weights). */
    void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        for (int i = 0; i < rows * width; i++) {
            double w = PredictionMetric.weight(weights, i / width);
            boolean positive = yTrue[i] > 0;
            float prediction = yPred[i];
            for (int t = 0; t < thresholds.length; t++) {
                boolean predictedPositive = prediction > thresholds[t];
                if (positive) {
                    if (predictedPositive) {
                        truePositives[t] += w;
                    } else {
                        falseNegatives[t] += w;
                    }
                } else if (predictedPositive) {
                    falsePositives[t] += w;
                } else {
                    trueNegatives[t] += w;
                }
            }
        }
    }

    int size() {
        return thresholds.length;
    }

    double truePositives(int t) {
        return truePositives[t];
    }

    double falsePositives(int t) {
        return falsePositives[t];
    }

    double trueNegatives(int t) {
        return trueNegatives[t];
    }

    double falseNegatives(int t) {
        return falseNegatives[t];
    }

    /** Adds another set of counts over the same thresholds. */
    void merge(ConfusionCounts other) {
        if (!java.util.Arrays.equals(thresholds, other.thresholds)) {
            throw new IllegalArgumentException("cannot merge counts over other thresholds");
        }
        for (int t = 0; t < thresholds.length; t++) {
            truePositives[t] += other.truePositives[t];
            falsePositives[t] += other.falsePositives[t];
            trueNegatives[t] += other.trueNegatives[t];
            falseNegatives[t] += other.falseNegatives[t];
        }
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
