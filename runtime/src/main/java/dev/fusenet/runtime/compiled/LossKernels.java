package dev.fusenet.runtime.compiled;

/**
 * The losses without a fused activation, for generated code. Each works on rows {@code [from, to)} of a batch of
 * {@code rows}, a shard: it writes those rows' gradient with respect to the predictions (of the loss of the
 * whole batch, Keras's mean over the last axis, then over the rows) and returns their part of that mean, so that
 * the shards' returns add up to the batch loss. Their tensor twins in
 * {@code dev.fusenet.runtime.losses} define them; tests hold the two equal.
 *
 * <p>{@code weights} are Keras's sample weights, one per row of the batch, or null for none: each row's loss and
 * gradient are multiplied by its weight, and the mean stays over the rows (Keras's {@code sum_over_batch_size}).
 * A weight of 1 multiplies exactly, so a null and all-ones weights give the same bits.
 */
public final class LossKernels {

    private static final float EPSILON = 1e-7f;

    private LossKernels() {
    }

    /** The weight of row {@code r}: 1 without weights. */
    static float weight(float[] weights, int r) {
        return weights == null ? 1f : weights[r];
    }

    public static double meanSquaredError(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                                          float[] weights) {
        int n = rows * units;
        float scale = 2f / n;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float e = p[i] - y[i];
                total += w * (e * e);
                gradient[i] = rowScale * e;
            }
        }
        return total / n;
    }

    public static double meanAbsoluteError(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                                           float[] weights) {
        int n = rows * units;
        float scale = 1f / n;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float e = p[i] - y[i];
                total += w * Math.abs(e);
                gradient[i] = rowScale * Math.signum(e);
            }
        }
        return total / n;
    }

    /** Huber with delta 1, Keras's default. */
    public static double huber(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                               float[] weights) {
        int n = rows * units;
        float scale = 1f / n;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float e = p[i] - y[i];
                float abs = Math.abs(e);
                if (abs <= 1f) {
                    total += w * (0.5 * e * e);
                    gradient[i] = rowScale * e;
                } else {
                    total += w * (abs - 0.5);
                    gradient[i] = rowScale * Math.signum(e);
                }
            }
        }
        return total / n;
    }

    /** Hinge; labels that are all 0 or 1 (in the whole batch) are read as -1 and 1, as Keras does. */
    public static double hinge(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                               float[] weights) {
        int n = rows * units;
        boolean zeroOne = true;
        for (int i = 0; i < n && zeroOne; i++) {
            zeroOne = y[i] == 0f || y[i] == 1f;
        }
        float scale = 1f / n;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float label = zeroOne ? 2f * y[i] - 1f : y[i];
                float margin = 1f - label * p[i];
                if (margin > 0f) {
                    total += w * margin;
                    gradient[i] = -rowScale * label;
                } else {
                    gradient[i] = 0f;
                }
            }
        }
        return total / n;
    }

    /** Σ y·log(y/p) per row, both clipped to [1e-7, 1]. */
    public static double klDivergence(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                                      float[] weights) {
        float scale = 1f / rows;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            for (int i = r * units; i < (r + 1) * units; i++) {
                float label = Math.min(Math.max(y[i], EPSILON), 1f);
                float prediction = Math.min(Math.max(p[i], EPSILON), 1f);
                total += w * (label * Math.log(label / prediction));
                boolean clipped = p[i] < EPSILON || p[i] > 1f;
                gradient[i] = clipped ? 0f : -rowScale * label / prediction;
            }
        }
        return total / rows;
    }

    /** -Σ ŷ·p̂ per row, each normalised by sqrt(max(Σx², 1e-12)). */
    public static double cosineSimilarity(float[] y, float[] p, float[] gradient, int from, int to, int rows, int units,
                                          float[] weights) {
        float scale = 1f / rows;
        double total = 0;
        for (int r = from; r < to; r++) {
            float w = weight(weights, r);
            float rowScale = scale * w;
            int start = r * units;
            double yy = 0;
            double pp = 0;
            double yp = 0;
            for (int c = start; c < start + units; c++) {
                yy += y[c] * y[c];
                pp += p[c] * p[c];
                yp += y[c] * p[c];
            }
            double yNorm = Math.sqrt(Math.max(yy, 1e-12));
            double pNorm = Math.sqrt(Math.max(pp, 1e-12));
            double cosine = yp / (yNorm * pNorm);
            total -= w * cosine;
            boolean clamped = pp < 1e-12;
            for (int c = start; c < start + units; c++) {
                double d = y[c] / (yNorm * pNorm) - (clamped ? 0 : cosine * p[c] / (pNorm * pNorm));
                gradient[c] = (float) (-rowScale * d);
            }
        }
        return total / rows;
    }
}
