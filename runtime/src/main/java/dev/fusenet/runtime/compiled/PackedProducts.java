package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward product {@code c = a · w} of a dense or convolutional layer with its kernel {@code w} packed once
 * (when the weights change, not on every call) into panels of {@link #WIDE_PANEL} columns, then of {@link #PANEL}
 * columns for the rest, each panel's (k, width) values contiguous, computed with the JDK's Vector API. Only loaded when the JVM has the
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
    /**
     * Columns per wide panel: four vectors, a 6-row tile's 24 accumulators, so that each broadcast of {@code a}
     * feeds four multiply-adds instead of two (measured: 5–13 % more GFLOP/s on 64 to 576 columns). A kernel's
     * first {@link #wideColumns} columns are packed in wide panels, the rest in {@link #PANEL}s after them.
     */
    static final int WIDE_PANEL = 4 * LANES;
    /** Rows of {@code a} per tile. */
    private static final int TILE_ROWS = 6;
    /** Rows of {@code a} multiplied against every panel before moving on, so that they stay in cache. */
    private static final int BLOCK_ROWS = 48;

    private PackedProducts() {
    }

    /** The length of a (k, n) kernel packed: wide panels, then whole panels, the last one padded with zeros. */
    static int packedSize(int k, int n) {
        int wide = wideColumns(n);
        return Math.addExact(Math.multiplyExact(wide, k), Math.multiplyExact(panels(n - wide) * PANEL, k));
    }

    /** The columns of an {@code n}-column kernel that are packed in wide panels. */
    private static int wideColumns(int n) {
        return n - n % WIDE_PANEL;
    }

    private static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /** Packs rows {@code [fromRow, toRow)} of the row-major (k, n) {@code w} into {@code packed}. */
    static void pack(float[] w, int k, int n, int fromRow, int toRow, float[] packed) {
        int wide = wideColumns(n);
        for (int p = 0; p < wide / WIDE_PANEL; p++) {
            for (int row = fromRow; row < toRow; row++) {
                System.arraycopy(w, row * n + p * WIDE_PANEL, packed, (p * k + row) * WIDE_PANEL, WIDE_PANEL);
            }
        }
        int rest = wide * k;
        for (int p = 0, panels = panels(n - wide); p < panels; p++) {
            int column = wide + p * PANEL;
            int width = Math.min(PANEL, n - column);
            for (int row = fromRow; row < toRow; row++) {
                int to = rest + (p * k + row) * PANEL;
                System.arraycopy(w, row * n + column, packed, to, width);
                if (width < PANEL) {
                    java.util.Arrays.fill(packed, to + width, to + PANEL, 0f);
                }
            }
        }
    }

    /**
     * Packs rows {@code [fromRow, toRow)} of the row-major (k, n) {@code w} as columns of its transpose, the
     * (n, k) matrix {@code wᵀ}, into {@code packed} (of {@link #packedSize}{@code (n, k)}), for the input gradient
     * {@code dz · wᵀ}. Parts of the rows write disjoint values, so the shards pack their parts at once; the last
     * panel's padding is never written, so {@code packed} must start zeroed.
     */
    static void packTransposed(float[] w, int k, int n, int fromRow, int toRow, float[] packed) {
        int wide = wideColumns(k);
        packTransposed(w, n, fromRow, Math.min(toRow, wide), 0, WIDE_PANEL, 0, packed);
        packTransposed(w, n, Math.max(fromRow, wide), toRow, wide, PANEL, wide * n, packed);
    }

    /**
     * Rows {@code [fromRow, toRow)} of {@code w} into the panels of {@code width} columns that start at {@code w}'s
     * row {@code first}, from {@code offset}: a panel's rows at a time, column by column, so that reads stay within
     * those rows' cache lines and writes run on.
     */
    private static void packTransposed(float[] w, int n, int fromRow, int toRow, int first, int width, int offset,
                                       float[] packed) {
        for (int panelStart = fromRow - (fromRow - first) % width; panelStart < toRow; panelStart += width) {
            int from = Math.max(fromRow, panelStart);
            int to = Math.min(toRow, panelStart + width);
            int panel = offset + (panelStart - first) * n;
            for (int i = 0; i < n; i++) {
                int at = panel + i * width - panelStart;
                for (int row = from; row < to; row++) {
                    packed[at + row] = w[row * n + i];
                }
            }
        }
    }


    /**
     * {@code c[cOffset ..] = a[aOffset ..] · w} for {@code m} rows: {@code a} row-major (m, k), {@code c} row-major
     * (m, n), {@code w} as {@link #pack} left it. Allocates nothing once the JIT has compiled it.
     */
    static void multiply(float[] a, int aOffset, int m, int k, float[] packed, int n, float[] c, int cOffset) {
        multiply(a, aOffset, m, k, packed, n, c, cOffset, 0, wideColumns(n) / WIDE_PANEL, true);
    }

    /** Multiply-adds below which handing half a product to the other core costs more than it saves. */
    private static final long SPLIT_MULTIPLY_ADDS = 1 << 17;
    /** The product {@link #multiplyOnBothCores} hands over: written only by the thread that holds the worker. */
    private static final SplitProduct SPLIT = new SplitProduct();

    /**
     * Whether {@code m} rows times a (k, n) kernel are worth splitting by rows between the cores, each core making
     * its own rows of {@code a} (a convolution's windows, see {@link Conv2DLayer#forward}): a tile of rows for
     * each and enough work to pay for the hand-off.
     */
    static boolean worthSplittingRows(int m, int k, int n) {
        return m >= 2 * TILE_ROWS && (long) m * k * n >= SPLIT_MULTIPLY_ADDS;
    }

    /**
     * {@link #multiply} on both cores when the caller runs alone and the worker is idle and awake (a forward pass of
     * one sample in a serving loop, see {@link Shards#claimIdleWorker}): a product of a few rows shares its wide
     * panels with the worker ({@link SharedParts}), so that each core reads about half the kernel (a 784×512
     * kernel, 1.6 MB, does not fit one core's L2; its halves do). Many rows stay on one core: the worker would read
     * its half of them from this core's cache (a convolution splits its windows instead, see
     * {@link Conv2DLayer#forward}). Every output is the same chain as in {@link #multiply}, so the same bits.
     */
    static void multiplyOnBothCores(float[] a, int aOffset, int m, int k, float[] packed, int n, float[] c,
                                    int cOffset) {
        int wides = wideColumns(n) / WIDE_PANEL;
        if (m < 2 * TILE_ROWS && wides >= 2 && (long) m * k * n >= SPLIT_MULTIPLY_ADDS && Shards.claimIdleWorker()) {
            SPLIT.set(a, aOffset, m, k, packed, n, c, cOffset);
            try {
                // the narrow panels and wide panel 0 on this core first: the narrow panels' stores run onto the
                // next rows' first columns, which wide panel 0 then writes (see narrowColumns)
                SPLIT.runShared(wides, 1);
            } finally {
                SPLIT.clear();
            }
        } else {
            multiply(a, aOffset, m, k, packed, n, c, cOffset);
        }
    }

    /** A product of a few rows as parts of one wide panel each, the first also doing the narrow panels. */
    private static final class SplitProduct extends SharedParts {
        private float[] a;
        private int aOffset;
        private int m;
        private int k;
        private float[] packed;
        private int n;
        private float[] c;
        private int cOffset;

        void set(float[] a, int aOffset, int m, int k, float[] packed, int n, float[] c, int cOffset) {
            this.a = a;
            this.aOffset = aOffset;
            this.m = m;
            this.k = k;
            this.packed = packed;
            this.n = n;
            this.c = c;
            this.cOffset = cOffset;
        }

        /** Lets go of the arrays, so that a model that is no longer used is not kept alive through them. */
        void clear() {
            a = null;
            packed = null;
            c = null;
        }

        @Override
        void part(int part, int shard) {
            multiply(a, aOffset, m, k, packed, n, c, cOffset, part, part + 1, part == 0);
        }
    }

    /**
     * {@link #multiply}'s wide panels {@code [firstWide, endWide)} and, where {@code narrow}, the narrow panels,
     * which then come first.
     */
    private static void multiply(float[] a, int aOffset, int m, int k, float[] packed, int n, float[] c, int cOffset,
                                 int firstWide, int endWide, boolean narrow) {
        int wide = wideColumns(n);
        int rest = wide * k;
        int panels = narrow ? panels(n - wide) : 0;
        for (int block = 0; block < m; block += BLOCK_ROWS) {
            int blockEnd = Math.min(m, block + BLOCK_ROWS);
            // the narrow panels first, the last of them first: its narrow columns' vector stores run past their
            // row's end onto the next rows' first columns (see narrowColumns), which the wide panels write after
            for (int p = panels - 1; p >= 0; p--) {
                int column = wide + p * PANEL;
                int width = Math.min(PANEL, n - column);
                int panel = rest + p * k * PANEL;
                int row = block;
                if (width == PANEL) {
                    for (; row + TILE_ROWS <= blockEnd; row += TILE_ROWS) {
                        tile(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, n);
                    }
                    for (; row < blockEnd; row++) {
                        oneRow(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column);
                    }
                } else {
                    int vectorWidth = width >= LANES ? LANES : 0;
                    narrowColumns(a, aOffset, k, packed, panel + vectorWidth, n, c, cOffset + column + vectorWidth,
                            width - vectorWidth, block, blockEnd, cOffset + m * n);
                    if (vectorWidth > 0) {
                        for (; row + TILE_ROWS <= blockEnd; row += TILE_ROWS) {
                            halfTile(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, n);
                        }
                        for (int one = row; one < blockEnd; one++) {
                            halfRow(a, aOffset + one * k, k, packed, panel, c, cOffset + one * n + column);
                        }
                    }
                }
            }
            for (int p = firstWide; p < endWide; p++) {
                int column = p * WIDE_PANEL;
                int panel = p * k * WIDE_PANEL;
                int row = block;
                for (; row + TILE_ROWS <= blockEnd; row += TILE_ROWS) {
                    wideTile(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, n);
                }
                if (row + QUARTER_ROWS <= blockEnd) {
                    // four rows left (a shard of 16 or 64 rows): a tile, not four rows one at a time
                    wideQuarterTile(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column, n);
                    row += QUARTER_ROWS;
                }
                for (; row < blockEnd; row++) {
                    wideRow(a, aOffset + row * k, k, packed, panel, c, cOffset + row * n + column);
                }
            }
        }
    }

    /**
     * Rows {@code [block, blockEnd)} of the last panel's {@code width} columns past its whole vectors (fewer than a
     * vector; {@code at} is row 0's first), a whole vector per row: a row's store runs {@code LANES - width} values
     * past its end, onto the next rows' first columns, whose own products {@link #multiply} writes after (it does
     * this panel's narrow columns first, then the rest, rows and blocks in order). The padded lanes multiply the
     * packing's zero columns. The last rows, whose stores would pass {@code end} (the end of the call's rows), run
     * {@link #partialRow}: the same chains, so the same bits.
     */
    private static void narrowColumns(float[] a, int aOffset, int k, float[] packed, int panel, int n, float[] c,
                                      int at, int width, int block, int blockEnd, int end) {
        if (width == 0) {
            return;
        }
        // row r's store ends at at + r·n + LANES
        int storable = end - at - LANES < 0 ? 0 : (end - at - LANES) / n + 1;
        int vectorRows = Math.max(block, Math.min(blockEnd, storable));
        int row = block;
        for (; row + TILE_ROWS <= vectorRows; row += TILE_ROWS) {
            halfTile(a, aOffset + row * k, k, packed, panel, c, at + row * n, n);
        }
        for (; row < vectorRows; row++) {
            halfRow(a, aOffset + row * k, k, packed, panel, c, at + row * n);
        }
        for (; row < blockEnd; row++) {
            partialRow(a, aOffset + row * k, k, packed, panel, c, at + row * n, width);
        }
    }

    /**
     * One row against columns of the last, narrower panel ({@code width} columns from {@code panel}'s first, fewer
     * than a vector): {@link #halfRow}'s chains, the lanes past {@code width} multiplying the packing's zeros, and
     * only the first {@code width} lanes written to {@code c}, one at a time, so that nothing is stored past the
     * row. (A scalar chain per column through memory took 9 µs of a one-image convnet's 70 for its 1152×10 output
     * layer. Vector stores into a scratch tile copied out with {@code arraycopy} gave, rarely and only with several
     * threads, wrong values on JDK 17; a masked store boxes the vectors there.)
     */
    private static void partialRow(float[] a, int a0, int k, float[] packed, int panel, float[] c, int c0,
                                   int width) {
        if (width == 0) {
            return;
        }
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int i = 0; i < k; i++) {
            sum = FloatVector.broadcast(SPECIES, a[a0 + i]).fma(FloatVector.fromArray(SPECIES, packed,
                    panel + i * PANEL), sum);
        }
        for (int j = 0; j < width; j++) {
            c[c0 + j] = sum.lane(j);
        }
    }

    /** Six rows against the first vector of a panel: the {@link #tile} of a panel narrower than two vectors. */
    private static void halfTile(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at,
                                 int stride) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int a4 = a3 + k;
        int a5 = a4 + k;
        for (int i = 0; i < k; i++) {
            FloatVector w = FloatVector.fromArray(SPECIES, packed, panel + i * PANEL);
            c0 = FloatVector.broadcast(SPECIES, a[a0 + i]).fma(w, c0);
            c1 = FloatVector.broadcast(SPECIES, a[a1 + i]).fma(w, c1);
            c2 = FloatVector.broadcast(SPECIES, a[a2 + i]).fma(w, c2);
            c3 = FloatVector.broadcast(SPECIES, a[a3 + i]).fma(w, c3);
            c4 = FloatVector.broadcast(SPECIES, a[a4 + i]).fma(w, c4);
            c5 = FloatVector.broadcast(SPECIES, a[a5 + i]).fma(w, c5);
        }
        c0.intoArray(out, at);
        c1.intoArray(out, at + stride);
        c2.intoArray(out, at + 2 * stride);
        c3.intoArray(out, at + 3 * stride);
        c4.intoArray(out, at + 4 * stride);
        c5.intoArray(out, at + 5 * stride);
    }

    /** One row against the first vector of a panel, in the order of {@link #halfTile}. */
    private static void halfRow(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        for (int i = 0; i < k; i++) {
            c0 = FloatVector.broadcast(SPECIES, a[a0 + i]).fma(FloatVector.fromArray(SPECIES, packed,
                    panel + i * PANEL), c0);
        }
        c0.intoArray(out, at);
    }

    /**
     * {@code c[cOffset ..] = aᵀ · b}, the weight gradient's product: {@code a} is {@code k} rows of {@code m}
     * values from {@code aOffset}, {@code aStride} apart (a layer's inputs or patches, or some of their columns),
     * {@code b} is {@code k} rows of {@code n} values from {@code bOffset}, {@code bStride} apart (the gradient with
     * respect to the pre-activations), {@code c} row-major (m, n). Neither needs packing: a tile broadcasts six
     * consecutive values of one row of {@code a} against two vectors of the same row of {@code b}. Every output is
     * one chain of fused multiply-adds over the rows in order, from zero: the rows are taken {@link #SUM_ROWS} at a
     * time (so that both stay in cache) with the partial sums kept in {@code c} between, which stores and reloads
     * them exactly.
     */
    static void multiplyTransposed(float[] a, int aOffset, int aStride, int m, int k, float[] b, int bOffset,
                                   int bStride, int n, float[] c, int cOffset) {
        // every tile adds to what c holds, so c starts at zero: one path for every block of rows, and no vector
        // chosen at a branch between zero and c's values
        java.util.Arrays.fill(c, cOffset, cOffset + m * n, 0f);
        if (n < LANES) {
            narrowTransposed(a, aOffset, aStride, m, k, b, bOffset, bStride, n, c, cOffset);
            return;
        }
        addTiles(a, aOffset, aStride, m, k, b, bOffset, bStride, n, c, cOffset, n);
    }

    /**
     * {@code c[cOffset ..] += aᵀ · b}, {@link #multiplyTransposed} continuing the chains that {@code c} holds, its
     * rows {@code cStride} apart: for a kernel gradient summed over blocks of rows taken in order, which gives the
     * same bits as one call over all of them. Fewer than a vector of outputs per row need {@code cStride} at least
     * {@link #accumulatorStride}, so that each row's vector stays its own.
     */
    static void addTransposed(float[] a, int aOffset, int aStride, int m, int k, float[] b, int bOffset,
                              int bStride, int n, float[] c, int cOffset, int cStride) {
        if (n < LANES) {
            if (cStride < LANES) {
                throw new IllegalArgumentException("addTransposed: " + n + " outputs a row need rows " + LANES
                        + " apart, not " + cStride);
            }
            int readable = readableRows(b, bOffset, bStride, k);
            for (int i = 0; i < m; i++) {
                int at = cOffset + i * cStride;
                FloatVector sum = FloatVector.fromArray(SPECIES, c, at);
                for (int r = 0; r < readable; r++) {
                    sum = FloatVector.broadcast(SPECIES, a[aOffset + r * aStride + i])
                            .fma(FloatVector.fromArray(SPECIES, b, bOffset + r * bStride), sum);
                }
                sum.intoArray(c, at);
                scalarChains(a, aOffset + i, aStride, b, bOffset, bStride, readable, k, c, at, n);
            }
            return;
        }
        addTiles(a, aOffset, aStride, m, k, b, bOffset, bStride, n, c, cOffset, cStride);
    }

    /** The row stride {@link #addTransposed} needs for {@code n} outputs a row: {@code n}, or a whole vector. */
    static int accumulatorStride(int n) {
        return Math.max(n, LANES);
    }

    /** How many of {@code b}'s {@code k} rows a whole vector can be read from without passing the array's end. */
    private static int readableRows(float[] b, int bOffset, int bStride, int k) {
        return b.length - bOffset - LANES < 0 ? 0 : Math.min(k, (b.length - bOffset - LANES) / bStride + 1);
    }

    /** The tiles of {@link #addTransposed} for at least a vector of outputs per row. */
    private static void addTiles(float[] a, int aOffset, int aStride, int m, int k, float[] b, int bOffset,
                                 int bStride, int n, float[] c, int cOffset, int cStride) {
        for (int r0 = 0; r0 < k; r0 += SUM_ROWS) {
            int r1 = Math.min(k, r0 + SUM_ROWS);
            int row = 0;
            for (; row + TILE_ROWS <= m; row += TILE_ROWS) {
                int column = 0;
                for (; column + WIDE_PANEL <= n; column += WIDE_PANEL) {
                    wideTileTransposed(a, aOffset + row, aStride, b, bOffset + column, bStride, r0, r1, c,
                            cOffset + row * cStride + column, cStride);
                }
                for (; column + PANEL <= n; column += PANEL) {
                    tileTransposed(a, aOffset + row, aStride, b, bOffset + column, bStride, r0, r1, c,
                            cOffset + row * cStride + column, cStride);
                }
                if (column + LANES <= n) {
                    halfTileTransposed(a, aOffset + row, aStride, b, bOffset + column, bStride, r0, r1, c,
                            cOffset + row * cStride + column, cStride);
                    column += LANES;
                }
                for (int i = row; i < row + TILE_ROWS && column < n; i++) {
                    restTransposed(a, aOffset + i, aStride, b, bOffset, bStride, r0, r1, c, cOffset + i * cStride,
                            column, n);
                }
            }
            if (row + THIRD_ROWS <= m) {
                // three rows left (a 3×3 window's nine kernel rows): six chains at once, not one at a time
                int column = 0;
                for (; column + PANEL <= n; column += PANEL) {
                    thirdTileTransposed(a, aOffset + row, aStride, b, bOffset + column, bStride, r0, r1, c,
                            cOffset + row * cStride + column, cStride);
                }
                for (int i = row; i < row + THIRD_ROWS && column < n; i++) {
                    restTransposed(a, aOffset + i, aStride, b, bOffset, bStride, r0, r1, c, cOffset + i * cStride,
                            column, n);
                }
                row += THIRD_ROWS;
            }
            for (; row < m; row++) {
                restTransposed(a, aOffset + row, aStride, b, bOffset, bStride, r0, r1, c,
                        cOffset + row * cStride, 0, n);
            }
        }
    }

    /** Rows of {@link #thirdTileTransposed}. */
    private static final int THIRD_ROWS = 3;

    /** Three outputs' rows against a panel of {@code b}'s columns: {@link #tileTransposed} for the last rows. */
    private static void thirdTileTransposed(float[] a, int a0, int aStride, float[] b, int b0, int bStride,
                                            int r0, int r1, float[] c, int at, int stride) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, at);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, at + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, at + stride);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, at + stride + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, at + 2 * stride);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, at + 2 * stride + LANES);
        for (int r = r0; r < r1; r++) {
            int x0 = a0 + r * aStride;
            int w = b0 + r * bStride;
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, w + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[x0]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(SPECIES, a[x0 + 1]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(SPECIES, a[x0 + 2]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + LANES);
        c10.intoArray(c, at + stride);
        c11.intoArray(c, at + stride + LANES);
        c20.intoArray(c, at + 2 * stride);
        c21.intoArray(c, at + 2 * stride + LANES);
    }

    /**
     * {@link #multiplyTransposed} of fewer than a vector of outputs per row (a 10-class head's kernel gradient): an
     * output row's chains over all {@code k} rows at once, a whole vector of {@code b}'s row per step, each row's
     * store running past its end onto the next rows, which are written after; the padded lanes read the next
     * row of {@code b} and are overwritten. Rows of {@code b} a vector could read past the array's end, and the
     * output rows a store would carry past the call's, continue or run in scalar fused multiply-adds on what
     * {@code c} holds: each output is the same chain as the blocked product's, so the same bits.
     */
    private static void narrowTransposed(float[] a, int aOffset, int aStride, int m, int k, float[] b, int bOffset,
                                         int bStride, int n, float[] c, int cOffset) {
        int end = cOffset + m * n;
        int storable = end - cOffset - LANES < 0 ? 0 : (end - cOffset - LANES) / n + 1;
        int vectorRows = Math.min(m, storable);
        int readable = readableRows(b, bOffset, bStride, k);
        for (int i = 0; i < vectorRows; i++) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int r = 0; r < readable; r++) {
                sum = FloatVector.broadcast(SPECIES, a[aOffset + r * aStride + i])
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + r * bStride), sum);
            }
            sum.intoArray(c, cOffset + i * n);
            scalarChains(a, aOffset + i, aStride, b, bOffset, bStride, readable, k, c, cOffset + i * n, n);
        }
        java.util.Arrays.fill(c, cOffset + vectorRows * n, end, 0f); // what the last stores carried there
        for (int i = vectorRows; i < m; i++) {
            scalarChains(a, aOffset + i, aStride, b, bOffset, bStride, 0, k, c, cOffset + i * n, n);
        }
    }

    /** Output row {@code at}'s {@code n} chains continued over rows {@code [r0, r1)}, in scalar fused multiply-adds. */
    private static void scalarChains(float[] a, int a0, int aStride, float[] b, int b0, int bStride, int r0, int r1,
                                     float[] c, int at, int n) {
        for (int r = r0; r < r1; r++) {
            float x = a[a0 + r * aStride];
            int w = b0 + r * bStride;
            for (int j = 0; j < n; j++) {
                c[at + j] = Math.fma(x, b[w + j], c[at + j]);
            }
        }
    }

    /** Rows of {@code a} summed at a time by {@link #multiplyTransposed}. */
    private static final int SUM_ROWS = 256;

    /**
     * Six outputs' rows against a panel of {@code b}'s columns over rows {@code [r0, r1)}, added to what {@code c}
     * holds.
     */
    private static void tileTransposed(float[] a, int a0, int aStride, float[] b, int b0, int bStride,
                                       int r0, int r1, float[] c, int at, int stride) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, at);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, at + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, at + stride);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, at + stride + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, at + 2 * stride);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, at + 2 * stride + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, at + 3 * stride);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, at + 3 * stride + LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, c, at + 4 * stride);
        FloatVector c41 = FloatVector.fromArray(SPECIES, c, at + 4 * stride + LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, c, at + 5 * stride);
        FloatVector c51 = FloatVector.fromArray(SPECIES, c, at + 5 * stride + LANES);
        for (int r = r0; r < r1; r++) {
            int x0 = a0 + r * aStride;
            int w = b0 + r * bStride;
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, w + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[x0]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(SPECIES, a[x0 + 1]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(SPECIES, a[x0 + 2]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(SPECIES, a[x0 + 3]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            x = FloatVector.broadcast(SPECIES, a[x0 + 4]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            x = FloatVector.broadcast(SPECIES, a[x0 + 5]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + LANES);
        c10.intoArray(c, at + stride);
        c11.intoArray(c, at + stride + LANES);
        c20.intoArray(c, at + 2 * stride);
        c21.intoArray(c, at + 2 * stride + LANES);
        c30.intoArray(c, at + 3 * stride);
        c31.intoArray(c, at + 3 * stride + LANES);
        c40.intoArray(c, at + 4 * stride);
        c41.intoArray(c, at + 4 * stride + LANES);
        c50.intoArray(c, at + 5 * stride);
        c51.intoArray(c, at + 5 * stride + LANES);
    }

    /**
     * Six outputs' rows against four vectors of {@code b}'s columns: {@link #tileTransposed} wider, 24 accumulators,
     * so that each broadcast feeds four multiply-adds.
     */
    private static void wideTileTransposed(float[] a, int a0, int aStride, float[] b, int b0, int bStride,
                                           int r0, int r1, float[] c, int at, int stride) {
        int at1 = at + stride;
        int at2 = at1 + stride;
        int at3 = at2 + stride;
        int at4 = at3 + stride;
        int at5 = at4 + stride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, at);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, at + LANES);
        FloatVector c02 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
        FloatVector c03 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, at1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, at1 + LANES);
        FloatVector c12 = FloatVector.fromArray(SPECIES, c, at1 + 2 * LANES);
        FloatVector c13 = FloatVector.fromArray(SPECIES, c, at1 + 3 * LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, at2);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, at2 + LANES);
        FloatVector c22 = FloatVector.fromArray(SPECIES, c, at2 + 2 * LANES);
        FloatVector c23 = FloatVector.fromArray(SPECIES, c, at2 + 3 * LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, at3);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, at3 + LANES);
        FloatVector c32 = FloatVector.fromArray(SPECIES, c, at3 + 2 * LANES);
        FloatVector c33 = FloatVector.fromArray(SPECIES, c, at3 + 3 * LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, c, at4);
        FloatVector c41 = FloatVector.fromArray(SPECIES, c, at4 + LANES);
        FloatVector c42 = FloatVector.fromArray(SPECIES, c, at4 + 2 * LANES);
        FloatVector c43 = FloatVector.fromArray(SPECIES, c, at4 + 3 * LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, c, at5);
        FloatVector c51 = FloatVector.fromArray(SPECIES, c, at5 + LANES);
        FloatVector c52 = FloatVector.fromArray(SPECIES, c, at5 + 2 * LANES);
        FloatVector c53 = FloatVector.fromArray(SPECIES, c, at5 + 3 * LANES);
        for (int r = r0; r < r1; r++) {
            int x0 = a0 + r * aStride;
            int w = b0 + r * bStride;
            FloatVector w0 = FloatVector.fromArray(SPECIES, b, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, b, w + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, b, w + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, b, w + 3 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[x0]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            c02 = x.fma(w2, c02);
            c03 = x.fma(w3, c03);
            x = FloatVector.broadcast(SPECIES, a[x0 + 1]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            c12 = x.fma(w2, c12);
            c13 = x.fma(w3, c13);
            x = FloatVector.broadcast(SPECIES, a[x0 + 2]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            c22 = x.fma(w2, c22);
            c23 = x.fma(w3, c23);
            x = FloatVector.broadcast(SPECIES, a[x0 + 3]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            c32 = x.fma(w2, c32);
            c33 = x.fma(w3, c33);
            x = FloatVector.broadcast(SPECIES, a[x0 + 4]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            c42 = x.fma(w2, c42);
            c43 = x.fma(w3, c43);
            x = FloatVector.broadcast(SPECIES, a[x0 + 5]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
            c52 = x.fma(w2, c52);
            c53 = x.fma(w3, c53);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + LANES);
        c02.intoArray(c, at + 2 * LANES);
        c03.intoArray(c, at + 3 * LANES);
        c10.intoArray(c, at1);
        c11.intoArray(c, at1 + LANES);
        c12.intoArray(c, at1 + 2 * LANES);
        c13.intoArray(c, at1 + 3 * LANES);
        c20.intoArray(c, at2);
        c21.intoArray(c, at2 + LANES);
        c22.intoArray(c, at2 + 2 * LANES);
        c23.intoArray(c, at2 + 3 * LANES);
        c30.intoArray(c, at3);
        c31.intoArray(c, at3 + LANES);
        c32.intoArray(c, at3 + 2 * LANES);
        c33.intoArray(c, at3 + 3 * LANES);
        c40.intoArray(c, at4);
        c41.intoArray(c, at4 + LANES);
        c42.intoArray(c, at4 + 2 * LANES);
        c43.intoArray(c, at4 + 3 * LANES);
        c50.intoArray(c, at5);
        c51.intoArray(c, at5 + LANES);
        c52.intoArray(c, at5 + 2 * LANES);
        c53.intoArray(c, at5 + 3 * LANES);
    }

    /** Six outputs' rows against one vector of {@code b}'s columns: {@link #tileTransposed} narrower. */
    private static void halfTileTransposed(float[] a, int a0, int aStride, float[] b, int b0, int bStride,
                                           int r0, int r1, float[] c, int at, int stride) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, at + stride);
        FloatVector c2 = FloatVector.fromArray(SPECIES, c, at + 2 * stride);
        FloatVector c3 = FloatVector.fromArray(SPECIES, c, at + 3 * stride);
        FloatVector c4 = FloatVector.fromArray(SPECIES, c, at + 4 * stride);
        FloatVector c5 = FloatVector.fromArray(SPECIES, c, at + 5 * stride);
        for (int r = r0; r < r1; r++) {
            int x0 = a0 + r * aStride;
            FloatVector w = FloatVector.fromArray(SPECIES, b, b0 + r * bStride);
            c0 = FloatVector.broadcast(SPECIES, a[x0]).fma(w, c0);
            c1 = FloatVector.broadcast(SPECIES, a[x0 + 1]).fma(w, c1);
            c2 = FloatVector.broadcast(SPECIES, a[x0 + 2]).fma(w, c2);
            c3 = FloatVector.broadcast(SPECIES, a[x0 + 3]).fma(w, c3);
            c4 = FloatVector.broadcast(SPECIES, a[x0 + 4]).fma(w, c4);
            c5 = FloatVector.broadcast(SPECIES, a[x0 + 5]).fma(w, c5);
        }
        c0.intoArray(c, at);
        c1.intoArray(c, at + stride);
        c2.intoArray(c, at + 2 * stride);
        c3.intoArray(c, at + 3 * stride);
        c4.intoArray(c, at + 4 * stride);
        c5.intoArray(c, at + 5 * stride);
    }

    /**
     * One output row's columns {@code [from, n)} over rows {@code [r0, r1)}, for the rows and columns the tiles
     * leave: a vector at a time while one fits, then scalar fused multiply-adds, each in the order of a lane of
     * {@link #tileTransposed}.
     */
    private static void restTransposed(float[] a, int a0, int aStride, float[] b, int b0, int bStride, int r0,
                                       int r1, float[] c, int at, int from, int n) {
        int column = from;
        for (; column + LANES <= n; column += LANES) {
            FloatVector sum = FloatVector.fromArray(SPECIES, c, at + column);
            for (int r = r0; r < r1; r++) {
                sum = FloatVector.broadcast(SPECIES, a[a0 + r * aStride]).fma(
                        FloatVector.fromArray(SPECIES, b, b0 + r * bStride + column), sum);
            }
            sum.intoArray(c, at + column);
        }
        if (column == n) {
            return;
        }
        for (int r = r0; r < r1; r++) {
            float x = a[a0 + r * aStride];
            int w = b0 + r * bStride;
            for (int j = column; j < n; j++) {
                c[at + j] = Math.fma(x, b[w + j], c[at + j]);
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

    /**
     * Six rows of {@code a} against one wide panel: 24 accumulators, four vectors of the panel and one broadcast,
     * all in registers (AVX-512 has 32); the same chains as {@link #tile}.
     */
    private static void wideTile(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at,
                                 int stride) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c42 = c00;
        FloatVector c43 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c52 = c00;
        FloatVector c53 = c00;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int a4 = a3 + k;
        int a5 = a4 + k;
        for (int i = 0; i < k; i++) {
            int w = panel + i * WIDE_PANEL;
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, w + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, packed, w + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, packed, w + 3 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + i]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            c02 = x.fma(w2, c02);
            c03 = x.fma(w3, c03);
            x = FloatVector.broadcast(SPECIES, a[a1 + i]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            c12 = x.fma(w2, c12);
            c13 = x.fma(w3, c13);
            x = FloatVector.broadcast(SPECIES, a[a2 + i]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            c22 = x.fma(w2, c22);
            c23 = x.fma(w3, c23);
            x = FloatVector.broadcast(SPECIES, a[a3 + i]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            c32 = x.fma(w2, c32);
            c33 = x.fma(w3, c33);
            x = FloatVector.broadcast(SPECIES, a[a4 + i]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            c42 = x.fma(w2, c42);
            c43 = x.fma(w3, c43);
            x = FloatVector.broadcast(SPECIES, a[a5 + i]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
            c52 = x.fma(w2, c52);
            c53 = x.fma(w3, c53);
        }
        c00.intoArray(out, at);
        c01.intoArray(out, at + LANES);
        c02.intoArray(out, at + 2 * LANES);
        c03.intoArray(out, at + 3 * LANES);
        at += stride;
        c10.intoArray(out, at);
        c11.intoArray(out, at + LANES);
        c12.intoArray(out, at + 2 * LANES);
        c13.intoArray(out, at + 3 * LANES);
        at += stride;
        c20.intoArray(out, at);
        c21.intoArray(out, at + LANES);
        c22.intoArray(out, at + 2 * LANES);
        c23.intoArray(out, at + 3 * LANES);
        at += stride;
        c30.intoArray(out, at);
        c31.intoArray(out, at + LANES);
        c32.intoArray(out, at + 2 * LANES);
        c33.intoArray(out, at + 3 * LANES);
        at += stride;
        c40.intoArray(out, at);
        c41.intoArray(out, at + LANES);
        c42.intoArray(out, at + 2 * LANES);
        c43.intoArray(out, at + 3 * LANES);
        at += stride;
        c50.intoArray(out, at);
        c51.intoArray(out, at + LANES);
        c52.intoArray(out, at + 2 * LANES);
        c53.intoArray(out, at + 3 * LANES);
    }

    /** Rows of {@link #wideQuarterTile}. */
    private static final int QUARTER_ROWS = 4;

    /** Four rows of {@code a} against one wide panel: {@link #wideTile} for a block's last rows, 16 accumulators. */
    private static void wideQuarterTile(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at,
                                        int stride) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int i = 0; i < k; i++) {
            int w = panel + i * WIDE_PANEL;
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, w + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, packed, w + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, packed, w + 3 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + i]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            c02 = x.fma(w2, c02);
            c03 = x.fma(w3, c03);
            x = FloatVector.broadcast(SPECIES, a[a1 + i]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            c12 = x.fma(w2, c12);
            c13 = x.fma(w3, c13);
            x = FloatVector.broadcast(SPECIES, a[a2 + i]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            c22 = x.fma(w2, c22);
            c23 = x.fma(w3, c23);
            x = FloatVector.broadcast(SPECIES, a[a3 + i]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            c32 = x.fma(w2, c32);
            c33 = x.fma(w3, c33);
        }
        c00.intoArray(out, at);
        c01.intoArray(out, at + LANES);
        c02.intoArray(out, at + 2 * LANES);
        c03.intoArray(out, at + 3 * LANES);
        at += stride;
        c10.intoArray(out, at);
        c11.intoArray(out, at + LANES);
        c12.intoArray(out, at + 2 * LANES);
        c13.intoArray(out, at + 3 * LANES);
        at += stride;
        c20.intoArray(out, at);
        c21.intoArray(out, at + LANES);
        c22.intoArray(out, at + 2 * LANES);
        c23.intoArray(out, at + 3 * LANES);
        at += stride;
        c30.intoArray(out, at);
        c31.intoArray(out, at + LANES);
        c32.intoArray(out, at + 2 * LANES);
        c33.intoArray(out, at + 3 * LANES);
    }

    /** One row of {@code a} against one wide panel, in the same order of operations as {@link #wideTile}. */
    private static void wideRow(float[] a, int a0, int k, float[] packed, int panel, float[] out, int at) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int i = 0; i < k; i++) {
            int w = panel + i * WIDE_PANEL;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + i]);
            c0 = x.fma(FloatVector.fromArray(SPECIES, packed, w), c0);
            c1 = x.fma(FloatVector.fromArray(SPECIES, packed, w + LANES), c1);
            c2 = x.fma(FloatVector.fromArray(SPECIES, packed, w + 2 * LANES), c2);
            c3 = x.fma(FloatVector.fromArray(SPECIES, packed, w + 3 * LANES), c3);
        }
        c0.intoArray(out, at);
        c1.intoArray(out, at + LANES);
        c2.intoArray(out, at + 2 * LANES);
        c3.intoArray(out, at + 3 * LANES);
    }
}
