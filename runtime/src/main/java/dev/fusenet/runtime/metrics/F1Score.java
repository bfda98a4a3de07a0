package dev.fusenet.runtime.metrics;

/**
 * The harmonic mean of precision and recall per class, averaged (keras.metrics.F1Score). Predictions become
 * one-hot by their arg-max, or positive above {@code threshold} when one is given. Keras returns one score per
 * class by default; {@link #result()} here is a single number, the {@link Average#MACRO} mean unless another
 * average is chosen, and {@link #resultPerClass()} gives the per-class scores.
 */
public final class F1Score extends PredictionMetric {

    /** How per-class scores become one, as Keras's {@code average}. */
    public enum Average {
        /** The unweighted mean of the per-class scores. */
        MACRO,
        /** One score from the counts summed over classes. */
        MICRO,
        /** The mean of the per-class scores weighted by each class's number of true labels. */
        WEIGHTED
    }

    private static final double EPSILON = 1e-7;

    private final Average average;
    private final Float threshold;
    private double[] truePositives = new double[0];
    private double[] falsePositives = new double[0];
    private double[] falseNegatives = new double[0];

    public F1Score() {
        this(Average.MACRO, null);
    }

    /** @param threshold positive above it, or {@code null} for the arg-max of each row */
    public F1Score(Average average, Float threshold) {
        super("f1_score");
        this.average = average;
        this.threshold = threshold;
    }

    @Override
    public void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights) {
        if (truePositives.length == 0) {
            truePositives = new double[width];
            falsePositives = new double[width];
            falseNegatives = new double[width];
        } else if (truePositives.length != width) {
            throw new IllegalArgumentException("f1_score: predictions have " + width + " classes, earlier batches had "
                    + truePositives.length);
        }
        for (int r = 0; r < rows; r++) {
            double w = weight(weights, r);
            int start = r * width;
            int best = threshold == null ? argmax(yPred, start, width) : -1;
            for (int c = 0; c < width; c++) {
                boolean predicted = threshold == null ? c == best : yPred[start + c] > threshold;
                boolean actual = yTrue[start + c] > 0;
                if (predicted && actual) {
                    truePositives[c] += w;
                } else if (predicted) {
                    falsePositives[c] += w;
                } else if (actual) {
                    falseNegatives[c] += w;
                }
            }
        }
    }

    /** The F1 score of each class. */
    public double[] resultPerClass() {
        double[] scores = new double[truePositives.length];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = f1(truePositives[c], falsePositives[c], falseNegatives[c]);
        }
        return scores;
    }

    @Override
    public double result() {
        int classes = truePositives.length;
        if (classes == 0) {
            return 0;
        }
        switch (average) {
            case MICRO: {
                double tp = 0;
                double fp = 0;
                double fn = 0;
                for (int c = 0; c < classes; c++) {
                    tp += truePositives[c];
                    fp += falsePositives[c];
                    fn += falseNegatives[c];
                }
                return f1(tp, fp, fn);
            }
            case WEIGHTED: {
                double weighted = 0;
                double support = 0;
                double[] scores = resultPerClass();
                for (int c = 0; c < classes; c++) {
                    double classSupport = truePositives[c] + falseNegatives[c];
                    weighted += scores[c] * classSupport;
                    support += classSupport;
                }
                return ConfusionCounts.ratio(weighted, support);
            }
            default: {
                double sum = 0;
                for (double score : resultPerClass()) {
                    sum += score;
                }
                return sum / classes;
            }
        }
    }

    private static double f1(double tp, double fp, double fn) {
        double precision = tp / (tp + fp + EPSILON);
        double recall = tp / (tp + fn + EPSILON);
        return 2 * precision * recall / (precision + recall + EPSILON);
    }

    @Override
    public void reset() {
        truePositives = new double[0];
        falsePositives = new double[0];
        falseNegatives = new double[0];
    }

    @Override
    public void merge(PredictionMetric other) {
        F1Score that = sameKind(other, F1Score.class);
        if (that.truePositives.length == 0) {
            return;
        }
        if (truePositives.length == 0) {
            truePositives = new double[that.truePositives.length];
            falsePositives = new double[that.truePositives.length];
            falseNegatives = new double[that.truePositives.length];
        }
        for (int c = 0; c < truePositives.length; c++) {
            truePositives[c] += that.truePositives[c];
            falsePositives[c] += that.falsePositives[c];
            falseNegatives[c] += that.falseNegatives[c];
        }
    }
}
