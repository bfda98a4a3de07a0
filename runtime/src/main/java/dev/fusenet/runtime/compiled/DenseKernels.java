package dev.fusenet.runtime.compiled;

/**
 * The matrix side of a dense layer for generated code: products with the packed kernels on the heap
 * ({@link Products}), or through OpenBLAS on off-heap matrices; bias gradients on the heap. The forward and the input gradient work on one shard's rows; the weight gradient on one
 * part of the kernel's rows and of the bias, over the whole batch (see {@link Shards}).
 */
public final class DenseKernels {

    private DenseKernels() {
    }

    /**
     * {@code out.z = input · kernel} on shard {@code shard}'s rows: (rows, inputs) · (inputs, units). The bias is
     * added by the activation's forward, in the same pass as the activation.
     */
    public static void forward(LayerBuffers input, DenseLayer layer, LayerBuffers out, int shard) {
        int from = Shards.from(shard, out.rows);
        layer.multiplyByKernel(input.values(), from * input.units, input.deviceShards[shard],
                Shards.to(shard, out.rows) - from, out.z, from * out.units, out.deviceShards[shard]);
    }

    /**
     * On shard {@code shard}'s rows of {@code out.gradient} (the gradient with respect to the layer's
     * pre-activations): copies them where the weight gradient's product reads them, sums them into the shard's
     * part of the bias gradient, and, unless {@code input} is
     * the model's input, writes the gradient with respect to the input, {@code dZ · kernelᵀ}, into
     * {@code input.gradient}.
     */
    public static void backward(LayerBuffers input, DenseLayer layer, LayerBuffers out, int shard,
                                boolean inputGradient) {
        int from = Shards.from(shard, out.rows);
        int to = Shards.to(shard, out.rows);
        layer.sumBiasGradient(out.gradient, from, to, shard);
        if (Products.PACKED) {
            if (inputGradient) {
                layer.multiplyByKernelTransposed(out.gradient, from * out.units, to - from, input.gradient,
                        from * input.units);
            }
            return;
        }
        OffHeapMatrix dz = out.gradientDeviceShards[shard];
        dz.pull(out.gradient);
        if (inputGradient) {
            OffHeapMatrix dx = input.gradientDeviceShards[shard];
            Gemm.multiply(dz, false, layer.kernelDevice, true, dx);
            dx.push(input.gradient);
        }
    }

    /**
     * Part {@code part} of the weight gradients over the whole batch: kernel rows {@code [k0, k1)} =
     * {@code input[:, k0:k1]ᵀ · dZ}, and the bias gradient's columns of that part (column sums of dZ).
     */
    public static void weightGradient(LayerBuffers input, WeightedLayer layer, LayerBuffers out, int part) {
        if (Products.PACKED) {
            layer.weightGradient(input.values(), out.gradient, part, out.rows);
        } else {
            layer.weightGradient(input.deviceColumnParts, out.gradientDevice, part, out.rows);
        }
    }
}
