package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.losses.FusedLosses;
import org.apache.commons.math3.special.Erf;

/**
 * Activations over heap buffers for generated code, each as a forward ({@code a = f(z)}) and a backward that turns
 * the gradient with respect to {@code a} into the gradient with respect to {@code z}, in place. The definitions
 * are Keras's (keras.activations): leaky ReLU's slope 0.2, ELU's alpha 1, the exact (erf) GELU, swish = x·σ(x).
 */
public final class ActivationKernels {

    private static final float LEAKY_SLOPE = 0.2f;
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

    private ActivationKernels() {
    }

    public static void linear(float[] z, float[] a, int n) {
        System.arraycopy(z, 0, a, 0, n);
    }

    public static void linearBackward(float[] z, float[] a, float[] gradient, int n) {
        // d(z)/dz = 1: the gradient passes through.
    }

    public static void relu(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    public static void reluBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            gradient[i] = z[i] > 0f ? gradient[i] : 0f;
        }
    }

    public static void sigmoid(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = (float) (1 / (1 + Math.exp(-z[i])));
        }
    }

    public static void sigmoidBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            gradient[i] *= a[i] * (1f - a[i]);
        }
    }

    public static void tanh(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.tanh(z[i]);
        }
    }

    public static void tanhBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            gradient[i] *= 1f - a[i] * a[i];
        }
    }

    /** Softmax over each row of {@code units} values. */
    public static void softmax(float[] z, float[] a, int rows, int units) {
        for (int r = 0; r < rows; r++) {
            FusedLosses.softmaxRow(z, a, r * units, units);
        }
    }

    /** {@code dz = a ⊙ (g - Σ_row g ⊙ a)}. */
    public static void softmaxBackward(float[] z, float[] a, float[] gradient, int rows, int units) {
        for (int r = 0; r < rows; r++) {
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

    public static void leakyRelu(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = z[i] >= 0f ? z[i] : LEAKY_SLOPE * z[i];
        }
    }

    public static void leakyReluBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            gradient[i] *= z[i] >= 0f ? 1f : LEAKY_SLOPE;
        }
    }

    public static void elu(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = z[i] > 0f ? z[i] : (float) Math.expm1(z[i]);
        }
    }

    public static void eluBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            gradient[i] *= z[i] > 0f ? 1f : a[i] + 1f;
        }
    }

    /** {@code x · Φ(x)} with Φ the normal CDF, {@code 0.5 · (1 + erf(x / √2))}. */
    public static void gelu(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 * z[i] * (1 + Erf.erf(z[i] * SQRT_HALF)));
        }
    }

    /** {@code d(x·Φ(x))/dx = Φ(x) + x·φ(x)}. */
    public static void geluBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            double x = z[i];
            double cdf = 0.5 * (1 + Erf.erf(x * SQRT_HALF));
            double pdf = INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
            gradient[i] *= (float) (cdf + x * pdf);
        }
    }

    public static void swish(float[] z, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = (float) (z[i] / (1 + Math.exp(-z[i])));
        }
    }

    /** {@code d(x·σ(x))/dx = σ(x) + x·σ(x)·(1 - σ(x))}. */
    public static void swishBackward(float[] z, float[] a, float[] gradient, int n) {
        for (int i = 0; i < n; i++) {
            float s = (float) (1 / (1 + Math.exp(-z[i])));
            gradient[i] *= s + z[i] * s * (1f - s);
        }
    }
}
