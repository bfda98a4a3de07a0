package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;

/** {@code mean((y - ŷ)²)} over the last axis, as keras.losses.MeanSquaredError. */
public final class MeanSquaredError extends LossFunction {

    public MeanSquaredError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public MeanSquaredError(Reduction reduction) {
        super("mean_squared_error", reduction);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return yTrue.sub(yPred).square().mean(-1);
    }
}
