package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;

/**
 * Average pooling of a compiled model: each output is the mean of the inputs its window covers (with SAME
 * padding, of the input pixels only, as TensorFlow), and the backward pass spreads its gradient evenly over them.
 */
public final class AveragePooling2DLayer extends Pooling2DLayer implements InterpretedLayer {

    public AveragePooling2DLayer(String name, Shape input, Window window) {
        super(name, input, window);
    }

    @Override
    public String type() {
        return "AveragePooling2D";
    }

    /** {@code out} = each window's mean over samples {@code [fromSample, toSample)} of {@code in}. */
    public void forward(float[] in, float[] out, int fromSample, int toSample) {
        int width = at.inputWidth();
        int next = fromSample * outputSize();
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    java.util.Arrays.fill(out, next, next + channels, 0f);
                    for (int y = top[oy]; y < bottom[oy]; y++) {
                        for (int x = left[ox]; x < right[ox]; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                out[next + c] += in[pixel + c];
                            }
                        }
                    }
                    float scale = 1f / ((bottom[oy] - top[oy]) * (right[ox] - left[ox]));
                    for (int c = 0; c < channels; c++) {
                        out[next + c] *= scale;
                    }
                    next += channels;
                }
            }
        }
    }

    /** {@code inGradient} = the sum, over the windows that cover each input, of their gradient / window count. */
    public void backward(float[] outGradient, float[] inGradient, int fromSample, int toSample) {
        java.util.Arrays.fill(inGradient, fromSample * inputSize(), toSample * inputSize(), 0f);
        int width = at.inputWidth();
        int next = fromSample * outputSize();
        for (int n = fromSample; n < toSample; n++) {
            int sample = n * inputSize();
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    float scale = 1f / ((bottom[oy] - top[oy]) * (right[ox] - left[ox]));
                    for (int y = top[oy]; y < bottom[oy]; y++) {
                        for (int x = left[ox]; x < right[ox]; x++) {
                            int pixel = sample + (y * width + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                inGradient[pixel + c] += outGradient[next + c] * scale;
                            }
                        }
                    }
                    next += channels;
                }
            }
        }
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.in(), memory.out.a, from, to);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        backward(memory.out.gradient, memory.gradientTarget.gradient, from, to);
    }
}
