package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;

/**
 * Max pooling of a compiled model: each output is the largest input of its window (padding never wins), and the
 * backward pass sends its gradient to that input, the first one in the window that holds the maximum.
 *
 * <p>The forward pass keeps no index of the winners: a running maximum over each window's pixels, channel by
 * channel, is a loop the JIT vectorizes, where tracking the winner's index was a branch per value (the MNIST
 * convnet's first pooling layer: 3.9 s an epoch with indices, see docs/performance.md). The backward pass finds
 * each winner again by comparing the window's inputs with the output, which is cheap next to the products.
 */
public final class MaxPooling2DLayer extends Pooling2DLayer implements InterpretedLayer {

    /**
     * Whether the windows are 2×2 with strides 2 and no padding, the pooling of nearly every convnet: they tile
     * the input, so each input pixel belongs to at most one window, and the kernels below unroll the window.
     */
    private final boolean tiledTwoByTwo;
    /** Whether the 2×2 loops take whole vectors of channels with the Vector API (the same bits). */
    private static final boolean VECTORS = Products.VECTOR_API;

    public MaxPooling2DLayer(String name, Shape input, Window window) {
        super(name, input, window);
        this.tiledTwoByTwo = at.height() == 2 && at.width() == 2 && at.strideHeight() == 2
                && at.strideWidth() == 2 && at.padTop() == 0 && at.padLeft() == 0
                && at.outputHeight() * 2 <= at.inputHeight() && at.outputWidth() * 2 <= at.inputWidth();
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    /** {@code out} = each window's maximum over samples {@code [fromSample, toSample)} of {@code in}. */
    public void forward(float[] in, float[] out, int fromSample, int toSample) {
        if (tiledTwoByTwo) {
            forwardTwoByTwo(in, out, fromSample, toSample);
            return;
        }
        int width = at.inputWidth();
        int next = fromSample * outputSize();
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                int rowFrom = top[oy];
                int rowTo = bottom[oy];
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int columnFrom = left[ox];
                    int columnTo = right[ox];
                    int done = VECTORS ? MaxPoolingVectors.window(in, sample, width, channels, rowFrom, rowTo,
                            columnFrom, columnTo, out, next) : 0;
                    System.arraycopy(in, sample + (rowFrom * width + columnFrom) * channels + done, out, next + done,
                            channels - done);
                    for (int y = rowFrom; y < rowTo; y++) {
                        for (int x = columnFrom; x < columnTo; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = done; c < channels; c++) {
                                // Math.max keeps a NaN, as TensorFlow does, so a diverging model shows in its outputs.
                                out[next + c] = Math.max(out[next + c], in[pixel + c]);
                            }
                        }
                    }
                    next += channels;
                }
            }
        }
    }

    /**
     * {@code inGradient} = each output's gradient at the first input of its window that holds the output's value
     * (the winner), zero elsewhere, for samples {@code [fromSample, toSample)}; {@code in} is the forward pass's
     * input, {@code max} its output (the maxima), {@code out} holds the output's gradient. When the convolution's
     * ReLU runs after the pooling ({@code ModelPlan.Step.reluMovesPastPooling}), {@code in} and {@code max} are
     * before the ReLU and {@code out.gradient} has been through the ReLU's backward already.
     *
     * <p>Branch-free, so that the JIT vectorizes it over the channels: each output's gradient waits in
     * {@code out.mask} (free in a pooling layer's buffers, and each shard's own rows) until a pixel matches the
     * maximum bit for bit (Math.max returns one of its arguments, so the winner always matches), which takes it
     * and zeroes it for the pixels after. A branch per value was 4.8 s an epoch on the MNIST convnet's first
     * pooling layer.
     */
    public void backward(float[] in, float[] max, LayerBuffers out, float[] inGradient, int fromSample,
                         int toSample) {
        if (tiledTwoByTwo) {
            backwardTwoByTwo(in, max, out.gradient, inGradient, fromSample, toSample);
            return;
        }
        java.util.Arrays.fill(inGradient, fromSample * inputSize(), toSample * inputSize(), 0f);
        float[] remaining = out.mask;
        int width = at.inputWidth();
        int next = fromSample * outputSize();
        System.arraycopy(out.gradient, next, remaining, next, (toSample - fromSample) * outputSize());
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int done = VECTORS ? MaxPoolingVectors.windowBackward(in, max, out.gradient, next, inGradient,
                            sample, width, channels, top[oy], bottom[oy], left[ox], right[ox]) : 0;
                    for (int y = top[oy]; y < bottom[oy]; y++) {
                        for (int x = left[ox]; x < right[ox]; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = done; c < channels; c++) {
                                int differs = Float.floatToRawIntBits(in[pixel + c])
                                        ^ Float.floatToRawIntBits(max[next + c]);
                                int keep = (differs | -differs) >> 31;
                                int gradient = Float.floatToRawIntBits(remaining[next + c]);
                                inGradient[pixel + c] += Float.intBitsToFloat(gradient & ~keep);
                                remaining[next + c] = Float.intBitsToFloat(gradient & keep);
                            }
                        }
                    }
                    next += channels;
                }
            }
        }
    }

    /** The forward for {@link #tiledTwoByTwo} windows: the four pixels of each window in one vectorized loop. */
    private void forwardTwoByTwo(float[] in, float[] out, int fromSample, int toSample) {
        int row = at.inputWidth() * channels;
        int next = fromSample * outputSize();
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int p0 = sample + 2 * oy * row + 2 * ox * channels;
                    int p1 = p0 + channels;
                    int p2 = p0 + row;
                    int p3 = p2 + channels;
                    int done = VECTORS ? MaxPoolingVectors.forward(in, p0, p1, p2, p3, out, next, channels) : 0;
                    for (int c = done; c < channels; c++) {
                        out[next + c] = Math.max(Math.max(in[p0 + c], in[p1 + c]),
                                Math.max(in[p2 + c], in[p3 + c]));
                    }
                    next += channels;
                }
            }
        }
    }

    /**
     * The backward for {@link #tiledTwoByTwo} windows: each window's gradient to its first pixel that holds the
     * maximum, with the same bit masks as the general backward, unrolled; every input pixel is written once, and
     * the rows and columns no window reads get zero.
     */
    private void backwardTwoByTwo(float[] in, float[] max, float[] outGradient, float[] inGradient, int fromSample,
                                  int toSample) {
        int row = at.inputWidth() * channels;
        int next = fromSample * outputSize();
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int p0 = sample + 2 * oy * row + 2 * ox * channels;
                    int p1 = p0 + channels;
                    int p2 = p0 + row;
                    int p3 = p2 + channels;
                    int done = VECTORS ? MaxPoolingVectors.backward(in, max, outGradient, next, inGradient, p0, p1,
                            p2, p3, channels) : 0;
                    for (int c = done; c < channels; c++) {
                        int m = Float.floatToRawIntBits(max[next + c]);
                        int left = Float.floatToRawIntBits(outGradient[next + c]);
                        int d0 = Float.floatToRawIntBits(in[p0 + c]) ^ m;
                        int keep0 = (d0 | -d0) >> 31;
                        inGradient[p0 + c] = Float.intBitsToFloat(left & ~keep0);
                        left &= keep0;
                        int d1 = Float.floatToRawIntBits(in[p1 + c]) ^ m;
                        int keep1 = (d1 | -d1) >> 31;
                        inGradient[p1 + c] = Float.intBitsToFloat(left & ~keep1);
                        left &= keep1;
                        int d2 = Float.floatToRawIntBits(in[p2 + c]) ^ m;
                        int keep2 = (d2 | -d2) >> 31;
                        inGradient[p2 + c] = Float.intBitsToFloat(left & ~keep2);
                        inGradient[p3 + c] = Float.intBitsToFloat(left & keep2);
                    }
                    next += channels;
                }
            }
            // an odd last row or column that no window reads
            for (int y = 2 * at.outputHeight(); y < at.inputHeight(); y++) {
                java.util.Arrays.fill(inGradient, sample + y * row, sample + (y + 1) * row, 0f);
            }
            if (2 * at.outputWidth() < at.inputWidth()) {
                for (int y = 0; y < 2 * at.outputHeight(); y++) {
                    int start = sample + y * row + 2 * at.outputWidth() * channels;
                    java.util.Arrays.fill(inGradient, start, sample + (y + 1) * row, 0f);
                }
            }
        }
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    /**
     * Where the convolution before it defers its bias and ReLU ({@link StepMemory#takesSourceRelu}), the maximum
     * of its products, then that convolution's bias and ReLU on the pooled values; else the maximum.
     */
    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        LayerBuffers out = memory.out;
        if (memory.takesSourceRelu) {
            int positions = at.outputHeight() * at.outputWidth();
            forward(memory.input.z, out.z, from, to);
            ActivationKernels.relu(out.z, ((WeightedLayer) memory.source).biasBuffer(), out.a, from * positions,
                    to * positions, channels);
        } else {
            forward(memory.in(), out.a, from, to);
        }
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        if (memory.takesSourceRelu) {
            int positions = at.outputHeight() * at.outputWidth();
            ActivationKernels.reluBackward(out.z, out.a, out.gradient, from * positions, to * positions, channels);
            backward(memory.input.z, out.z, out, memory.gradientTarget.gradient, from, to);
        } else {
            backward(memory.in(), out.a, out, memory.gradientTarget.gradient, from, to);
        }
    }
}
