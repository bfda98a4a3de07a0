package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;

/**
 * Max pooling of a compiled model: each output is the largest input of its window (padding never wins), and the
 * backward pass sends its gradient to that input, whose index the forward pass remembers.
 */
public final class MaxPooling2DLayer extends Pooling2DLayer {

    public MaxPooling2DLayer(String name, Shape input, Window window) {
        super(name, input, window);
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    /** {@code out} = each window's maximum of the first {@code rows} samples of {@code in}; {@code argmax} its index. */
    public void forward(float[] in, float[] out, int[] argmax, int rows) {
        int width = at.inputWidth();
        int next = 0;
        for (int n = 0; n < rows; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int first = sample + (top(oy) * width + left(ox)) * channels;
                    for (int c = 0; c < channels; c++) {
                        out[next + c] = in[first + c];
                        argmax[next + c] = first + c;
                    }
                    for (int y = top(oy); y < bottom(oy); y++) {
                        for (int x = left(ox); x < right(ox); x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                float value = in[pixel + c];
                                // NaN wins, as in TensorFlow, so that a diverging model shows in its outputs.
                                if (value > out[next + c] || value != value) {
                                    out[next + c] = value;
                                    argmax[next + c] = pixel + c;
                                }
                            }
                        }
                    }
                    next += channels;
                }
            }
        }
    }

    /** {@code inGradient} = each output's gradient at the input that won its window, zero elsewhere. */
    public void backward(float[] outGradient, int[] argmax, float[] inGradient, int rows) {
        java.util.Arrays.fill(inGradient, 0, rows * inputSize(), 0f);
        int count = rows * outputSize();
        for (int i = 0; i < count; i++) {
            inGradient[argmax[i]] += outGradient[i];
        }
    }
}
