package dev.fusenet.runtime.losses;

/**
 * The output activation and its loss in one pass over raw buffers, for generated training code. Softmax with
 * categorical cross-entropy and sigmoid with binary cross-entropy have gradients that need no Jacobian:
 * {@code dLoss/dLogits = (p - y) / n}. The loss value is Keras's (probabilities clipped to [1e-7, 1 - 1e-7]);
 * the gradient is that of the unclipped loss, as Keras's TensorFlow backend computes it from the logits.
 * Buffers are row-major {@code rows × width}; each kernel works on rows {@code [from, to)} of a batch of
 * {@code rows}, a shard, and returns those rows' part of the batch's mean loss, so that the shards' returns add
 * up to it. Nothing is allocated.
 *
 * <p>{@code weights} are Keras's sample weights, one per row, or null for none: each row's loss and gradient are
 * multiplied by its weight and the mean stays over the rows; a weight of 1 multiplies exactly.
 */
public final class FusedLosses {

    private static final float EPSILON = (float) LossFunction.EPSILON;

    private FusedLosses() {
    }

    /**
     * Softmax over each row of {@code logits} into {@code probabilities}, categorical cross-entropy against the
     * one-hot {@code labels} (smoothed by {@code labelSmoothing}), and its gradient with respect to the logits,
     * {@code (p - y) / rows}, into {@code gradient}.
     *
     * @return rows {@code [from, to)}'s part of the batch's mean loss
     */
    public static double softmaxCategoricalCrossentropy(float[] logits, float[] labels, float[] probabilities,
                                                        float[] gradient, int from, int to, int rows,
                                                        int classes, float labelSmoothing, float[] weights) {
        float keep = 1f - labelSmoothing;
        float spread = labelSmoothing / classes;
        float scale = 1f / rows;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weights == null ? 1f : weights[r];
            float rowScale = scale * w;
            int start = r * classes;
            softmaxRow(logits, probabilities, start, classes);
            for (int c = start; c < start + classes; c++) {
                float y = labels[c] * keep + spread;
                float p = probabilities[c];
                if (y != 0f) {
                    total -= w * (y * Math.log(clip(p)));
                }
                gradient[c] = (p - y) * rowScale;
            }
        }
        return total / rows;
    }

    /**
     * As {@link #softmaxCategoricalCrossentropy} with integer class labels, one per row (held as floats, as the
     * batch buffers of generated code hold them).
     *
     * @throws IllegalArgumentException naming the row of a label outside {@code [0, classes)}
     */
    public static double softmaxSparseCategoricalCrossentropy(float[] logits, float[] labels, float[] probabilities,
                                                              float[] gradient, int from, int to, int rows,
                                                              int classes, float[] weights) {
        float scale = 1f / rows;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weights == null ? 1f : weights[r];
            float rowScale = scale * w;
            int label = (int) labels[r];
            if (label < 0 || label >= classes || label != labels[r]) {
                throw new IllegalArgumentException("sparse_categorical_crossentropy: label " + labels[r] + " in row "
                        + r + " is outside [0, " + classes + ")");
            }
            int start = r * classes;
            softmaxRow(logits, probabilities, start, classes);
            for (int c = start; c < start + classes; c++) {
                gradient[c] = probabilities[c] * rowScale;
            }
            gradient[start + label] -= rowScale;
            total -= w * Math.log(clip(probabilities[start + label]));
        }
        return total / rows;
    }

    /**
     * Sigmoid of each logit into {@code probabilities}, binary cross-entropy against {@code labels} (smoothed by
     * {@code labelSmoothing}) averaged over each row's {@code units} and then over the rows, and its gradient
     * with respect to the logits, {@code (p - y) / (rows · units)}, into {@code gradient}.
     *
     * @return rows {@code [from, to)}'s part of the batch's mean loss
     */
    public static double sigmoidBinaryCrossentropy(float[] logits, float[] labels, float[] probabilities,
                                                   float[] gradient, int from, int to, int rows, int units,
                                                   float labelSmoothing, float[] weights) {
        int size = rows * units;
        float keep = 1f - labelSmoothing;
        float spread = labelSmoothing / 2f;
        float scale = 1f / size;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weights == null ? 1f : weights[r];
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float p = (float) (1 / (1 + Math.exp(-logits[i])));
                probabilities[i] = p;
                float y = labels[i] * keep + spread;
                float clipped = clip(p);
                total -= w * (y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
                gradient[i] = (p - y) * rowScale;
            }
        }
        return total / size;
    }

    /** Softmax of {@code width} values from {@code start}, shifted by their maximum so exp cannot overflow. */
    public static void softmaxRow(float[] logits, float[] probabilities, int start, int width) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = start; c < start + width; c++) {
            max = Math.max(max, logits[c]);
        }
        float sum = 0f;
        for (int c = start; c < start + width; c++) {
            float e = (float) Math.exp(logits[c] - max);
            probabilities[c] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int c = start; c < start + width; c++) {
            probabilities[c] *= inverse;
        }
    }

    private static float clip(float p) {
        return Math.min(Math.max(p, EPSILON), 1f - EPSILON);
    }
}
