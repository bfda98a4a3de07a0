package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
