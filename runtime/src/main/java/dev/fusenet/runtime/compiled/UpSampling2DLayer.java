package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import dev.fusenet.model.UpSampling2DSpec;
import java.util.SplittableRandom;

/**
 * Nearest-neighbour up-sampling of a compiled model: output pixel (y, x) is input pixel (y / sh, x / sw), channels
 * last. The gradient of an input pixel is the sum of its block's, added in row-major order.
 */
public final class UpSampling2DLayer implements InterpretedLayer {

    private final String name;
    private final int height;
    private final int width;
    private final int channels;
    private final int heightFactor;
    private final int widthFactor;

    public UpSampling2DLayer(String name, Shape input, int heightFactor, int widthFactor) {
        this.name = name;
        this.height = input.dim(0);
        this.width = input.dim(1);
        this.channels = input.dim(2);
        this.heightFactor = heightFactor;
        this.widthFactor = widthFactor;
    }

    /** Samples {@code [from, to)}: each pixel's channels copied into its sh × sw block. */
    public void forward(float[] in, float[] out, int from, int to) {
        int inSize = height * width * channels;
        int outWidth = width * widthFactor;
        int outSize = inSize * heightFactor * widthFactor;
        for (int s = from; s < to; s++) {
            for (int y = 0; y < height * heightFactor; y++) {
                int source = s * inSize + (y / heightFactor) * width * channels;
                int target = s * outSize + y * outWidth * channels;
                for (int x = 0; x < outWidth; x++) {
                    System.arraycopy(in, source + (x / widthFactor) * channels, out, target + x * channels, channels);
                }
            }
        }
    }

    /** Samples {@code [from, to)}: the input's gradient, written: each pixel's the sum over its block. */
    public void backward(float[] gradient, float[] inGradient, int from, int to) {
        int inSize = height * width * channels;
        int outWidth = width * widthFactor;
        int outSize = inSize * heightFactor * widthFactor;
        java.util.Arrays.fill(inGradient, from * inSize, to * inSize, 0f);
        for (int s = from; s < to; s++) {
            for (int y = 0; y < height * heightFactor; y++) {
                int target = s * inSize + (y / heightFactor) * width * channels;
                int source = s * outSize + y * outWidth * channels;
                for (int x = 0; x < outWidth; x++) {
                    int into = target + (x / widthFactor) * channels;
                    int at = source + x * channels;
                    for (int c = 0; c < channels; c++) {
                        inGradient[into + c] += gradient[at + c];
                    }
                }
            }
        }
    }

    public int heightFactor() {
        return heightFactor;
    }

    public int widthFactor() {
        return widthFactor;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "UpSampling2D";
    }

    @Override
    public long[] outputShape() {
        return new long[] {(long) height * heightFactor, (long) width * widthFactor, channels};
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

    /** The layer of a plan's up-sampling step. */
    static UpSampling2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        UpSampling2DSpec spec = (UpSampling2DSpec) step.layer();
        return new UpSampling2DLayer(spec.name(), step.input(), spec.heightFactor(), spec.widthFactor());
    }
}
