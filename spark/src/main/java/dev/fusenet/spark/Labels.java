package dev.fusenet.spark;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a model's loss expects of a row, and how rows become a batch: the features' count, and labels as class
 * indices (the sparse loss), one-hot rows made from class indices (categorical cross-entropy fed indices), or
 * values shaped as the outputs. One place checks rows, on the executors, before any weight changes.
 */
record Labels(int[] inputShape, int inputSize, int outputs, Loss loss) implements Serializable {

    static Labels of(Model model) {
        int[] input = model.inputShape();
        long[] output = model.layers().get(model.layers().size() - 1).outputShape();
        return new Labels(input, Arrays.stream(input).reduce(1, Math::multiplyExact),
                Math.toIntExact(Arrays.stream(output).reduce(1, Math::multiplyExact)), model.loss());
    }

    private boolean sparse() {
        return loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    /** Whether a one-number label is a class index the batch one-hot encodes. */
    private boolean indexToOneHot(int width) {
        return width == 1 && outputs > 1 && loss == Loss.CATEGORICAL_CROSSENTROPY;
    }

    /** What is wrong with {@code sample}, if anything, in words naming the expected shapes. */
    Optional<String> problem(Sample sample) {
        float[] x = sample.features();
        if (x.length != inputSize) {
            return Optional.of(x.length + " features, but the model takes " + inputSize + " ("
                    + Arrays.toString(inputShape) + " flattened)");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return Optional.of("feature " + i + " is " + x[i]);
            }
        }
        float[] y = sample.label();
        for (int i = 0; i < y.length; i++) {
            if (!Float.isFinite(y[i])) {
                return Optional.of("label value " + i + " is " + y[i]);
            }
        }
        if (sparse() || indexToOneHot(y.length)) {
            if (y.length != 1) {
                return Optional.of("a label of " + y.length + " values, but " + loss + " takes one class index");
            }
            if (y[0] < 0 || y[0] >= outputs || y[0] != Math.rint(y[0])) {
                return Optional.of("label " + y[0] + " is not a class index in [0, " + outputs + ")");
            }
            return Optional.empty();
        }
        if (y.length != outputs) {
            return Optional.of("a label of " + y.length + " values, but the model gives " + outputs + " outputs"
                    + (y.length == 1 ? " (a class index fits SPARSE_CATEGORICAL_CROSSENTROPY or "
                    + "CATEGORICAL_CROSSENTROPY)" : ""));
        }
        return Optional.empty();
    }

    /** The batch's inputs, shaped (rows, ...the input shape). */
    Tensor x(List<Sample> rows) {
        float[] values = new float[rows.size() * inputSize];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r).features(), 0, values, r * inputSize, inputSize);
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = rows.size();
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        return Tensor.of(values, shape);
    }

    /** The batch's labels in the form the loss takes. */
    Tensor y(List<Sample> rows) {
        int n = rows.size();
        if (sparse()) {
            float[] indices = new float[n];
            for (int r = 0; r < n; r++) {
                indices[r] = rows.get(r).label()[0];
            }
            return Tensor.of(indices, n);
        }
        float[] values = new float[n * outputs];
        for (int r = 0; r < n; r++) {
            float[] label = rows.get(r).label();
            if (indexToOneHot(label.length)) {
                values[r * outputs + (int) label[0]] = 1f;
            } else {
                System.arraycopy(label, 0, values, r * outputs, outputs);
            }
        }
        return Tensor.of(values, n, outputs);
    }
}
