package dev.fusenet.runtime;

import java.util.Arrays;

/** Conversions for training data, named as Keras's utilities. */
public final class Tensors {

    private Tensors() {
    }

    /**
     * One-hot encodes integer class labels, as {@code keras.utils.to_categorical}: labels of shape (n) give a
     * FLOAT32 tensor of shape (n, numClasses) with a 1 in each label's column. A trailing axis of size 1 in the
     * labels is dropped first, so (n, 1) also gives (n, numClasses).
     *
     * @throws IllegalArgumentException naming the first label outside {@code [0, numClasses)} and its position
     */
    public static Tensor toCategorical(Tensor labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("toCategorical: numClasses must be positive, got " + numClasses);
        }
        if (labels.dtype().isFloatingPoint() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("toCategorical: labels must be integers, got " + labels.dtype()
                    + "; cast them with castTo(DType.INT32)");
        }
        long[] shape = labels.shape();
        if (shape.length > 1 && shape[shape.length - 1] == 1) {
            shape = Arrays.copyOf(shape, shape.length - 1);
        }
        long[] values = labels.toLongArray();
        float[] oneHot = new float[Math.multiplyExact(values.length, numClasses)];
        for (int i = 0; i < values.length; i++) {
            long label = values[i];
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("toCategorical: label " + label + " at index " + i
                        + " is outside [0, " + numClasses + "); numClasses must exceed the largest label");
            }
            oneHot[i * numClasses + (int) label] = 1f;
        }
        long[] categoricalShape = Arrays.copyOf(shape, shape.length + 1);
        categoricalShape[shape.length] = numClasses;
        return Tensor.of(oneHot, categoricalShape);
    }

    /** One-hot encodes with as many classes as the largest label plus one. */
    public static Tensor toCategorical(Tensor labels) {
        long[] values = labels.toLongArray();
        long largest = Arrays.stream(values).max().orElse(0);
        return toCategorical(labels, Math.toIntExact(largest + 1));
    }
}
