package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;

/** {@code mean(|y - ŷ|)} over the last axis, as keras.losses.MeanAbsoluteError. */
public final class MeanAbsoluteError extends LossFunction {

    public MeanAbsoluteError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public MeanAbsoluteError(Reduction reduction) {
        super("mean_absolute_error", reduction);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return yTrue.sub(yPred).abs().mean(-1);
    }
}
