package dev.fusenet.runtime.metrics;

/**
 * The area under the ROC or precision-recall curve, from confusion counts at evenly spaced thresholds
 * (keras.metrics.AUC: 200 thresholds, interpolated summation). The thresholds are {@code -1e-7},
 * {@code i / (n - 1)} for {@code i = 1 .. n - 2}, and {@code 1 + 1e-7}; labels and predictions are flattened.
 */
public final class AUC extends PredictionMetric {

    /** Which curve's area. */
    public enum Curve {
        /** Receiver operating characteristic: recall against false-positive rate (trapezoids). */
        ROC,
        /** Precision against recall, interpolated as Davis and Goadrich (2006). */
        PR
    }

    private static final double EPSILON = 1e-7;

    private final Curve curve;
    private final ConfusionCounts counts;

    public AUC() {
        this(Curve.ROC, 200);
    }

    public AUC(Curve curve, int numThresholds) {
        super("auc");
        if (numThresholds <= 1) {
            throw new IllegalArgumentException("AUC: numThresholds must be more than 1, got " + numThresholds);
        }
        this.curve = curve;
        float[] thresholds = new float[numThresholds];
        thresholds[0] = (float) -EPSILON;
        for (int i = 1; i < numThresholds - 1; i++) {
            thresholds[i] = (float) i / (numThresholds - 1);
        }
        thresholds[numThresholds - 1] = (float) (1 + EPSILON);
        this.counts = new ConfusionCounts(thresholds);
    }

    public Curve curve() {
        return curve;
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        counts.update(yTrue, yPred, rows, width, weights);
    }

    @Override
    public double result() {
        return curve == Curve.ROC ? rocArea() : interpolatedPrecisionRecallArea();
    }

    private double rocArea() {
        double area = 0;
        for (int t = 0; t < counts.size() - 1; t++) {
            double x0 = falsePositiveRate(t);
            double x1 = falsePositiveRate(t + 1);
            double height = (recall(t) + recall(t + 1)) / 2;
            area += (x0 - x1) * height;
        }
        return area;
    }

    /**
     * Precision modelled as varying linearly in TP and P = TP + FP between thresholds, integrated exactly:
     * Keras's {@code interpolate_pr_auc}.
     */
    private double interpolatedPrecisionRecallArea() {
        double area = 0;
        for (int t = 0; t < counts.size() - 1; t++) {
            double tpA = counts.truePositives(t);
            double tpB = counts.truePositives(t + 1);
            double pA = tpA + counts.falsePositives(t);
            double pB = tpB + counts.falsePositives(t + 1);
            double slope = ConfusionCounts.ratio(tpA - tpB, Math.max(pA - pB, 0));
            double intercept = tpB - slope * pB;
            double pRatio = pA > 0 && pB > 0 ? ConfusionCounts.ratio(pA, Math.max(pB, 0)) : 1;
            double positives = Math.max(tpB + counts.falseNegatives(t + 1), 0);
            area += ConfusionCounts.ratio(slope * ((tpA - tpB) + intercept * Math.log(pRatio)), positives);
        }
        return area;
    }

    private double falsePositiveRate(int t) {
        return ConfusionCounts.ratio(counts.falsePositives(t), counts.falsePositives(t) + counts.trueNegatives(t));
    }

    private double recall(int t) {
        return ConfusionCounts.ratio(counts.truePositives(t), counts.truePositives(t) + counts.falseNegatives(t));
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public void merge(PredictionMetric other) {
        AUC that = sameKind(other, AUC.class);
        counts.merge(that.counts);
    }
}
