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

    /** The backward pass's per-window scratch, one value per channel; training runs on one thread at a time. */
    private final float[] remaining;

    public MaxPooling2DLayer(String name, Shape input, Window window) {
        super(name, input, window);
        this.remaining = new float[channels];
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    /** {@code out} = each window's maximum over the first {@code rows} samples of {@code in}. */
    public void forward(float[] in, float[] out, int rows) {
        int width = at.inputWidth();
        int next = 0;
        for (int n = 0; n < rows; n++) {
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
     * (the winner), zero elsewhere; {@code in} and {@code out} are the forward pass's input and output.
     *
     * <p>Branch-free, so that the JIT vectorizes it over the channels: {@code remaining} holds each channel's
     * gradient until a pixel matches the maximum bit for bit (Math.max returns one of its arguments, so the
     * winner always matches), which takes it and zeroes it for the pixels after. A branch per value was 4.8 s an
     * epoch on the MNIST convnet's first pooling layer.
     */
    public void backward(float[] in, float[] out, float[] outGradient, float[] inGradient, int rows) {
        java.util.Arrays.fill(inGradient, 0, rows * inputSize(), 0f);
        float[] remaining = this.remaining;
        int width = at.inputWidth();
        int next = 0;
        for (int n = 0; n < rows; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    System.arraycopy(outGradient, next, remaining, 0, channels);
                    for (int y = top[oy]; y < bottom[oy]; y++) {
                        for (int x = left[ox]; x < right[ox]; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                int differs = Float.floatToRawIntBits(in[pixel + c])
                                        ^ Float.floatToRawIntBits(out[next + c]);
                                int keep = (differs | -differs) >> 31;
                                int gradient = Float.floatToRawIntBits(remaining[c]);
                                inGradient[pixel + c] += Float.intBitsToFloat(gradient & ~keep);
                                remaining[c] = Float.intBitsToFloat(gradient & keep);
                            }
                        }
                    }
                    next += channels;
                }
            }
        }
    }
}
