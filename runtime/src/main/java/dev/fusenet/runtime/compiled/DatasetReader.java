package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.DataException;
import java.util.Arrays;
import java.util.Map;

/**
 * Copies a dataset's batches into a model's input, label and weight buffers, checked as {@code fit}'s tensors are:
 * the features of the model's input shape, labels of the loss's form (class indices, or one value per output),
 * every value finite, weights finite and non-negative. A bad batch is refused with its index before the model sees
 * it. The buffers grow to the largest batch read; confined to the thread of the {@code fit} or {@code evaluate}.
 */
final class DatasetReader {

    private final String operation;
    private final String modelName;
    private final int[] inputShape;
    private final int inputSize;
    private final boolean sparse;
    private final int outputSize;
    private final boolean needsLabels;
    private final Map<Integer, Double> classWeight;
    private float[] x = new float[0];
    private float[] y = new float[0];
    private float[] w = new float[0];
    private long index;
    private boolean weighted;

    /**
     * A reader for {@code operation} ({@code fit}, {@code evaluate}, {@code predict}) of a model whose samples have
     * {@code inputShape}; labels must be class indices when {@code sparse}, else {@code outputSize} values each.
     * With {@code needsLabels} false (predict) labels are ignored; {@code classWeight} multiplies each sample's
     * weight by its class's (empty for none).
     */
    DatasetReader(String operation, String modelName, int[] inputShape, boolean sparse, int outputSize,
                  boolean needsLabels, Map<Integer, Double> classWeight) {
        this.operation = operation;
        this.modelName = modelName;
        this.inputShape = inputShape.clone();
        this.inputSize = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        this.sparse = sparse;
        this.outputSize = outputSize;
        this.needsLabels = needsLabels;
        this.classWeight = classWeight;
    }

    /** Copies and checks {@code batch}, the dataset's next element; returns its sample count. */
    int read(Batch batch) {
        long element = index++;
        if (!batch.isBatched()) {
            throw new DataException(operation + ": element " + element + " of the dataset is a single sample ("
                    + batch + "); a model takes batches: call batch(32) on the dataset first");
        }
        int rows = batch.size();
        if (!Arrays.equals(batch.sampleShape(), inputShape)) {
            throw new DataException(operation + ": batch " + element + " has samples of shape "
                    + shape(batch.sampleShape()) + ", but " + modelName + " takes samples of shape " + shape(inputShape)
                    + "; resize or reshape them in the dataset (imageSize, map)");
        }
        int labelWidth = sparse ? 1 : outputSize;
        grow(rows, labelWidth);
        batch.copyFeatures(x, 0);
        requireFinite(operation, "the features of batch " + element, x, rows * inputSize, inputSize);
        if (needsLabels) {
            readLabels(batch, element, rows, labelWidth);
        }
        batch.copyWeights(w, 0);
        weighted = batch.hasWeights() || !classWeight.isEmpty();
        for (int r = 0; r < rows; r++) {
            if (!(w[r] >= 0) || Float.isInfinite(w[r])) {
                throw new DataException(operation + ": sample weight " + w[r] + " of sample " + r + " of batch "
                        + element + " is not a finite number of zero or more");
            }
            if (!classWeight.isEmpty()) {
                w[r] = (float) (w[r] * classWeight.getOrDefault(classOf(r, labelWidth), 1.0));
            }
        }
        return rows;
    }

    private void readLabels(Batch batch, long element, int rows, int labelWidth) {
        if (!batch.hasLabels()) {
            throw new DataException(operation + ": batch " + element + " has no labels; " + operation + " needs "
                    + "one label per sample (a dataset from an image folder with labelMode NONE is for predict)");
        }
        int[] labelShape = batch.labelShape();
        boolean scalar = labelShape.length == 0 || (labelShape.length == 1 && labelShape[0] == 1);
        boolean fits = sparse ? scalar : (labelShape.length == 1 && labelShape[0] == outputSize)
                || (outputSize == 1 && scalar);
        if (!fits) {
            throw new DataException(operation + ": batch " + element + " has labels of shape " + shape(labelShape)
                    + " per sample, but " + modelName + " needs " + (sparse ? "one class index per sample (shape ())"
                    + " for SPARSE_CATEGORICAL_CROSSENTROPY; give int labels (labelMode INT)"
                    : outputSize + " values per sample (shape (" + outputSize + ",))"
                    + (outputSize > 1 ? "; for class indices give one-hot labels (labelMode CATEGORICAL)" : "")));
        }
        batch.copyLabels(y, 0);
        requireFinite(operation, "the labels of batch " + element, y, rows * labelWidth, labelWidth);
        if (sparse) {
            requireClassIndices(operation, "batch " + element + ", ", y, rows, outputSize);
        }
    }

    private void grow(int rows, int labelWidth) {
        if (x.length < rows * inputSize) {
            x = new float[rows * inputSize];
            y = new float[rows * labelWidth];
            w = new float[rows];
        }
    }

    float[] x() {
        return x;
    }

    float[] y() {
        return y;
    }

    /** The weights of the batch read last: its own or ones, times the class weights. */
    float[] w() {
        return w;
    }

    /**
     * The weights for the training step: {@link #w()} when the batch read last had weights or there are class
     * weights, else null, so an unweighted batch trains by the unweighted kernels, bit for bit as tensors do.
     */
    float[] stepWeights() {
        return weighted ? w : null;
    }

    /** The class of row {@code row}: its label, the arg-max of its one-hot label, or 0/1 for one output. */
    private int classOf(int row, int labelWidth) {
        if (labelWidth == 1) {
            return Math.round(y[row]);
        }
        int best = 0;
        for (int c = 1; c < labelWidth; c++) {
            if (y[row * labelWidth + c] > y[row * labelWidth + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Refuses a NaN or infinite value among the first {@code count} of {@code values}, naming sample and column. */
    static void requireFinite(String operation, String name, float[] values, int count, int width) {
        requireFinite(operation, name, values, count, width, 0);
    }

    /** {@link #requireFinite(String, String, float[], int, int)} of samples from {@code firstSample} on. */
    static void requireFinite(String operation, String name, float[] values, int count, int width,
                              int firstSample) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(values[i])) {
                throw new DataException(operation + ": " + name + " holds " + values[i] + " at sample "
                        + (firstSample + i / width) + ", column " + (i % width) + "; clean or impute the data first");
            }
        }
    }

    /** Refuses a label that is not an integer in {@code [0, classes)}. */
    static void requireClassIndices(String operation, String where, float[] labels, int rows, int classes) {
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes || labels[i] != Math.rint(labels[i])) {
                throw new DataException(operation + ": label " + labels[i] + " of " + where + "sample " + i
                        + " is not a class index in [0, " + classes + ")");
            }
        }
    }

    private static String shape(int[] dims) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            text.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return text.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
