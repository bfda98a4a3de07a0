package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward product {@code c = a · w} of a dense or convolutional layer with its kernel {@code w} packed once
 * (when the weights change, not on every call) into panels of {@link #PANEL} columns, each panel's (k, PANEL)
 * values contiguous, computed with the JDK's Vector API. Only loaded when the JVM has the
 * {@code jdk.incubator.vector} module ({@link Products}).
 *
 * <p>Why: OpenBLAS's {@code sgemm} repacks the whole kernel on every call, about 230 µs for a 784×512 kernel on
 * these machines, which dominates a product of a few rows (one image, or a shard of a small batch); with the
 * kernel packed ahead this product of 16 rows took 152 µs where {@code sgemm} took 318, and it reached
 * 112 GFLOP/s on 128 rows where {@code sgemm} reached 95 (docs/performance.md).
 *
 * <p>Every output is one chain of fused multiply-adds over {@code k} in order, from zero: the same bits however
 * many rows are multiplied at once, on whichever shard or core, and with whatever vector width the machine has.
 */
final class PackedProducts {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Columns per panel: two vectors, so that a 6-row tile keeps its 12 accumulators in registers. */
    static final int PANEL = 2 * LANES;
    /** Rows of {@code a} per tile. */
    private static final int TILE_ROWS = 6;
    /** Rows of {@code a} multiplied against every panel before moving on, so that they stay in cache. */
    private static final int BLOCK_ROWS = 48;

    private PackedProducts() {
    }

    /** The length of a (k, n) kernel packed: whole panels, the last one padded with zeros. */
    static int packedSize(int k, int n) {
        return Math.multiplyExact(panels(n) * PANEL, k);
    }

    private static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /** Packs rows {@code [fromRow, toRow)} of the row-major (k, n) {@code w} into {@code packed}. */
    static void pack(float[] w, int k, int n, int fromRow, int toRow, float[] packed) {
        for (int p = 0, panels = panels(n); p < panels; p++) {
            int column = p * PANEL;
            int width = Math.min(PANEL, n - column);
            for (int row = fromRow; row < toRow; row++) {
                int to = (p * k + row) * PANEL;
                System.arraycopy(w, row * n + column, packed, to, width);
                if (width < PANEL) {
                    java.util.Arrays.fill(packed, to + width, to + PANEL, 0f);
                }
            }
        }
    }

    /**
     * {@code c[cOffset ..] = a[aOffset ..] · w} for {@code m} rows: {@code a} row-major (m, k), {@code c} row-major
     * (m, n), {@code w} as {@link #pack} left it. Allocates nothing once the JIT has compiled it.
     */
    static void multiply(float[] a, int aOffset, int m, int k, float[] packed, int n, float[] c, int cOffset) {
        int panels = panels(n);
        for (int block = 0; block < m; block += BLOCK_ROWS) {
            int blockEnd = Math.min(m, block + BLOCK_ROWS);
            for (int p = 0; p < panels; p++) {
                int column = p * PANEL;
                int width = Math.min(PANEL, n - column);
                int panel = p * k * PANEL;
                int row = block;
                if (width == PANEL) {
                    for (; row + TILE_ROWS <= blockEnd; row += TILE_ROWS) {
                        tile(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, n);
                    }
                    for (; row < blockEnd; row++) {
                        oneRow(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column);
                    }
                } else {
                    for (; row < blockEnd; row++) {
                        partialRow(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, width);
                    }
                }
            }
        }
    }

    /**
     * One row against the last panel, narrower than a panel ({@code width} columns), in scalar fused multiply-adds
     * straight into {@code c}: the same operations in the same order as a vector lane's, so the same bits. (Vector
     * stores into a scratch tile copied out with {@code arraycopy} gave, rarely and only with several threads, wrong
     * values on JDK 17; a masked store boxes the vectors there.)
     */
    private static void partialRow(float[] a, int a0, int k, float[] packed, int panel, float[] c, int c0,
                                   int width) {
        java.util.Arrays.fill(c, c0, c0 + width, 0f);
        for (int i = 0; i < k; i++) {
            float x = a[a0 + i];
            int w = panel + i * PANEL;
            for (int j = 0; j < width; j++) {
                c[c0 + j] = Math.fma(x, packed[w + j], c[c0 + j]);
            }
        }
    }

    /**
     * Six rows of {@code a} against one panel into {@code out} (rows {@code stride} apart): 12 accumulators, two
     * vectors of the panel and one broadcast, all in registers. Nothing here calls out with a vector, which
     * would make the JIT box them.
     */
    private static void tile(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at, int stride) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int a4 = a3 + k;
        int a5 = a4 + k;
        for (int i = 0; i < k; i++) {
            int w = panel + i * PANEL;
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, w + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + i]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + i]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + i]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + i]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + i]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + i]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
        }
        c00.intoArray(out, at);
        c01.intoArray(out, at + LANES);
        c10.intoArray(out, at + stride);
        c11.intoArray(out, at + stride + LANES);
        c20.intoArray(out, at + 2 * stride);
        c21.intoArray(out, at + 2 * stride + LANES);
        c30.intoArray(out, at + 3 * stride);
        c31.intoArray(out, at + 3 * stride + LANES);
        c40.intoArray(out, at + 4 * stride);
        c41.intoArray(out, at + 4 * stride + LANES);
        c50.intoArray(out, at + 5 * stride);
        c51.intoArray(out, at + 5 * stride + LANES);
    }

    /** One row of {@code a} against one panel, in the same order of operations as {@link #tile}. */
    private static void oneRow(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        for (int i = 0; i < k; i++) {
            int w = panel + i * PANEL;
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, w + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + i]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
        }
        c00.intoArray(out, at);
        c01.intoArray(out, at + LANES);
    }
}
