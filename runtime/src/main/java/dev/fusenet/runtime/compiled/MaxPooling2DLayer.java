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
public final class MaxPooling2DLayer extends Pooling2DLayer {

    public MaxPooling2DLayer(String name, Shape input, Window window) {
        super(name, input, window);
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    /** {@code out} = each window's maximum over samples {@code [fromSample, toSample)} of {@code in}. */
    public void forward(float[] in, float[] out, int fromSample, int toSample) {
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
                    System.arraycopy(in, sample + (rowFrom * width + columnFrom) * channels, out, next, channels);
                    for (int y = rowFrom; y < rowTo; y++) {
                        for (int x = columnFrom; x < columnTo; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
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
     * input, {@code out} holds its output and the output's gradient.
     *
     * <p>Branch-free, so that the JIT vectorizes it over the channels: each output's gradient waits in
     * {@code out.mask} (free in a pooling layer's buffers, and each shard's own rows) until a pixel matches the
     * maximum bit for bit (Math.max returns one of its arguments, so the winner always matches), which takes it
     * and zeroes it for the pixels after. A branch per value was 4.8 s an epoch on the MNIST convnet's first
     * pooling layer.
     */
    public void backward(float[] in, LayerBuffers out, float[] inGradient, int fromSample, int toSample) {
        java.util.Arrays.fill(inGradient, fromSample * inputSize(), toSample * inputSize(), 0f);
        float[] max = out.a;
        float[] remaining = out.mask;
        int width = at.inputWidth();
        int next = fromSample * outputSize();
        System.arraycopy(out.gradient, next, remaining, next, (toSample - fromSample) * outputSize());
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    for (int y = top[oy]; y < bottom[oy]; y++) {
                        for (int x = left[ox]; x < right[ox]; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
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
}
