package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The packed forward product against a float64 reference, and its promise of the same bits in any batch. */
class PackedProductsTest {

    private static float[] random(int size, SplittableRandom random) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static float[] packed(float[] w, int k, int n) {
        float[] packed = new float[PackedProducts.packedSize(k, n)];
        Arrays.fill(packed, Float.NaN); // padding must be written, not assumed zero
        PackedProducts.pack(w, k, n, 0, k, packed);
        return packed;
    }

    @Test
    void theTestsRunWithTheVectorApi() {
        assertTrue(Products.PACKED, "the build's test JVMs are started with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest(name = "({0}, {1}) · ({1}, {2})")
    @CsvSource({"1, 784, 512", "5, 3, 10", "6, 288, 64", "13, 27, 33", "49, 100, 7", "97, 64, 96"})
    void multipliesAsAFloat64ReferenceDoes(int m, int k, int n) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m * 31L + k * 7L + n);
        float[] a = random(m * k + 3, random);
        float[] w = random(k * n, random);
        float[] c = new float[m * n + 5];
        Arrays.fill(c, -7f);
        PackedProducts.multiply(a, 3, m, k, packed(w, k, n), n, c, 2);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int q = 0; q < k; q++) {
                    expected += (double) a[3 + i * k + q] * w[q * n + j];
                }
                assertEquals(expected, c[2 + i * n + j], 1e-5 * Math.max(1, Math.sqrt(k)), "c[" + i + "," + j + "]");
            }
        }
        assertEquals(-7f, c[0]);
        assertEquals(-7f, c[1]);
        assertEquals(-7f, c[2 + m * n], "nothing is written past the last row, also in a partial panel");
    }

    @Test
    void aRowGetsTheSameBitsAloneAsInAnyBatch() {
        assumeTrue(Products.PACKED);
        int m = 61;
        int k = 150;
        int n = 45;
        SplittableRandom random = new SplittableRandom(3);
        float[] a = random(m * k, random);
        float[] w = packed(random(k * n, random), k, n);
        float[] whole = new float[m * n];
        PackedProducts.multiply(a, 0, m, k, w, n, whole, 0);
        for (int row = 0; row < m; row++) {
            float[] alone = new float[n];
            PackedProducts.multiply(a, row * k, 1, k, w, n, alone, 0);
            assertArrayEquals(Arrays.copyOfRange(whole, row * n, row * n + n), alone, "row " + row);
        }
    }

    @Test
    void packingRowsInPartsGivesThePackingOfTheWhole() {
        assumeTrue(Products.PACKED);
        int k = 37;
        int n = 70;
        float[] w = random(k * n, new SplittableRandom(5));
        float[] inParts = new float[PackedProducts.packedSize(k, n)];
        PackedProducts.pack(w, k, n, 0, 20, inParts);
        PackedProducts.pack(w, k, n, 20, k, inParts);
        assertArrayEquals(packed(w, k, n), inParts);
    }
}
