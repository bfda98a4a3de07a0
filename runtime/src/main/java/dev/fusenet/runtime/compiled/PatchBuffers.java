package dev.fusenet.runtime.compiled;

/**
 * A convolution's patch matrix for one batch size: every window of the input laid out as one row of
 * kernelHeight · kernelWidth · channels values (the order of the kernel's rows), so that the convolution is a
 * matrix product.
 *
 * <p>Under the packed products ({@link Products#PACKED}) a patch matrix of more than {@link #WHOLE_BYTES} a shard
 * is {@linkplain #blocked blocked}: each shard gathers a block of {@link #blockWindows} windows at a time into its
 * own buffer of about {@link #BLOCK_BYTES}, multiplies it while it is in the core's cache, and gathers it again in
 * the backward pass. The whole patch matrix of a 3×3 convolution is nine times its input (29 MB for 16 channels at
 * 28×28 and batch 64): written, then read back from memory by the forward's product, the kernel gradient, the input
 * gradient's product and col2im, it made the same products run at half the rate they reach on data in cache
 * (docs/performance.md). A smaller matrix (a first layer's 3×3 windows over one channel) is kept whole from the
 * forward to the backward: gathering its runs of three values again cost more than reading it back.
 *
 * <p>Under OpenBLAS, and for a transposed convolution ({@link #whole}), the whole matrix: heap arrays where the
 * windows are gathered and their gradients scattered, off-heap matrices where the products read and write them.
 * Allocated once per batch size.
 */
public final class PatchBuffers {

    /** About how many bytes of patches a block holds: with its gradient, well inside a core's L2 cache. */
    static final int BLOCK_BYTES = 128 * 1024;
    /** The most bytes of a shard's patches that the packed products keep whole between forward and backward. */
    static final int WHOLE_BYTES = 1024 * 1024;

    /** Whether the patches are gathered a block at a time ({@link #block}), not as one matrix. */
    final boolean blocked;
    /**
     * Windows per block: a whole number of the products' 48-row blocks, so that only a shard's last block has
     * rows outside a tile.
     */
    final int blockWindows;
    /** The whole patch matrix, or null where {@link #blocked}. */
    final float[] patches;
    /** The patch matrix off-heap, for OpenBLAS's products; null under the packed products. */
    final OffHeapMatrix device;
    /** The gradient with respect to the patches, when the layer passes a gradient to its input. */
    final float[] gradient;
    final OffHeapMatrix gradientDevice;
    /** Each shard's rows (its samples' windows) of the patches, of their gradient, and of the gradient's device. */
    final OffHeapMatrix[] deviceShards;
    final OffHeapMatrix[] gradientDeviceShards;
    private final int patchSize;
    /** Each shard's block of patches and of their gradient, made by that shard on first use. */
    private final float[][] blocks = new float[Shards.COUNT][];
    private final float[][] blockGradients = new float[Shards.COUNT][];

    /**
     * A {@link Conv2DLayer}'s buffers for batches of {@code rows} samples of {@code positions} windows
     * (outHeight · outWidth) of {@code patchSize} values each, {@link #blocked} where the packed products would
     * otherwise keep more than {@link #WHOLE_BYTES} a shard; {@code withGradient} when the layer sends a gradient
     * to its input.
     */
    public PatchBuffers(int rows, int positions, int patchSize, boolean withGradient) {
        this(rows, positions, patchSize, withGradient, Products.PACKED
                && (long) Float.BYTES * rows * positions * patchSize > (long) WHOLE_BYTES * Shards.COUNT,
                !Products.PACKED);
    }

    /** The whole patch matrix and its gradient, on and off the heap: a transposed convolution's windows. */
    static PatchBuffers whole(int rows, int positions, int patchSize) {
        return new PatchBuffers(rows, positions, patchSize, true, false, true);
    }

    private PatchBuffers(int rows, int positions, int patchSize, boolean withGradient, boolean blocked,
                         boolean offHeap) {
        this.blocked = blocked;
        this.patchSize = patchSize;
        int tiles = Math.max(1, BLOCK_BYTES / Float.BYTES / patchSize / 48);
        this.blockWindows = 48 * tiles;
        this.deviceShards = new OffHeapMatrix[Shards.COUNT];
        this.gradientDeviceShards = new OffHeapMatrix[Shards.COUNT];
        if (blocked) {
            this.patches = null;
            this.device = null;
            this.gradient = null;
            this.gradientDevice = null;
            return;
        }
        int windows = Math.multiplyExact(rows, positions);
        int size = Math.multiplyExact(windows, patchSize);
        this.patches = new float[size];
        this.gradient = withGradient ? new float[size] : null;
        this.device = offHeap ? new OffHeapMatrix(windows, patchSize) : null;
        this.gradientDevice = offHeap && withGradient ? new OffHeapMatrix(windows, patchSize) : null;
        if (!offHeap) {
            return;
        }
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            int from = Shards.from(shard, rows) * positions;
            int to = Shards.to(shard, rows) * positions;
            deviceShards[shard] = device.rows(from, to);
            gradientDeviceShards[shard] = withGradient ? gradientDevice.rows(from, to) : null;
        }
    }

    /** Shard {@code shard}'s block of {@link #blockWindows} patches; only that shard calls this. */
    float[] block(int shard) {
        if (blocks[shard] == null) {
            blocks[shard] = new float[Math.multiplyExact(blockWindows, patchSize)];
        }
        return blocks[shard];
    }

    /** Shard {@code shard}'s block of the patches' gradient; only that shard calls this. */
    float[] blockGradient(int shard) {
        if (blockGradients[shard] == null) {
            blockGradients[shard] = new float[Math.multiplyExact(blockWindows, patchSize)];
        }
        return blockGradients[shard];
    }
}
