package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A convolution under the packed products gathers a large patch matrix a block of windows at a time and gathers it
 * again in the backward pass, and keeps a small one whole ({@link PatchBuffers}): either way its forward, kernel
 * gradient and input gradient must be the definition's sums in the definition's order, bit for bit, however many
 * blocks a shard's windows make.
 */
class Conv2DLayerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // patch matrices of more than 2 MB a batch are gathered in blocks: 3 samples a shard of 784 windows
                // of 144 values, 192 windows a block; 16 filters, one vector
                Arguments.of(6, 28, 28, 16, 16, Window.of(3, 3, 1, 1, Padding.SAME), true),
                // 40 filters: whole vectors and a rest
                Arguments.of(40, 14, 14, 16, 40, Window.of(3, 3, 1, 1, Padding.SAME), true),
                // 5 filters, fewer than a vector, summed over ten blocks a shard
                Arguments.of(30, 28, 28, 3, 5, Window.of(3, 3, 1, 1, Padding.SAME), true),
                // dilated windows copy a pixel at a time
                Arguments.of(60, 24, 24, 2, 24, Window.of(3, 3, 1, 1, Padding.SAME, 2, 2), true),
                // smaller patch matrices are kept whole from the forward to the backward
                Arguments.of(12, 28, 28, 1, 5, Window.of(3, 3, 1, 1, Padding.SAME), false),
                Arguments.of(16, 14, 14, 16, 40, Window.of(3, 3, 2, 2, Padding.VALID), false),
                // uneven shards (1 and 2 samples), a 5×5 window
                Arguments.of(3, 9, 9, 3, 16, Window.of(5, 5, 1, 1, Padding.SAME), false),
                // 1×1 windows multiply the input where it is
                Arguments.of(5, 7, 7, 8, 12, Window.of(1, 1, 1, 1, Padding.VALID), false));
    }

    @ParameterizedTest(name = "{0} of {1}×{2}×{3}, {4} filters, {5}, blocked {6}")
    @MethodSource("cases")
    void theProductsGiveTheDefinitionsSumsBitForBit(int batch, int height, int width, int channels, int filters,
                                                    Window window, boolean blocked) {
        assumeTrue(Products.PACKED);
        Conv2DLayer layer = new Conv2DLayer("conv", Shape.of(height, width, channels), filters, window, false,
                Activation.LINEAR);
        layer.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, new SplittableRandom(3));
        Window.Placement at = layer.placement();
        int positions = layer.positions();
        int patch = window.height() * window.width() * channels;
        SplittableRandom random = new SplittableRandom(batch * 31L + filters);
        float[] in = random(batch * height * width * channels, random);
        LayerBuffers out = new LayerBuffers(batch, positions * filters, filters);
        float[] dz = random(batch * positions * filters, random);
        System.arraycopy(dz, 0, out.gradient, 0, dz.length);
        float[] inGradient = new float[in.length];
        java.util.Arrays.fill(inGradient, Float.NaN); // every value must be written
        PatchBuffers work = layer.patchBuffers(batch, true);
        assertEquals(blocked, work.blocked, "blocked");

        for (int shard = 0; shard < Shards.COUNT; shard++) {
            layer.forward(in, work, out, shard);
            layer.backward(in, work, out, inGradient, shard);
        }
        for (int part = 0; part < Shards.COUNT; part++) {
            layer.weightGradient(work, out, part);
        }

        float[] kernel = layer.kernel;
        float[][] patches = new float[batch * positions][patch];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    float[] row = patches[(n * at.outputHeight() + oy) * at.outputWidth() + ox];
                    for (int ky = 0; ky < window.height(); ky++) {
                        for (int kx = 0; kx < window.width(); kx++) {
                            int y = at.row(oy, ky);
                            int x = at.column(ox, kx);
                            for (int c = 0; c < channels; c++) {
                                boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                                row[(ky * window.width() + kx) * channels + c] = inside
                                        ? in[((n * height + y) * width + x) * channels + c] : 0f;
                            }
                        }
                    }
                }
            }
        }
        // the forward: each output one fused multiply-add chain over the patch in order, from zero
        for (int w = 0; w < batch * positions; w++) {
            for (int f = 0; f < filters; f++) {
                float sum = 0f;
                for (int q = 0; q < patch; q++) {
                    sum = Math.fma(patches[w][q], kernel[q * filters + f], sum);
                }
                assertBits(sum, out.z[w * filters + f], "z[" + w + ", " + f + "]");
            }
        }
        // the kernel gradient: each shard's chain over its windows in order, the shards' sums added in order
        for (int q = 0; q < patch; q++) {
            for (int f = 0; f < filters; f++) {
                float total = 0f;
                for (int shard = 0; shard < Shards.COUNT; shard++) {
                    float sum = 0f;
                    for (int w = Shards.from(shard, batch) * positions; w < Shards.to(shard, batch) * positions;
                         w++) {
                        sum = Math.fma(patches[w][q], dz[w * filters + f], sum);
                    }
                    total += sum;
                }
                assertBits(total, layer.kernelGradient[q * filters + f], "kernel gradient[" + q + ", " + f + "]");
            }
        }
        // the input gradient: each patch value a chain over the filters, added onto its pixel window by window
        float[] expected = new float[in.length];
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int w = (n * at.outputHeight() + oy) * at.outputWidth() + ox;
                    for (int ky = 0; ky < window.height(); ky++) {
                        for (int kx = 0; kx < window.width(); kx++) {
                            int y = at.row(oy, ky);
                            int x = at.column(ox, kx);
                            if (y < 0 || y >= height || x < 0 || x >= width) {
                                continue;
                            }
                            for (int c = 0; c < channels; c++) {
                                int q = (ky * window.width() + kx) * channels + c;
                                float value = 0f;
                                for (int f = 0; f < filters; f++) {
                                    value = Math.fma(dz[w * filters + f], kernel[q * filters + f], value);
                                }
                                expected[((n * height + y) * width + x) * channels + c] += value;
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < in.length; i++) {
            assertBits(expected[i], inGradient[i], "input gradient[" + i + "]");
        }
    }

    /**
     * A forward pass of one sample run on the caller alone hands half its windows to the idle worker, which gathers
     * and multiplies them itself: the same bits as on one core, with the patches kept whole or in blocks.
     */
    @ParameterizedTest(name = "{0}×{1}×{2}, {3} filters, blocked {4}")
    @org.junit.jupiter.params.provider.CsvSource({"28, 28, 16, 16, false", "13, 13, 32, 64, false",
            "56, 56, 32, 24, true"})
    void aSampleSplitBetweenTheCoresGetsTheBitsOfOneCore(int height, int width, int channels, int filters,
                                                        boolean blocked) throws InterruptedException {
        assumeTrue(Products.PACKED);
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing to split");
        Window window = Window.of(3, 3, 1, 1, Padding.SAME);
        Conv2DLayer layer = new Conv2DLayer("conv", Shape.of(height, width, channels), filters, window, false,
                Activation.LINEAR);
        layer.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, new SplittableRandom(5));
        float[] in = random(height * width * channels, new SplittableRandom(height + filters));
        PatchBuffers work = layer.patchBuffers(1, false);
        assertEquals(blocked, work.blocked, "blocked");
        LayerBuffers oneCore = new LayerBuffers(1, layer.positions() * filters, filters);
        // inside a run the worker is taken, so the product stays on this core
        Shards.run(shard -> layer.forward(in, work, oneCore, shard));
        LayerBuffers split = new LayerBuffers(1, layer.positions() * filters, filters);
        long before = Shards.CLAIMED_RUNS.get();
        // the first call wakes the worker; a later one finds it spinning and hands it half the windows
        for (int attempt = 0; attempt < 200 && Shards.CLAIMED_RUNS.get() == before; attempt++) {
            java.util.Arrays.fill(split.z, Float.NaN);
            if (Shards.claimIdleWorker()) { // wakes a parked worker: checking a large layer outlasts its spin
                Shards.releaseClaim();
            }
            Thread.sleep(0, 100_000);
            for (int shard = 0; shard < Shards.COUNT; shard++) {
                layer.forward(in, work, split, shard); // as a forward pass of one row runs, on this thread
            }
            for (int i = 0; i < split.z.length; i++) {
                assertBits(oneCore.z[i], split.z[i], "z[" + i + "]");
            }
            Thread.sleep(0, 100_000);
        }
        assertEquals(true, Shards.CLAIMED_RUNS.get() > before, "ran on both cores");
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                () -> what + ": expected " + expected + ", was " + actual);
    }

    private static float[] random(int size, SplittableRandom random) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
