package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The Vector API's short runs against the scalar loops they replace, bit for bit, on lengths below, at and past
 * a vector (so both the vector body and the scalar tail run) and on the values where max and addition have edges.
 */
class ShortRunsTest {

    private static final float[] EDGES = {
        -3f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 0.5f, 7f, Float.MAX_VALUE,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -1e30f, 2.5f, -0.25f, 1f
    };

    private static final int[] LENGTHS = {1, 7, 15, 16, 17, 31, 32, 33, 48, 70};

    private static float[] values(int length, int salt) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = EDGES[(i * 7 + salt) % EDGES.length];
        }
        return values;
    }

    @Test
    void biasReluIsMathMaxOfTheSumOnEveryLane() {
        assumeTrue(Products.VECTOR_API);
        for (int units : LENGTHS) {
            int at = 3;
            float[] z = values(at + units, 1);
            float[] bias = values(units, 4);
            float[] expected = values(at + units + 2, 9);
            float[] a = expected.clone();
            for (int c = 0; c < units; c++) {
                expected[at + c] = Math.max(z[at + c] + bias[c], 0f);
            }
            ShortRuns.biasRelu(z, bias, a, at, units);
            assertArrayEquals(expected, a, "units " + units); // nothing written outside the row either
        }
    }

    @Test
    void biasLinearWritesTheSumToBoth() {
        assumeTrue(Products.VECTOR_API);
        for (int units : LENGTHS) {
            int at = 2;
            float[] z = values(at + units + 1, 3);
            float[] bias = values(units, 5);
            float[] expectedZ = z.clone();
            float[] expectedA = values(at + units + 1, 7);
            float[] a = expectedA.clone();
            for (int c = 0; c < units; c++) {
                expectedZ[at + c] = z[at + c] + bias[c];
                expectedA[at + c] = expectedZ[at + c];
            }
            ShortRuns.biasLinear(z, bias, a, at, units);
            assertArrayEquals(expectedZ, z, "z, units " + units);
            assertArrayEquals(expectedA, a, "a, units " + units);
        }
    }

    @Test
    void addIsTheScalarSumOnEveryLane() {
        assumeTrue(Products.VECTOR_API);
        for (int length : LENGTHS) {
            float[] from = values(length + 5, 2);
            float[] expected = values(length + 4, 6);
            float[] to = expected.clone();
            for (int i = 0; i < length; i++) {
                expected[2 + i] += from[5 + i];
            }
            ShortRuns.add(from, 5, to, 2, length);
            assertArrayEquals(expected, to, "length " + length);
        }
    }

    @Test
    void columnSumsAddTheRowsInOrder() {
        for (int width : LENGTHS) {
            int rows = 9;
            float[] values = new float[rows * width];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.sin(i * 0.37) * (i % 5 == 0 ? 1e6f : 1f);
            }
            float[] expected = new float[width];
            for (int r = 2; r < 7; r++) {
                for (int c = 0; c < width; c++) {
                    expected[c] += values[r * width + c];
                }
            }
            ShardSums sums = new ShardSums(width);
            sums.columnSums(0, values, 2, 7);
            float[] gradient = new float[width];
            sums.sumInto(gradient, 0, width, Shards.COUNT * 8); // the other shards' parts are still zero
            assertArrayEquals(expected, gradient, "width " + width);
        }
    }
}
