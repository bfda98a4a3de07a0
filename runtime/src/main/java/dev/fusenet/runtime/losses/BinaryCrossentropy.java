package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.Hyperparameters;

/**
 * {@code -(y · log(ŷ) + (1 - y) · log(1 - ŷ))}, averaged over the last axis, as keras.losses.BinaryCrossentropy.
 * Probabilities are clipped to [1e-7, 1 - 1e-7]; with {@code fromLogits} the stable form
 * {@code max(x, 0) - x · y + log(1 + exp(-|x|))} is used. Label smoothing replaces y with
 * {@code y · (1 - s) + s / 2}.
 */
public final class BinaryCrossentropy extends LossFunction {

    private final boolean fromLogits;
    private final double labelSmoothing;

    public BinaryCrossentropy() {
        this(false, 0.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super("binary_crossentropy", reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = Hyperparameters.requireFraction("BinaryCrossentropy", "labelSmoothing",
                labelSmoothing);
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = labelSmoothing == 0 ? yTrue : yTrue.mul(1 - labelSmoothing).add(labelSmoothing / 2);
        Tensor elementwise;
        if (fromLogits) {
            elementwise = yPred.relu().sub(yPred.mul(y)).add(yPred.abs().neg().exp().add(1).log());
        } else {
            Tensor p = clipProbabilities(yPred);
            elementwise = y.mul(p.log()).add(y.neg().add(1).mul(p.neg().add(1).log())).neg();
        }
        return elementwise.mean(-1);
    }
}
