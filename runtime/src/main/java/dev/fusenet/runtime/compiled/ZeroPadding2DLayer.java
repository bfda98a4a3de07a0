package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import dev.fusenet.model.ZeroPadding2DSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zero padding of a compiled model: each (height, width, channels) map, channels last, copied row by row into
 * the middle of a larger one whose border is zeros. The gradient is the middle of the output's.
 */
public final class ZeroPadding2DLayer implements InterpretedLayer {

    private final String name;
    private final int height;
    private final int width;
    private final int channels;
    private final int top;
    private final int left;
    private final int paddedHeight;
    private final int paddedWidth;

    public ZeroPadding2DLayer(String name, Shape input, int top, int bottom, int left, int right) {
        this.name = name;
        this.height = input.dim(0);
        this.width = input.dim(1);
        this.channels = input.dim(2);
        this.top = top;
        this.left = left;
        this.paddedHeight = height + top + bottom;
        this.paddedWidth = width + left + right;
    }

    /** Samples {@code [from, to)}: the border zeros, the input's rows in the middle. */
    public void forward(float[] in, float[] out, int from, int to) {
        int inSize = height * width * channels;
        int outSize = paddedHeight * paddedWidth * channels;
        int row = width * channels;
        Arrays.fill(out, from * outSize, to * outSize, 0f);
        for (int s = from; s < to; s++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(in, s * inSize + y * row, out, middle(s, y, outSize), row);
            }
        }
    }

    /** Samples {@code [from, to)}: the input's gradient, written: the output's, less the border. */
    public void backward(float[] gradient, float[] inGradient, int from, int to) {
        int inSize = height * width * channels;
        int outSize = paddedHeight * paddedWidth * channels;
        int row = width * channels;
        for (int s = from; s < to; s++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(gradient, middle(s, y, outSize), inGradient, s * inSize + y * row, row);
            }
        }
    }

    /** Where input row {@code y} of sample {@code s} starts in the output. */
    private int middle(int s, int y, int outSize) {
        return s * outSize + ((y + top) * paddedWidth + left) * channels;
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] sides() {
        return new int[] {top, paddedHeight - height - top, left, paddedWidth - width - left};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "ZeroPadding2D";
    }

    @Override
    public long[] outputShape() {
        return new long[] {paddedHeight, paddedWidth, channels};
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

    /** The layer of a plan's zero padding step. */
    static ZeroPadding2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        ZeroPadding2DSpec spec = (ZeroPadding2DSpec) step.layer();
        int[] sides = spec.sides();
        return new ZeroPadding2DLayer(spec.name(), step.input(), sides[0], sides[1], sides[2], sides[3]);
    }
}
