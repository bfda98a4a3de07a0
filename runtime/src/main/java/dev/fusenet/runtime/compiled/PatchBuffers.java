package dev.fusenet.runtime.compiled;

/**
 * A convolution's patch matrix for one batch size: every window of the input laid out as one row of
 * kernelHeight · kernelWidth · channels values (the order of the kernel's rows), so that the convolution is one
 * matrix product. Heap arrays where the windows are gathered and their gradients scattered, off-heap matrices
 * where the products read and write them. Allocated once per batch size.
 */
public final class PatchBuffers {

    final float[] patches;
    final OffHeapMatrix device;
    /** The gradient with respect to the patches, when the layer passes a gradient to its input. */
    final float[] gradient;
    final OffHeapMatrix gradientDevice;

    /**
     * Buffers for {@code windows} windows (batch · outHeight · outWidth) of {@code patchSize} values each;
     * {@code withGradient} when the layer sends a gradient to its input.
     */
    public PatchBuffers(int windows, int patchSize, boolean withGradient) {
        int size = Math.multiplyExact(windows, patchSize);
        this.patches = new float[size];
        this.device = new OffHeapMatrix(windows, patchSize);
        this.gradient = withGradient ? new float[size] : null;
        this.gradientDevice = withGradient ? new OffHeapMatrix(windows, patchSize) : null;
    }
}
