package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import java.util.SplittableRandom;

/**
 * An inverted-dropout layer of a compiled model: while training it keeps each value with probability
 * {@code 1 - rate}, scaled by {@code 1 / (1 - rate)}, and drops the rest; at inference it passes values through.
 *
 * <p>The mask of a step is a pure function of the layer's key (drawn from the model's seed), the optimizer's step
 * count and the value's index, not of a random generator's hidden state: so a model saved and loaded mid-training
 * drops the same values as one trained straight through, and no state needs saving.
 */
public final class DropoutLayer implements InterpretedLayer, SeededLayer, TrainingOnlyLayer {

    private final String name;
    private final int units;
    private final float rate;
    private final float scale;
    private long key;

    public DropoutLayer(String name, int units, double rate) {
        this.name = name;
        this.units = units;
        this.rate = (float) rate;
        this.scale = (float) (1 / (1 - rate));
    }

    /** Draws this layer's key from the model's initialisation stream, in declaration order with the others. */
    public void initialise(SplittableRandom random) {
        key = random.nextLong();
    }

    /**
     * {@code out = in ⊙ mask}, with this step's mask of 0 and {@code 1 / (1 - rate)}: value {@code i} of step
     * {@code step} is dropped when its hash, read as a uniform number in [0, 1), is below the rate.
     */
    public void forwardTraining(float[] in, float[] mask, float[] out, int from, int to, long step) {
        fillMask(mask, from, to, step);
        for (int i = from; i < to; i++) {
            out[i] = in[i] * mask[i];
        }
    }

    /**
     * The mask of step {@code step} for values {@code [from, to)} of the batch: 0 where value {@code i}'s hash, read
     * as a uniform number in [0, 1), is below the rate, {@code 1 / (1 - rate)} elsewhere. Generated code and the runtime DSL
     * both draw their masks here, so they drop the same values.
     */
    public void fillMask(float[] mask, int from, int to, long step) {
        long stepKey = Draws.stepKey(key, step);
        for (int i = from; i < to; i++) {
            float uniform = Draws.uniform24(stepKey, i);
            mask[i] = uniform < rate ? 0f : scale;
        }
    }

    /** The key this layer's masks are drawn from, saved with the model. */
    @Override
    public long key() {
        return key;
    }

    @Override
    public void setKey(long key) {
        this.key = key;
    }

    /** Inference: the values pass through. */
    public void forwardInference(float[] in, float[] out, int from, int to) {
        System.arraycopy(in, from, out, from, to - from);
    }

    /** {@code inGradient = outGradient ⊙ mask}. */
    public void backward(float[] outGradient, float[] mask, float[] inGradient, int from, int to) {
        for (int i = from; i < to; i++) {
            inGradient[i] = outGradient[i] * mask[i];
        }
    }

    public double rate() {
        return rate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Dropout";
    }

    @Override
    public long[] outputShape() {
        return new long[] {units};
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        LayerBuffers out = memory.out;
        if (training) {
            forwardTraining(memory.in(), out.mask, out.a, from * units, to * units, memory.iterations.getAsLong());
        } else {
            forwardInference(memory.in(), out.a, from * units, to * units);
        }
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        backward(memory.out.gradient, memory.out.mask, memory.gradientTarget.gradient, from * units, to * units);
    }

    /** The layer of a plan's dropout step, its key drawn from {@code random}. */
    static DropoutLayer of(dev.fusenet.model.ModelPlan.Step step, SplittableRandom random) {
        dev.fusenet.model.DropoutSpec dropout = (dev.fusenet.model.DropoutSpec) step.layer();
        DropoutLayer made = new DropoutLayer(dropout.name(), Math.toIntExact(step.input().size()), dropout.rate());
        made.initialise(random);
        return made;
    }
}
