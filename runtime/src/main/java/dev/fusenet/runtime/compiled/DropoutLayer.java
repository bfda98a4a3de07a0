package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Tensor;
import java.util.SplittableRandom;

/**
 * An inverted-dropout layer of a compiled model: while training it keeps each value with probability
 * {@code 1 - rate}, scaled by {@code 1 / (1 - rate)}, and drops the rest; at inference it passes values through.
 */
public final class DropoutLayer implements Layer {

    private final String name;
    private final int units;
    private final float rate;
    private final float scale;

    public DropoutLayer(String name, int units, double rate) {
        this.name = name;
        this.units = units;
        this.rate = (float) rate;
        this.scale = (float) (1 / (1 - rate));
    }

    /** {@code out = in ⊙ mask}, drawing a fresh mask of 0 and {@code 1 / (1 - rate)} for this batch. */
    public void forwardTraining(float[] in, float[] mask, float[] out, int count, SplittableRandom random) {
        for (int i = 0; i < count; i++) {
            mask[i] = random.nextFloat() < rate ? 0f : scale;
            out[i] = in[i] * mask[i];
        }
    }

    /** Inference: the values pass through. */
    public void forwardInference(float[] in, float[] out, int count) {
        System.arraycopy(in, 0, out, 0, count);
    }

    /** {@code inGradient = outGradient ⊙ mask}. */
    public void backward(float[] outGradient, float[] mask, float[] inGradient, int count) {
        for (int i = 0; i < count; i++) {
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

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public Tensor kernel() {
        throw new IllegalStateException("layer " + name + " is a dropout layer and has no kernel");
    }

    @Override
    public Tensor bias() {
        throw new IllegalStateException("layer " + name + " is a dropout layer and has no bias");
    }
}
