package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;

/**
 * {@code -Σ (y / ‖y‖) · (ŷ / ‖ŷ‖)} over the last axis, as keras.losses.CosineSimilarity: -1 when the vectors
 * point the same way, 0 when orthogonal. Norms are kept from zero as {@code sqrt(max(Σx², 1e-12))}.
 */
public final class CosineSimilarity extends LossFunction {

    public CosineSimilarity() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public CosineSimilarity(Reduction reduction) {
        super("cosine_similarity", reduction);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return normalise(yTrue).mul(normalise(yPred)).sum(-1).neg();
    }

    private static Tensor normalise(Tensor x) {
        return x.div(x.square().sum(-1, true).maximum(1e-12).sqrt());
    }
}
