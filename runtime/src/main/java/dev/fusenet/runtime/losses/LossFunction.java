package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;

/**
 * A loss, as a Keras loss object: {@link #apply(Tensor, Tensor)} gives the scalar the optimizer minimises.
 * Subclasses give the per-sample values ({@link #perSample}); the reduction then averages them over the batch
 * by default (Keras's {@code "sum_over_batch_size"}). Everything is written in {@link Tensor} operations, so a
 * {@link dev.fusenet.runtime.autodiff.GradientTape} differentiates every loss.
 */
public abstract class LossFunction {

    /** How per-sample losses become the loss, as Keras's {@code reduction}. */
    public enum Reduction {
        /** The mean over every per-sample value: Keras's default. */
        SUM_OVER_BATCH_SIZE,
        /** The sum of the per-sample values. */
        SUM,
        /** No reduction: the per-sample values. */
        NONE
    }

    /** Probabilities are clipped to [EPSILON, 1 - EPSILON] before a logarithm, as Keras's backend epsilon. */
    public static final double EPSILON = 1e-7;

    private final String name;
    private final Reduction reduction;

    protected LossFunction(String name, Reduction reduction) {
        this.name = name;
        this.reduction = reduction;
    }

    /** Keras's name for this loss, e.g. {@code "categorical_crossentropy"}. */
    public String name() {
        return name;
    }

    public Reduction reduction() {
        return reduction;
    }

    /**
     * The loss of a batch: per-sample values reduced as configured.
     *
     * @throws IllegalArgumentException naming both shapes when labels and predictions do not fit together
     */
    public final Tensor apply(Tensor yTrue, Tensor yPred) {
        checkShapes(yTrue, yPred);
        if (!yPred.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": predictions must be floating-point, got " + yPred.dtype());
        }
        Tensor values = perSample(yTrue.castTo(yPred.dtype()), yPred);
        return switch (reduction) {
            case SUM_OVER_BATCH_SIZE -> values.mean();
            case SUM -> values.sum();
            case NONE -> values;
        };
    }

    /**
     * The loss with each sample's value multiplied by its weight, as Keras's {@code loss(y_true, y_pred,
     * sample_weight)}: the mean stays over the samples (Keras's {@code sum_over_batch_size}), so weights of 2
     * double the loss.
     *
     * @throws IllegalArgumentException when {@code sampleWeight} does not have one value per sample
     */
    public final Tensor apply(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        checkShapes(yTrue, yPred);
        if (!yPred.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": predictions must be floating-point, got " + yPred.dtype());
        }
        Tensor values = perSample(yTrue.castTo(yPred.dtype()), yPred);
        if (!Arrays.equals(sampleWeight.shape(), values.shape())) {
            throw new IllegalArgumentException(name + ": sample weights " + Shapes.format(sampleWeight.shape())
                    + " do not match the per-sample losses " + Shapes.format(values.shape())
                    + "; give one weight per sample");
        }
        Tensor weighted = values.mul(sampleWeight.castTo(values.dtype()));
        return switch (reduction) {
            case SUM_OVER_BATCH_SIZE -> weighted.mean();
            case SUM -> weighted.sum();
            case NONE -> weighted;
        };
    }

    /** The loss of each sample: the predictions' shape without its last axis. */
    protected abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /** Labels must have the predictions' shape; sparse losses override this. */
    protected void checkShapes(Tensor yTrue, Tensor yPred) {
        if (!Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException(name + ": labels " + Shapes.format(yTrue.shape())
                    + " do not match predictions " + Shapes.format(yPred.shape()) + "; they need the same shape"
                    + hintForShapes());
        }
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(name + ": predictions need at least one axis, got a scalar");
        }
    }

    /** A suggestion added to the shape-mismatch message. */
    protected String hintForShapes() {
        return "";
    }

    /** Probabilities kept inside [ε, 1 - ε] so that their logarithm stays finite, as Keras does. */
    static Tensor clipProbabilities(Tensor p) {
        return p.clip(EPSILON, 1 - EPSILON);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(reduction=" + reduction + ")";
    }
}
