package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.optimizers.Hyperparameters;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;

/**
 * Categorical cross-entropy for integer class labels, as keras.losses.SparseCategoricalCrossentropy: labels
 * of shape (n) or (n, 1) against predictions of shape (n, classes). The labels are one-hot encoded and the
 * categorical loss applied, so label smoothing works here as well.
 */
public final class SparseCategoricalCrossentropy extends LossFunction {

    private final CategoricalCrossentropy categorical;

    public SparseCategoricalCrossentropy() {
        this(false, 0.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super("sparse_categorical_crossentropy", reduction);
        Hyperparameters.requireFraction("SparseCategoricalCrossentropy", "labelSmoothing", labelSmoothing);
        this.categorical = new CategoricalCrossentropy(fromLogits, labelSmoothing, reduction);
    }

    public boolean fromLogits() {
        return categorical.fromLogits();
    }

    @Override
    protected void checkShapes(Tensor yTrue, Tensor yPred) {
        long[] labels = yTrue.shape();
        long[] predictions = yPred.shape();
        long[] expected = Arrays.copyOf(predictions, Math.max(0, predictions.length - 1));
        boolean fits = Arrays.equals(labels, expected)
                || (labels.length == predictions.length && labels.length > 0 && labels[labels.length - 1] == 1
                        && Arrays.equals(Arrays.copyOf(labels, labels.length - 1), expected));
        if (predictions.length == 0 || !fits) {
            throw new IllegalArgumentException(name() + ": integer labels " + Shapes.format(labels)
                    + " do not fit predictions " + Shapes.format(predictions) + "; expected labels of shape "
                    + Shapes.format(expected) + " (for one-hot labels use CategoricalCrossentropy)");
        }
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor oneHot = Tensors.toCategorical(yTrue.castTo(DType.INT64),
                Math.toIntExact(yPred.dim(-1)));
        return categorical.perSample(oneHot.castTo(yPred.dtype()), yPred);
    }
}
