package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.Hyperparameters;

/**
 * {@code -Σ y · log(ŷ)} over the classes (the last axis), for one-hot labels, as
 * keras.losses.CategoricalCrossentropy. The probabilities are renormalised to sum to 1 and clipped to
 * [1e-7, 1 - 1e-7]; with {@code fromLogits} the predictions are logits and {@code log softmax} is used instead.
 * Label smoothing replaces y with {@code y · (1 - s) + s / classes}.
 *
 * <p>The lecture's slide adds a {@code (1 - y) · log(1 - ŷ)} term: that is binary cross-entropy summed over the
 * classes. Keras, and fusenet, define categorical cross-entropy without it.
 */
public final class CategoricalCrossentropy extends LossFunction {

    private final boolean fromLogits;
    private final double labelSmoothing;

    public CategoricalCrossentropy() {
        this(false, 0.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super("categorical_crossentropy", reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = Hyperparameters.requireFraction("CategoricalCrossentropy", "labelSmoothing",
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
        Tensor labels = smooth(yTrue, labelSmoothing, yPred.dim(-1));
        Tensor logProbabilities = fromLogits
                ? yPred.logSoftmax(-1)
                : clipProbabilities(yPred.div(yPred.sum(-1, true))).log();
        return labels.mul(logProbabilities).sum(-1).neg();
    }

    /** {@code y · (1 - s) + s / classes}: Keras's label smoothing for categorical labels. */
    static Tensor smooth(Tensor labels, double smoothing, long classes) {
        return smoothing == 0 ? labels : labels.mul(1 - smoothing).add(smoothing / classes);
    }

    @Override
    protected String hintForShapes() {
        return "; one-hot encode integer labels with Tensors.toCategorical, or use SparseCategoricalCrossentropy";
    }
}
