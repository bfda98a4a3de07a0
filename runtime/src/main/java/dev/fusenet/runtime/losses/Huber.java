package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.Hyperparameters;

/**
 * {@code 0.5 · e²} for |e| ≤ delta and {@code delta · |e| - 0.5 · delta²} beyond, with e = ŷ - y, averaged over the
 * last axis, as keras.losses.Huber (delta 1.0 by default).
 */
public final class Huber extends LossFunction {

    private final double delta;

    public Huber() {
        this(1.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public Huber(double delta, Reduction reduction) {
        super("huber", reduction);
        this.delta = Hyperparameters.requirePositive("Huber", "delta", delta);
    }

    public double delta() {
        return delta;
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor absolute = yPred.sub(yTrue).abs();
        Tensor quadratic = absolute.minimum(delta);
        Tensor linear = absolute.sub(quadratic);
        return quadratic.square().mul(0.5).add(linear.mul(delta)).mean(-1);
    }
}
