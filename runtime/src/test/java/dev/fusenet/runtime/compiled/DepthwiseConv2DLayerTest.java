package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The depthwise kernels against a float64 reference written from Keras's definition, with channel counts that run
 * each vector body and the scalar tail (on AVX-512: 21 is one vector and five, 37 a pair and five, 50 a pair, one
 * and two), in two shards of samples
 * as a training step runs them: forward values, and the kernel, bias and input gradients.
 */
class DepthwiseConv2DLayerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(6, 5, 37, 1, Window.of(3, 3, 1, 1, Padding.SAME)),
                Arguments.of(7, 6, 37, 1, Window.of(3, 3, 2, 2, Padding.SAME)),
                Arguments.of(6, 6, 33, 1, Window.of(3, 2, 1, 2, Padding.VALID)),
                Arguments.of(5, 6, 21, 1, Window.of(3, 3, 1, 1, Padding.SAME)),
                Arguments.of(4, 5, 50, 1, Window.of(3, 3, 2, 2, Padding.SAME)),
                Arguments.of(5, 5, 17, 2, Window.of(3, 3, 1, 1, Padding.SAME)));
    }

    @ParameterizedTest(name = "{0}×{1}×{2}, multiplier {3}, {4}")
    @MethodSource("cases")
    void forwardAndGradientsEqualTheDefinition(int height, int width, int channels, int multiplier, Window window) {
        int batch = 3;
        DepthwiseConv2DLayer layer = new DepthwiseConv2DLayer("dw", Shape.of(height, width, channels), window,
                multiplier, true, Activation.LINEAR);
        Window.Placement at = layer.placement();
        int units = channels * multiplier;
        int outH = at.outputHeight();
        int outW = at.outputWidth();
        SplittableRandom random = new SplittableRandom(11);
        float[] kernel = layer.weights().get(0).values;
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextDouble(-1, 1);
        }
        float[] in = new float[batch * height * width * channels];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextDouble(-1, 1);
        }
        float[] dz = new float[batch * outH * outW * units];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) random.nextDouble(-1, 1);
        }

        double[] z = new double[dz.length];
        double[] kernelGradient = new double[kernel.length];
        double[] biasGradient = new double[units];
        double[] inGradient = new double[in.length];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    for (int c = 0; c < channels; c++) {
                        for (int k = 0; k < multiplier; k++) {
                            int u = c * multiplier + k;
                            int o = ((n * outH + oy) * outW + ox) * units + u;
                            biasGradient[u] += dz[o];
                            for (int ky = 0; ky < at.height(); ky++) {
                                for (int kx = 0; kx < at.width(); kx++) {
                                    int y = at.row(oy, ky);
                                    int x = at.column(ox, kx);
                                    if (y < 0 || y >= height || x < 0 || x >= width) {
                                        continue;
                                    }
                                    int p = ((n * height + y) * width + x) * channels + c;
                                    int t = (ky * at.width() + kx) * units + u;
                                    z[o] += (double) in[p] * kernel[t];
                                    kernelGradient[t] += (double) in[p] * dz[o];
                                    inGradient[p] += (double) dz[o] * kernel[t];
                                }
                            }
                        }
                    }
                }
            }
        }

        float[] actualZ = new float[dz.length];
        float[] actualIn = new float[in.length];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            layer.forward(in, actualZ, Shards.from(shard, batch), Shards.to(shard, batch));
            layer.backward(in, dz, actualIn, shard, Shards.from(shard, batch), Shards.to(shard, batch));
        }
        for (int part = 0; part < Shards.COUNT; part++) {
            layer.weightGradient(batch, part);
        }
        assertClose(z, actualZ, "forward");
        assertClose(kernelGradient, layer.weights().get(0).gradient, "kernel gradient");
        assertClose(biasGradient, layer.weights().get(1).gradient, "bias gradient");
        assertClose(inGradient, actualIn, "input gradient");
    }

    /**
     * With the Vector API, a depth multiplier of 1 runs {@link DepthwiseKernels}: the same sums in the same order
     * as the layer's loops, so the same bits, on full-mantissa values (a fused multiply-add would differ).
     */
    @ParameterizedTest(name = "{0}×{1}×{2}, multiplier {3}, {4}")
    @MethodSource("cases")
    void theVectorKernelsAreTheLoopsBitForBit(int height, int width, int channels, int multiplier, Window window) {
        assumeTrue(Products.VECTOR_API && multiplier == 1);
        int batch = 3;
        DepthwiseConv2DLayer layer = new DepthwiseConv2DLayer("dw", Shape.of(height, width, channels), window,
                multiplier, true, Activation.LINEAR);
        Window.Placement at = layer.placement();
        SplittableRandom random = new SplittableRandom(13);
        float[] kernel = layer.weights().get(0).values;
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextDouble(-1, 1);
        }
        float[] in = new float[batch * height * width * channels];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextDouble(-1, 1);
        }
        float[] dz = new float[batch * at.outputHeight() * at.outputWidth() * channels];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) random.nextDouble(-1, 1);
        }
        float[] loopsZ = new float[dz.length];
        float[] loopsIn = new float[in.length];
        layer.forwardLoops(in, loopsZ, 0, batch);
        layer.backwardLoops(in, dz, loopsIn, 0, 0, batch);
        for (int part = 0; part < Shards.COUNT; part++) {
            layer.weightGradient(batch, part);
        }
        float[] loopsKernelGradient = layer.weights().get(0).gradient.clone();
        float[] loopsBiasGradient = layer.weights().get(1).gradient.clone();

        float[] vectorZ = new float[dz.length];
        float[] vectorIn = new float[in.length];
        java.util.Arrays.fill(vectorIn, Float.NaN); // written, not added to
        layer.forward(in, vectorZ, 0, batch);
        layer.backward(in, dz, vectorIn, 0, 0, batch);
        for (int part = 0; part < Shards.COUNT; part++) {
            layer.weightGradient(batch, part);
        }
        assertArrayEquals(loopsZ, vectorZ, "forward");
        assertArrayEquals(loopsIn, vectorIn, "input gradient");
        assertArrayEquals(loopsKernelGradient, layer.weights().get(0).gradient, "kernel gradient");
        assertArrayEquals(loopsBiasGradient, layer.weights().get(1).gradient, "bias gradient");
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.abs(expected[i])),
                    what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
