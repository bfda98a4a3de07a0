package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * Cropping of a compiled model: the middle of each (height, width, channels) map, channels last. Cropping is the
 * transpose of zero padding from the cropped shape: the forward is the padding's gradient step (the middle of
 * the larger map), and the backward is the padding's forward (the gradient in the middle, zeros on the cut
 * border), so the two kinds share one pair of copy loops.
 */
public final class Cropping2DLayer implements InterpretedLayer {

    private final String name;
    private final ZeroPadding2DLayer transpose;
    private final long[] outputShape;

    public Cropping2DLayer(String name, Shape input, int top, int bottom, int left, int right) {
        this.name = name;
        Shape output = Shape.of(input.dim(0) - top - bottom, input.dim(1) - left - right, input.dim(2));
        this.transpose = new ZeroPadding2DLayer(name, output, top, bottom, left, right);
        this.outputShape = new long[] {output.dim(0), output.dim(1), output.dim(2)};
    }

    /** Samples {@code [from, to)}: the input without its border. */
    public void forward(float[] in, float[] out, int from, int to) {
        transpose.backward(in, out, from, to);
    }

    /** Samples {@code [from, to)}: the input's gradient, written: the output's in the middle, zeros on the border. */
    public void backward(float[] gradient, float[] inGradient, int from, int to) {
        transpose.forward(gradient, inGradient, from, to);
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] sides() {
        return transpose.sides();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Cropping2D";
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
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

    /** The layer of a plan's cropping step. */
    static Cropping2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        Cropping2DSpec spec = (Cropping2DSpec) step.layer();
        int[] sides = spec.sides();
        return new Cropping2DLayer(spec.name(), step.input(), sides[0], sides[1], sides[2], sides[3]);
    }
}
