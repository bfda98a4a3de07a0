package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * An activation on its own (Keras's {@code Activation} layer) of a compiled model: the same kernels as a layer's
 * fused activation ({@link ActivationKernels}), over the values of the layer it reads, each position's channels
 * as one row so that softmax normalises the last axis. The input is copied into the layer's own pre-activations
 * first, because the kernels write {@code z} and the input belongs to the layer that made it.
 */
public final class ActivationLayer implements InterpretedLayer {

    private final String name;
    private final Activation activation;
    private final Shape shape;
    /** Values per sample. */
    private final int size;
    /** The last axis: the values one row of the kernels holds. */
    private final int channels;
    private final int positions;
    /** The kernels add a bias; this layer has none. */
    private final float[] zeros;

    public ActivationLayer(String name, Activation activation, Shape shape) {
        this.name = name;
        this.activation = activation;
        this.shape = shape;
        this.size = Math.toIntExact(shape.size());
        this.channels = shape.dims().get(shape.rank() - 1);
        this.positions = size / channels;
        this.zeros = new float[channels];
    }

    /** Samples {@code [from, to)}: {@code z = in}, {@code a = f(z)}. */
    public void forward(float[] in, float[] z, float[] a, int from, int to) {
        System.arraycopy(in, from * size, z, from * size, (to - from) * size);
        ActivationKernels.forward(activation, z, zeros, a, from * positions, to * positions, channels);
    }

    /**
     * Samples {@code [from, to)}: the gradient with respect to the outputs turned, in place, into the one with
     * respect to the inputs, and written to {@code inGradient}.
     */
    public void backward(float[] z, float[] a, float[] gradient, float[] inGradient, int from, int to) {
        ActivationKernels.backward(activation, z, a, gradient, from * positions, to * positions, channels);
        System.arraycopy(gradient, from * size, inGradient, from * size, (to - from) * size);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Activation";
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.in(), memory.out.z, memory.out.a, from, to);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        backward(memory.out.z, memory.out.a, memory.out.gradient, memory.gradientTarget.gradient, from, to);
    }

    /** The layer of a plan's activation step. */
    static ActivationLayer of(ModelPlan.Step step, SplittableRandom random) {
        ActivationLayerSpec spec = (ActivationLayerSpec) step.layer();
        return new ActivationLayer(spec.name(), spec.activation(), step.output());
    }
}
