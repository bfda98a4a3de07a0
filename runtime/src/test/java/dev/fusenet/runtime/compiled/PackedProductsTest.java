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

/**
 * The packed products (forward, input gradient, kernel gradient) against float64 references, and their promise of
 * the same bits however the work is split.
 */
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
    @CsvSource({"1, 784, 512", "5, 3, 10", "6, 288, 64", "13, 27, 33", "49, 100, 7", "97, 64, 96", "7, 50, 16",
            "13, 40, 20", "8, 30, 10", "12, 9, 48", "130, 20, 10", "61, 11, 3", "55, 17, 40", "7, 5, 1"})
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

    /** Alone, a row runs the scalar paths of a narrow panel; in a batch, whole vectors that spill onto later rows. */
    @ParameterizedTest(name = "{0} outputs")
    @CsvSource({"45", "10", "3", "24"})
    void aRowGetsTheSameBitsAloneAsInAnyBatch(int n) {
        assumeTrue(Products.PACKED);
        int m = 61;
        int k = 150;
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

    /**
     * A product of a few rows handed half to the idle worker (its wide panels split between the cores) has the bits
     * of the product on one core; so does one that stays on one core because it is small or has one wide panel.
     */
    @ParameterizedTest(name = "({0}, {1}) · ({1}, {2})")
    @CsvSource({"1, 784, 512", "1, 300, 138", "3, 200, 266", "11, 64, 320", "1, 576, 128", "1, 40, 64",
            "2, 1152, 10"})
    void productsOnBothCoresHaveTheBitsOfOneCore(int m, int k, int n) throws InterruptedException {
        assumeTrue(Products.PACKED);
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing to split");
        SplittableRandom random = new SplittableRandom(m + 5L * k + 11L * n);
        float[] a = random(m * k, random);
        float[] w = packed(random(k * n, random), k, n);
        float[] one = new float[m * n + 1];
        PackedProducts.multiply(a, 0, m, k, w, n, one, 0);
        boolean splits = (long) m * k * n >= 1 << 17 && n >= 2 * PackedProducts.WIDE_PANEL;
        float[] both = new float[m * n + 1];
        both[m * n] = -7f;
        long before = Shards.CLAIMED_RUNS.get();
        // the worker splits a product only while awake: the first call wakes it, a later one finds it spinning
        for (int attempt = 0; attempt < 200 && Shards.CLAIMED_RUNS.get() == before; attempt++) {
            Arrays.fill(both, 0, m * n, Float.NaN);
            PackedProducts.multiplyOnBothCores(a, 0, m, k, w, n, both, 0);
            assertArrayEquals(Arrays.copyOf(one, m * n), Arrays.copyOf(both, m * n));
            if (!splits && attempt == 3) {
                break;
            }
            Thread.sleep(0, 100_000);
        }
        assertEquals(splits, Shards.CLAIMED_RUNS.get() > before, splits ? "ran on both cores" : "stayed on one");
        assertEquals(-7f, both[m * n], "nothing is written past the last row");
    }

    /**
     * Wide panels (six rows at a time, then four, then one), whole panels and a narrow rest: each output the chain
     * of fused multiply-adds over {@code k} in order, from zero, whichever panel and tile computed it; the
     * transpose's packing likewise.
     */
    @ParameterizedTest(name = "({0}, {1}) · ({1}, {2})")
    @CsvSource({"13, 37, 64", "13, 37, 144", "50, 20, 200", "7, 16, 70", "49, 9, 130", "61, 40, 576", "16, 37, 64",
            "10, 20, 128", "53, 9, 192"})
    void productsAreTheScalarChainsInEveryPanel(int m, int k, int n) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m + 3L * k + 7L * n);
        float[] a = random(m * k, random);
        float[] w = random(k * n, random);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int q = 0; q < k; q++) {
                    sum = Math.fma(a[i * k + q], w[q * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        float[] c = new float[m * n];
        PackedProducts.multiply(a, 0, m, k, packed(w, k, n), n, c, 0);
        assertArrayEquals(expected, c, "a · w");
        // the same product as an input gradient's: w given as the (n, k) kernel whose transpose is packed
        float[] kernel = new float[n * k];
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) {
                kernel[j * k + q] = w[q * n + j];
            }
        }
        float[] transposed = new float[PackedProducts.packedSize(k, n)];
        PackedProducts.packTransposed(kernel, n, k, 0, n / 2, transposed);
        PackedProducts.packTransposed(kernel, n, k, n / 2, n, transposed);
        float[] viaTranspose = new float[m * n];
        PackedProducts.multiply(a, 0, m, k, transposed, n, viaTranspose, 0);
        assertArrayEquals(expected, viaTranspose, "a · kernelᵀ");
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

    @ParameterizedTest(name = "({1}, {0})ᵀ · ({1}, {2})")
    @CsvSource({"288, 3872, 64", "9, 700, 32", "13, 257, 10", "144, 300, 16", "7, 5, 20", "25, 513, 45", "6, 1, 32",
            "4, 0, 8", "40, 70, 10", "9, 33, 3", "5, 9, 7", "1, 12, 10"})
    void multipliesTransposedAsAFloat64ReferenceDoes(int m, int k, int n) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m * 17L + k * 5L + n);
        // a's rows are m + 4 wide and the product reads columns [2, m + 2) of them, as a part's rows of a kernel
        int aStride = m + 4;
        int bStride = n + 3;
        float[] a = random(k * aStride + 1, random);
        float[] b = random(k * bStride + 2, random);
        float[] c = new float[m * n + 6];
        Arrays.fill(c, -7f);
        PackedProducts.multiplyTransposed(a, 2, aStride, m, k, b, 1, bStride, n, c, 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int r = 0; r < k; r++) {
                    expected += (double) a[2 + r * aStride + i] * b[1 + r * bStride + j];
                }
                assertEquals(expected, c[3 + i * n + j], 1e-5 * Math.max(1, Math.sqrt(k)), "c[" + i + "," + j + "]");
            }
        }
        for (int at : new int[] {0, 1, 2, 3 + m * n, 4 + m * n, 5 + m * n}) {
            assertEquals(-7f, c[at], "c[" + at + "] is outside the product and stays as it was");
        }
    }

    /**
     * Whichever path computes an output (fewer outputs than a vector: whole vectors spilling onto later rows, then
     * scalar chains; at least a vector: six rows of four, two or one vectors, the last three rows, the rest one at
     * a time), it is the chain of fused multiply-adds over the rows in order. {@code b} has no slack after its
     * last row: the vector reads must stop short of it.
     */
    @ParameterizedTest(name = "{0} rows of {1} outputs over {2}")
    @CsvSource({"23, 10, 300", "23, 3, 300", "23, 15, 300", "23, 1, 300", "9, 32, 600", "41, 37, 600",
            "10, 48, 600", "3, 16, 600", "8, 80, 600", "12, 64, 600", "15, 200, 600"})
    void transposedProductsAreTheScalarChains(int m, int n, int k) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m * 3L + n);
        float[] a = random(k * m, random);
        float[] b = random(k * n, random);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < n; j++) {
                    expected[i * n + j] = Math.fma(a[r * m + i], b[r * n + j], expected[i * n + j]);
                }
            }
        }
        float[] c = new float[m * n];
        PackedProducts.multiplyTransposed(a, 0, m, m, k, b, 0, n, n, c, 0);
        assertArrayEquals(expected, c);
    }

    @Test
    void transposedProductsOfPartsGetTheBitsOfTheWhole() {
        assumeTrue(Products.PACKED);
        int m = 41;
        int k = 530;
        int n = 37;
        SplittableRandom random = new SplittableRandom(11);
        float[] a = random(k * m, random);
        float[] b = random(k * n, random);
        float[] whole = new float[m * n];
        PackedProducts.multiplyTransposed(a, 0, m, m, k, b, 0, n, n, whole, 0);
        float[] parts = new float[m * n];
        PackedProducts.multiplyTransposed(a, 0, m, 17, k, b, 0, n, n, parts, 0);
        PackedProducts.multiplyTransposed(a, 17, m, m - 17, k, b, 0, n, n, parts, 17 * n);
        assertArrayEquals(whole, parts, "each output is one chain over the rows, whichever tile computes it");
    }

    @ParameterizedTest(name = "{0} outputs of {2}, over {1} rows in blocks")
    @CsvSource({"41, 530, 37", "9, 700, 16", "30, 611, 5", "12, 300, 1", "7, 260, 64"})
    void addingBlocksOfRowsContinuesTheChainsOfTheWhole(int m, int k, int n) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m * 5L + k + n);
        float[] a = random(k * m, random);
        float[] b = random(k * n, random);
        float[] whole = new float[m * n];
        PackedProducts.multiplyTransposed(a, 0, m, m, k, b, 0, n, n, whole, 0);
        int stride = PackedProducts.accumulatorStride(n);
        float[] sums = new float[m * stride];
        for (int first = 0, size = 1; first < k; first += size, size = size * 3 + 1) {
            int rows = Math.min(size, k - first);
            PackedProducts.addTransposed(a, first * m, m, m, rows, b, first * n, n, n, sums, 0, stride);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToIntBits(whole[i * n + j]), Float.floatToIntBits(sums[i * stride + j]),
                        "c[" + i + "," + j + "]");
            }
        }
    }

    @ParameterizedTest(name = "({0}, {2}) · ({1}, {2})ᵀ")
    @CsvSource({"64, 288, 64", "5, 1152, 10", "30, 9, 32", "13, 70, 37"})
    void multipliesByAPackedTransposeAsAFloat64ReferenceDoes(int m, int kernelRows, int units) {
        assumeTrue(Products.PACKED);
        SplittableRandom random = new SplittableRandom(m + kernelRows * 3L + units * 7L);
        float[] dz = random(m * units, random);
        float[] w = random(kernelRows * units, random);
        float[] packed = new float[PackedProducts.packedSize(units, kernelRows)];
        PackedProducts.packTransposed(w, kernelRows, units, 0, kernelRows, packed);
        float[] dx = new float[m * kernelRows];
        PackedProducts.multiply(dz, 0, m, units, packed, kernelRows, dx, 0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < kernelRows; j++) {
                double expected = 0;
                for (int u = 0; u < units; u++) {
                    expected += (double) dz[i * units + u] * w[j * units + u];
                }
                assertEquals(expected, dx[i * kernelRows + j], 1e-5 * Math.max(1, Math.sqrt(units)),
                        "dx[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void packingTheTransposeInPartsGivesThePackingOfTheWhole() {
        assumeTrue(Products.PACKED);
        int kernelRows = 75;
        int units = 21;
        float[] w = random(kernelRows * units, new SplittableRandom(13));
        float[] whole = new float[PackedProducts.packedSize(units, kernelRows)];
        PackedProducts.packTransposed(w, kernelRows, units, 0, kernelRows, whole);
        float[] inParts = new float[whole.length];
        PackedProducts.packTransposed(w, kernelRows, units, 37, kernelRows, inParts);
        PackedProducts.packTransposed(w, kernelRows, units, 0, 37, inParts);
        assertArrayEquals(whole, inParts);
    }
}
