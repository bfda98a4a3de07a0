package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;

/**
 * {@code Σ y · log(y / ŷ)} over the last axis, with both clipped to [1e-7, 1], as keras.losses.KLDivergence.
 */
public final class KLDivergence extends LossFunction {

    public KLDivergence() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public KLDivergence(Reduction reduction) {
        super("kl_divergence", reduction);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = yTrue.clip(EPSILON, 1);
        Tensor p = yPred.clip(EPSILON, 1);
        return y.mul(y.div(p).log()).sum(-1);
    }
}
