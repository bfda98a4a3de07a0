package dev.fusenet.runtime.data;

import dev.fusenet.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of a CSV file as float32 features (one row per sample) and labels, with the names of the features
 * (a one-hot column's categories as {@code column=value}), of the labels, and of the classes of a class label; each
 * row remembers its line in the file. {@link #split} and {@link #folds} cut it into training and held-out rows,
 * {@link #features()} and {@link #labels()} give tensors, {@link #toDataset()} a dataset. Immutable.
 */
public final class CsvTable {

    /** Training rows and the rows held out from them (for testing or validation). */
    public record Split(CsvTable training, CsvTable heldOut) {
    }

    private final String fileName;
    private final float[] features;
    private final List<String> featureNames;
    private final float[] labels;
    /** One sample's label shape: () for a class index, (k) otherwise; null without labels. */
    private final int[] labelShape;
    private final List<String> labelNames;
    private final List<String> classNames;
    private final long[] lines;

    CsvTable(String fileName, float[] features, List<String> featureNames, float[] labels, int[] labelShape,
             List<String> labelNames, List<String> classNames, long[] lines) {
        this.fileName = fileName;
        this.features = features;
        this.featureNames = featureNames;
        this.labels = labels;
        this.labelShape = labelShape;
        this.labelNames = labelNames;
        this.classNames = classNames;
        this.lines = lines;
    }

    /** The number of rows. */
    public int size() {
        return lines.length;
    }

    /** The number of features per row: numeric columns count one, one-hot columns one per category. */
    public int featureCount() {
        return featureNames.size();
    }

    /** Each feature's name, in the order of {@link #features()}'s columns. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The label columns, in the order of {@link #labels()}'s columns (the class column for class labels). */
    public List<String> labelNames() {
        return labelNames;
    }

    /** The classes of a class label in the order of their indices, as Keras's {@code class_names}; else empty. */
    public List<String> classNames() {
        return classNames;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The features, shaped (rows, featureCount). */
    public Tensor features() {
        return Tensor.of(features.clone(), size(), featureCount());
    }

    /**
     * The labels: (rows, columns) for numeric labels, (rows) class indices, (rows, classes) one-hot, (rows, 1) 0/1.
     *
     * @throws IllegalStateException when the table was read without labels
     */
    public Tensor labels() {
        if (labels == null) {
            throw new IllegalStateException(fileName + " was read without labels; name the label column with "
                    + "labels(...) or classLabel(...)");
        }
        long[] shape = new long[labelShape.length + 1];
        shape[0] = size();
        for (int i = 0; i < labelShape.length; i++) {
            shape[i + 1] = labelShape[i];
        }
        return Tensor.of(labels.clone(), shape);
    }

    /** The line of {@code row} in the file (from 1), for reporting about a row. */
    public long line(int row) {
        return lines[row];
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public CsvTable rows(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("rows(" + from + ", " + to + ") of a table of " + size() + " rows");
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return rows(indices);
    }

    /** The rows at {@code indices}, in that order. */
    public CsvTable rows(int[] indices) {
        int width = featureCount();
        int labelWidth = labels == null ? 0 : labels.length / Math.max(1, size());
        float[] x = new float[indices.length * width];
        float[] y = labels == null ? null : new float[indices.length * labelWidth];
        long[] rowLines = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int row = indices[i];
            if (row < 0 || row >= size()) {
                throw new IndexOutOfBoundsException("row " + row + " of a table of " + size() + " rows");
            }
            System.arraycopy(features, row * width, x, i * width, width);
            if (y != null) {
                System.arraycopy(labels, row * labelWidth, y, i * labelWidth, labelWidth);
            }
            rowLines[i] = lines[row];
        }
        return new CsvTable(fileName, x, featureNames, y, labelShape, labelNames, classNames, rowLines);
    }

    /**
     * The rows shuffled with {@code seed}, the first {@code floor((1 - heldOutFraction) * size)} of them for training
     * and the rest held out, as Keras's {@code load_data(test_split=0.2, seed=113)} cuts its data sets (506 rows:
     * 404 and 102). The same seed gives the same split every time; the shuffle is fusenet's own, not numpy's, so the
     * rows on each side are not those Keras picks for that seed.
     */
    public Split split(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("split: heldOutFraction must be between 0 and 1, got " + heldOutFraction);
        }
        int heldOut = size() - (int) ((1 - heldOutFraction) * size());
        if (heldOut == 0 || heldOut == size()) {
            throw new IllegalArgumentException("split: " + heldOutFraction + " of " + size() + " rows leaves "
                    + (heldOut == 0 ? "no row held out" : "no row for training"));
        }
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int cut = size() - heldOut;
        return new Split(rows(Arrays.copyOfRange(order, 0, cut)), rows(Arrays.copyOfRange(order, cut, size())));
    }

    /**
     * The {@code k} splits of k-fold cross-validation, in row order: fold {@code i} holds out the i-th of {@code k}
     * consecutive parts (the first {@code size % k} parts one row longer, as scikit-learn's {@code KFold}, so every
     * row is held out once) and trains on the rest. Shuffle first ({@link #split}) when the file is sorted.
     */
    public List<Split> folds(int k) {
        if (k < 2 || k > size()) {
            throw new IllegalArgumentException("folds: k must be between 2 and the " + size() + " rows, got " + k);
        }
        List<Split> splits = new ArrayList<>();
        int start = 0;
        for (int fold = 0; fold < k; fold++) {
            int length = size() / k + (fold < size() % k ? 1 : 0);
            int end = start + length;
            int[] training = new int[size() - length];
            int t = 0;
            for (int row = 0; row < size(); row++) {
                if (row < start || row >= end) {
                    training[t++] = row;
                }
            }
            splits.add(new Split(rows(training), rows(start, end)));
            start = end;
        }
        return splits;
    }

    /** The rows as a dataset of samples (batch it before training), with the class names. */
    public Dataset toDataset() {
        int width = featureCount();
        int labelWidth = labels == null ? 0 : labels.length / size();
        int[] sampleShape = {width};
        return Dataset.of(new IndexedSource<>(size(), i -> Batch.raw(false, 1, sampleShape,
                Arrays.copyOfRange(features, i * width, (i + 1) * width), labelShape,
                labels == null ? null : Arrays.copyOfRange(labels, i * labelWidth, (i + 1) * labelWidth), null)),
                0, classNames);
    }

    @Override
    public String toString() {
        return "CsvTable[" + fileName + ": " + size() + " rows, features " + featureNames
                + (labels == null ? "" : ", labels " + labelNames) + "]";
    }
}
