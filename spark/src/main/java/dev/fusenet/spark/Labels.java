package dev.fusenet.spark;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.losses.LabelForm;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a model's loss expects of a row, and how rows become a batch: the features' count, and labels as
 * {@link LabelForm} says for every front end (a class index for the sparse loss, otherwise values shaped as the
 * outputs). One place checks rows, on the executors, before any weight changes.
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
        String width = LabelForm.problem(loss, outputs, y.length);
        if (width != null) {
            return Optional.of(width);
        }
        if (sparse() && (y[0] < 0 || y[0] >= outputs || y[0] != Math.rint(y[0]))) {
            return Optional.of("label " + y[0] + " is not a class index in [0, " + outputs + ")");
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
            System.arraycopy(rows.get(r).label(), 0, values, r * outputs, outputs);
        }
        return Tensor.of(values, n, outputs);
    }
}
