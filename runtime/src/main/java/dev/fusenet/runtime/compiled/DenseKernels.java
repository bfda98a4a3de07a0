package dev.fusenet.runtime.compiled;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix side of a dense layer for generated code: products through ND4J's GEMM (OpenBLAS) on off-heap
 * arrays, bias on the heap.
 */
public final class DenseKernels {

    private DenseKernels() {
    }

    /**
     * {@code out.z = input · kernel}: (rows, inputs) · (inputs, units). The bias is added by the activation's
     * forward, in the same pass as the activation.
     */
    public static void forward(LayerBuffers input, DenseLayer layer, LayerBuffers out) {
        Nd4j.gemm(input.device, layer.kernelDevice, out.device, false, false, 1.0, 0.0);
        Staging.toHeap(out.device, out.z, out.size());
    }

    /**
     * From {@code out.gradient} (the gradient with respect to the layer's pre-activations): the kernel gradient
     * {@code inputᵀ · dZ}, the bias gradient (column sums of dZ), and, unless {@code input} is the model's input,
     * the gradient with respect to the input, {@code dZ · kernelᵀ}, into {@code input.gradient}.
     */
    public static void backward(LayerBuffers input, DenseLayer layer, LayerBuffers out, boolean inputGradient) {
        Staging.toDevice(out.gradient, out.gradientDevice, out.size());
        Nd4j.gemm(input.device, out.gradientDevice, layer.kernelGradientDevice, true, false, 1.0, 0.0);
        if (layer.useBias()) {
            columnSums(out.gradient, layer.biasGradient, out.rows, out.units);
        }
        if (inputGradient) {
            Nd4j.gemm(out.gradientDevice, layer.kernelDevice, input.gradientDevice, false, true, 1.0, 0.0);
            Staging.toHeap(input.gradientDevice, input.gradient, input.size());
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
