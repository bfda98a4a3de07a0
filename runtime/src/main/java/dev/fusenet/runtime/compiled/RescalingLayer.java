package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/** {@code x · scale + offset} of a compiled model (Keras's {@code Rescaling}), in float32 as Keras computes it. */
public final class RescalingLayer implements InterpretedLayer {

    private final String name;
    private final float scale;
    private final float offset;
    private final Shape shape;
    private final int size;

    public RescalingLayer(String name, double scale, double offset, Shape shape) {
        this.name = name;
        this.scale = (float) scale;
        this.offset = (float) offset;
        this.shape = shape;
        this.size = Math.toIntExact(shape.size());
    }

    /** Samples {@code [from, to)}: {@code out = in · scale + offset}. */
    public void forward(float[] in, float[] out, int from, int to) {
        for (int i = from * size, end = to * size; i < end; i++) {
            out[i] = in[i] * scale + offset;
        }
    }

    /** Samples {@code [from, to)}: the input's gradient, {@code gradient · scale}, written. */
    public void backward(float[] gradient, float[] inGradient, int from, int to) {
        for (int i = from * size, end = to * size; i < end; i++) {
            inGradient[i] = gradient[i] * scale;
        }
    }

    public float scale() {
        return scale;
    }

    public float offset() {
        return offset;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Rescaling";
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
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

    /** The layer of a plan's rescaling step. */
    static RescalingLayer of(ModelPlan.Step step, SplittableRandom random) {
        RescalingSpec spec = (RescalingSpec) step.layer();
        return new RescalingLayer(spec.name(), spec.scale(), spec.offset(), step.output());
    }
}
