package dev.fusenet.runtime.compiled;

/**
 * The matrix side of a dense layer for generated code: products through OpenBLAS on off-heap matrices, bias
 * gradients on the heap.
 */
public final class DenseKernels {

    private DenseKernels() {
    }

    /**
     * {@code out.z = input · kernel}: (rows, inputs) · (inputs, units). The bias is added by the activation's
     * forward, in the same pass as the activation.
     */
    public static void forward(LayerBuffers input, DenseLayer layer, LayerBuffers out) {
        Gemm.multiply(input.device, false, layer.kernelDevice, false, out.device);
        out.device.copyTo(out.z, out.size());
    }

    /**
     * From {@code out.gradient} (the gradient with respect to the layer's pre-activations): the kernel gradient
     * {@code inputᵀ · dZ}, the bias gradient (column sums of dZ), and, unless {@code input} is the model's input,
     * the gradient with respect to the input, {@code dZ · kernelᵀ}, into {@code input.gradient}.
     */
    public static void backward(LayerBuffers input, DenseLayer layer, LayerBuffers out, boolean inputGradient) {
        out.gradientDevice.copyFrom(out.gradient, out.size());
        Gemm.multiply(input.device, true, out.gradientDevice, false, layer.kernelGradientDevice);
        if (layer.useBias()) {
            columnSums(out.gradient, layer.biasGradient, out.rows, out.units);
        }
        if (inputGradient) {
            Gemm.multiply(out.gradientDevice, false, layer.kernelDevice, true, input.gradientDevice);
            input.gradientDevice.copyTo(input.gradient, input.size());
        }
    }

    static void columnSums(float[] values, float[] sums, int rows, int units) {
        java.util.Arrays.fill(sums, 0f);
        for (int r = 0; r < rows; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                sums[c] += values[start + c];
            }
        }
    }
}
