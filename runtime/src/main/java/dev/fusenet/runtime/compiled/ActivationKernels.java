package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.losses.FusedLosses;
import org.apache.commons.math3.special.Erf;

/**
 * Activations over heap buffers for generated code, each as a forward ({@code z += bias; a = f(z)}, one pass over
 * rows {@code [from, to)} of the layer's rows × units values, a shard of the batch; a layer without a bias passes
 * zeros) and a backward that turns
 * the gradient with respect to {@code a} into the gradient with respect to {@code z}, in place. The definitions
 * are Keras's (keras.activations): leaky ReLU's slope 0.2, ELU's alpha 1, the exact (erf) GELU, swish = x·σ(x).
 *
 * <p>Each activation spells out its own loop on purpose: one shared loop calling a function object per element
 * would be megamorphic across activations, and the JIT would neither inline nor vectorize it.
 */
public final class ActivationKernels {

    /** Keras's slope of leaky ReLU below zero. */
    public static final float LEAKY_RELU_SLOPE = 0.2f;
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

    private ActivationKernels() {
    }

    /**
     * The forward of {@code activation}: what generated code calls by name, for the runtime DSL's interpreter,
     * which knows the activation only at run time.
     */
    public static void forward(dev.fusenet.annotations.Activation activation, float[] z, float[] bias, float[] a,
                               int from, int to, int units) {
        switch (activation) {
            case LINEAR -> linear(z, bias, a, from, to, units);
            case RELU -> relu(z, bias, a, from, to, units);
            case SIGMOID -> sigmoid(z, bias, a, from, to, units);
            case TANH -> tanh(z, bias, a, from, to, units);
            case SOFTMAX -> softmax(z, bias, a, from, to, units);
            case LEAKY_RELU -> leakyRelu(z, bias, a, from, to, units);
            case ELU -> elu(z, bias, a, from, to, units);
            case GELU -> gelu(z, bias, a, from, to, units);
            case SWISH -> swish(z, bias, a, from, to, units);
            case RELU6 -> relu6(z, bias, a, from, to, units);
            case HARD_SIGMOID -> hardSigmoid(z, bias, a, from, to, units);
            case HARD_SILU -> hardSilu(z, bias, a, from, to, units);
        }
    }

    /** The backward of {@code activation}, as {@link #forward(dev.fusenet.annotations.Activation, float[], float[], float[], int, int)}. */
    public static void backward(dev.fusenet.annotations.Activation activation, float[] z, float[] a,
                                float[] gradient, int from, int to, int units) {
        switch (activation) {
            case LINEAR -> linearBackward(z, a, gradient, from, to, units);
            case RELU -> reluBackward(z, a, gradient, from, to, units);
            case SIGMOID -> sigmoidBackward(z, a, gradient, from, to, units);
            case TANH -> tanhBackward(z, a, gradient, from, to, units);
            case SOFTMAX -> softmaxBackward(z, a, gradient, from, to, units);
            case LEAKY_RELU -> leakyReluBackward(z, a, gradient, from, to, units);
            case ELU -> eluBackward(z, a, gradient, from, to, units);
            case GELU -> geluBackward(z, a, gradient, from, to, units);
            case SWISH -> swishBackward(z, a, gradient, from, to, units);
            case RELU6 -> relu6Backward(z, a, gradient, from, to, units);
            case HARD_SIGMOID -> hardSigmoidBackward(z, a, gradient, from, to, units);
            case HARD_SILU -> hardSiluBackward(z, a, gradient, from, to, units);
        }
    }

    /**
     * {@code z += bias} on each row: for an output layer whose activation is fused into its loss. The other
     * forwards add the bias themselves, in the same pass as the activation.
     */
    public static void addBias(float[] z, float[] bias, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                z[start + c] += bias[c];
            }
        }
    }

    public static void linear(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            if (Products.VECTOR_API) {
                ShortRuns.biasLinear(z, bias, a, start, units);
                continue;
            }
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = v;
            }
        }
    }

    public static void linearBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        // d(z)/dz = 1: the gradient passes through.
    }

    /**
     * {@code a = max(z + bias, 0)} in one pass with one store: {@code z} keeps the product without the bias, since
     * ReLU's backward reads only {@code a}. (Storing both {@code z + bias} and {@code a} in one loop ran at half
     * the speed of two loops; one store per element beats both: the MNIST convnet's first layer writes 1.4 M
     * values a step.)
     */
    public static void relu(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            if (Products.VECTOR_API) {
                ShortRuns.biasRelu(z, bias, a, start, units);
                continue;
            }
            for (int c = 0; c < units; c++) {
                a[start + c] = Math.max(z[start + c] + bias[c], 0f);
            }
        }
    }

    /**
     * Keeps the gradient where {@code a = max(z, 0)} is positive, as a bit mask: a select ({@code z > 0 ? g : 0})
     * compiles to a branch the JIT neither vectorizes nor predicts on real data (120 against 15 ms per MNIST
     * epoch). The bits of a non-negative float are positive exactly when it is greater than +0, so
     * {@code -bits >> 31} is all ones there and zero elsewhere.
     */
    public static void reluBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int start = from * units;
        reluGradient(gradient, start, a, start, gradient, start, (to - from) * units);
    }

    /**
     * {@code out = gradient} where ReLU's output {@code a} is positive, 0 elsewhere, over {@code length} values
     * from each array's own start ({@code out} may be {@code gradient}): the loop behind {@link #reluBackward},
     * also the tape's ReLU backward.
     */
    public static void reluGradient(float[] gradient, int gradientFrom, float[] a, int aFrom, float[] out,
                                    int outFrom, int length) {
        for (int i = 0; i < length; i++) {
            int keep = -Float.floatToRawIntBits(a[aFrom + i]) >> 31;
            out[outFrom + i] = Float.intBitsToFloat(Float.floatToRawIntBits(gradient[gradientFrom + i]) & keep);
        }
    }

    public static void sigmoid(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = (float) (1 / (1 + Math.exp(-v)));
            }
        }
    }

    public static void sigmoidBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] *= a[i] * (1f - a[i]);
        }
    }

    public static void tanh(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = (float) Math.tanh(v);
            }
        }
    }

    public static void tanhBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] *= 1f - a[i] * a[i];
        }
    }

    /** Softmax over each row of {@code units} values. */
    public static void softmax(float[] z, float[] bias, float[] a, int from, int to, int units) {
        addBias(z, bias, from, to, units);
        for (int r = from; r < to; r++) {
            FusedLosses.softmaxRow(z, a, r * units, units);
        }
    }

    /** {@code dz = a ⊙ (g - Σ_row g ⊙ a)}. */
    public static void softmaxBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            float dot = 0f;
            for (int c = start; c < start + units; c++) {
                dot += gradient[c] * a[c];
            }
            for (int c = start; c < start + units; c++) {
                gradient[c] = a[c] * (gradient[c] - dot);
            }
        }
    }

    public static void leakyRelu(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = v >= 0f ? v : LEAKY_RELU_SLOPE * v;
            }
        }
    }

    public static void leakyReluBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] *= z[i] >= 0f ? 1f : LEAKY_RELU_SLOPE;
        }
    }

    public static void elu(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = v > 0f ? v : (float) Math.expm1(v);
            }
        }
    }

    public static void eluBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] *= z[i] > 0f ? 1f : a[i] + 1f;
        }
    }

    /** {@code x · Φ(x)} with Φ the normal CDF, {@code 0.5 · (1 + erf(x / √2))}. */
    public static void gelu(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = (float) (0.5 * v * (1 + Erf.erf(v * SQRT_HALF)));
            }
        }
    }

    /** {@code d(x·Φ(x))/dx = Φ(x) + x·φ(x)}. */
    public static void geluBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            double x = z[i];
            double cdf = 0.5 * (1 + Erf.erf(x * SQRT_HALF));
            double pdf = INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
            gradient[i] *= (float) (cdf + x * pdf);
        }
    }

    public static void swish(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = (float) (v / (1 + Math.exp(-v)));
            }
        }
    }

    /** {@code d(x·σ(x))/dx = σ(x) + x·σ(x)·(1 - σ(x))}. */
    public static void swishBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            float s = (float) (1 / (1 + Math.exp(-z[i])));
            gradient[i] *= s + z[i] * s * (1f - s);
        }
    }

    public static void relu6(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = Math.min(Math.max(v, 0f), 6f);
            }
        }
    }

    /** 1 strictly between 0 and 6, 0 elsewhere (TensorFlow's relu6 gradient: 0 at both corners). */
    public static void relu6Backward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] = z[i] > 0f && z[i] < 6f ? gradient[i] : 0f;
        }
    }

    public static void hardSigmoid(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = Math.min(Math.max(v + 3f, 0f), 6f) / 6f;
            }
        }
    }

    /** 1/6 strictly between -3 and 3, 0 elsewhere: relu6's gradient at x + 3, divided by 6. */
    public static void hardSigmoidBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            gradient[i] = z[i] > -3f && z[i] < 3f ? gradient[i] / 6f : 0f;
        }
    }

    public static void hardSilu(float[] z, float[] bias, float[] a, int from, int to, int units) {
        for (int r = from; r < to; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                int i = start + c;
                float v = z[i] + bias[c];
                z[i] = v;
                a[i] = v * (Math.min(Math.max(v + 3f, 0f), 6f) / 6f);
            }
        }
    }

    /**
     * {@code d(x · hard_sigmoid(x))/dx = hard_sigmoid(x) + x · hard_sigmoid'(x)}: 0 up to -3, (2x + 3)/6 between,
     * 1 from 3 on.
     */
    public static void hardSiluBackward(float[] z, float[] a, float[] gradient, int from, int to, int units) {
        int end = to * units;
        for (int i = from * units; i < end; i++) {
            float x = z[i];
            float hard = Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
            float slope = x > -3f && x < 3f ? 1f / 6f : 0f;
            gradient[i] *= hard + x * slope;
        }
    }
}
