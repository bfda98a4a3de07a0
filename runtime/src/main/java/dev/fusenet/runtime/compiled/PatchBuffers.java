package dev.fusenet.runtime.compiled;

/**
 * A convolution's patch matrix for one batch size: every window of the input laid out as one row of
 * kernelHeight · kernelWidth · channels values (the order of the kernel's rows), so that the convolution is one
 * matrix product. Heap arrays where the windows are gathered and their gradients scattered, off-heap matrices
 * where the products read and write them. Allocated once per batch size.
 */
public final class PatchBuffers {

    final float[] patches;
    /**
     * What the last forward multiplied: {@link #patches}, or the input itself for 1×1 windows; the backward's
     * kernel gradient reads it. Written by the shards' forwards (all the same array) before the step's shards
     * meet, read after.
     */
    float[] source;
    final OffHeapMatrix device;
    /** The gradient with respect to the patches, when the layer passes a gradient to its input. */
    final float[] gradient;
    final OffHeapMatrix gradientDevice;
    /** Each shard's rows (its samples' windows) of the patches, of their gradient, and of the gradient's device. */
    final OffHeapMatrix[] deviceShards;
    final OffHeapMatrix[] gradientDeviceShards;

    /**
     * Buffers for batches of {@code rows} samples of {@code positions} windows (outHeight · outWidth) of
     * {@code patchSize} values each; {@code withGradient} when the layer sends a gradient to its input.
     */
    public PatchBuffers(int rows, int positions, int patchSize, boolean withGradient) {
        int windows = Math.multiplyExact(rows, positions);
        int size = Math.multiplyExact(windows, patchSize);
        this.patches = new float[size];
        this.source = patches;
        this.device = new OffHeapMatrix(windows, patchSize);
        this.gradient = withGradient ? new float[size] : null;
        this.gradientDevice = withGradient ? new OffHeapMatrix(windows, patchSize) : null;
        this.deviceShards = new OffHeapMatrix[Shards.COUNT];
        this.gradientDeviceShards = new OffHeapMatrix[Shards.COUNT];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            int from = Shards.from(shard, rows) * positions;
            int to = Shards.to(shard, rows) * positions;
            deviceShards[shard] = device.rows(from, to);
            gradientDeviceShards[shard] = withGradient ? gradientDevice.rows(from, to) : null;
        }
    }
}
