package dev.fusenet.runtime.losses;

import dev.fusenet.annotations.Loss;

/**
 * What one sample's label is for a model's loss, the one rule {@code fit}, {@code evaluate}, datasets and Spark's
 * rows all follow, as Keras does: a class index for the sparse loss, otherwise as many values as the model has
 * outputs. A class index is never one-hot encoded behind the user's back for categorical cross-entropy (Keras
 * refuses it too): the message says to use the sparse loss or to encode it.
 */
public final class LabelForm {

    private LabelForm() {
    }

    /** The number of values in one sample's label. */
    public static int width(Loss loss, int outputs) {
        return loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY ? 1 : outputs;
    }

    /** What to do instead when a sample's label has {@code width} values that do not fit: "" when nothing better. */
    public static String hint(Loss loss, int outputs, int width) {
        if (loss == Loss.CATEGORICAL_CROSSENTROPY && width == 1 && outputs > 1) {
            return "; for class indices use SPARSE_CATEGORICAL_CROSSENTROPY, or one-hot encode them with "
                    + "Tensors.toCategorical(y, " + outputs + ")";
        }
        if (loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY && width == outputs && outputs > 1) {
            return "; for one-hot labels use CATEGORICAL_CROSSENTROPY, or pass their arg-max";
        }
        return "";
    }

    /** Why a sample's label of {@code width} values does not fit, or null when it does. */
    public static String problem(Loss loss, int outputs, int width) {
        if (width == width(loss, outputs)) {
            return null;
        }
        String wanted = loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY ? "one class index"
                : outputs + " values, one per output of the model";
        return "a label of " + width + " values, but " + loss + " takes " + wanted + hint(loss, outputs, width);
    }
}
