package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hand-tuned ReLU kernels against the plain definitions they replace, on the edge values. */
class ActivationKernelsTest {

    private static final float[] EDGES = {
        -3f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 0.5f, 7f, Float.MAX_VALUE,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY
    };

    @Test
    void reluAddsTheBiasAndClipsAtZeroIntoTheActivations() {
        float[] z = EDGES.clone();
        float[] bias = new float[EDGES.length];
        bias[0] = 4f; // -3 + 4 = 1 survives
        float[] a = new float[EDGES.length];
        ActivationKernels.relu(z, bias, a, 0, 1, EDGES.length);
        for (int i = 0; i < EDGES.length; i++) {
            float expected = Math.max(EDGES[i] + bias[i], 0f);
            // z keeps the product: ReLU's backward reads only a
            assertArrayEquals(new float[] {EDGES[i], expected}, new float[] {z[i], a[i]}, "at " + EDGES[i]);
        }
    }

    @Test
    void reluBackwardPassesTheGradientExactlyWhereTheInputIsPositive() {
        int rows = 3;
        int units = EDGES.length;
        float[] z = new float[rows * units];
        float[] a = new float[rows * units];
        float[] gradient = new float[rows * units];
        float[] expected = new float[rows * units];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < units; c++) {
                int i = r * units + c;
                z[i] = EDGES[c];
                gradient[i] = (r - 1) * 1.5f + c;
                expected[i] = z[i] > 0f ? gradient[i] : 0f;
            }
        }
        // in two shards of rows, as a training step runs them
        ActivationKernels.relu(z, new float[units], a, 0, 1, units);
        ActivationKernels.relu(z, new float[units], a, 1, rows, units);
        ActivationKernels.reluBackward(z, a, gradient, 0, 2, units);
        ActivationKernels.reluBackward(z, a, gradient, 2, rows, units);
        assertArrayEquals(expected, gradient);
    }

    /** Keras 3's values: relu6 clips at 0 and 6, hard_sigmoid is relu6(x + 3) / 6, hard_silu x times that. */
    @Test
    void mobileNetsActivationsHaveKerasValuesAndSlopes() {
        float[] x = {-4f, -1f, 0.5f, 1.5f, 4f, 7f};
        float[] zeros = new float[x.length];
        float[][] expected = {
                {0f, 0f, 0.5f, 1.5f, 4f, 6f},
                {0f, 1f / 3, 7f / 12, 0.75f, 1f, 1f},
                {0f, -1f / 3, 7f / 24, 1.125f, 4f, 7f}};
        float[][] slopes = {
                {0f, 0f, 1f, 1f, 1f, 0f},
                {0f, 1f / 6, 1f / 6, 1f / 6, 0f, 0f},
                {0f, 1f / 6, 4f / 6, 1f, 1f, 1f}};
        dev.fusenet.annotations.Activation[] activations = {dev.fusenet.annotations.Activation.RELU6,
                dev.fusenet.annotations.Activation.HARD_SIGMOID, dev.fusenet.annotations.Activation.HARD_SILU};
        for (int k = 0; k < activations.length; k++) {
            float[] z = x.clone();
            float[] a = new float[x.length];
            ActivationKernels.forward(activations[k], z, zeros, a, 0, 1, x.length);
            float[] gradient = new float[x.length];
            java.util.Arrays.fill(gradient, 1f);
            ActivationKernels.backward(activations[k], z, a, gradient, 0, 1, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected[k][i], a[i], 1e-6, activations[k] + "(" + x[i] + ")");
                assertEquals(slopes[k][i], gradient[i], 1e-6, activations[k] + "'(" + x[i] + ")");
            }
        }
    }
}
