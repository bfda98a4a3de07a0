package dev.fusenet.runtime.data;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * One element of a {@link Dataset}: the features, the labels and the sample weights of one sample, or of a batch of
 * samples stacked along a first axis, as the tuples a {@code tf.data} dataset yields. Immutable: the getters give
 * copies, so a {@code map} cannot change what a {@link Dataset#cache() cache} holds.
 *
 * <p>A sample's features have the model's input shape ({@code 28, 28, 1}); its label is a class index (shape
 * {@code ()}), a one-hot or target vector ({@code (classes)}), or absent (a dataset to {@code predict} on); its
 * weight, when present, one number. A batch of {@code n} has shapes {@code (n, ...)} and weights {@code (n)}.
 */
public final class Batch {

    private final boolean batched;
    private final int rows;
    private final int[] sampleShape;
    private final float[] features;
    private final int[] labelShape;
    private final float[] labels;
    private final float[] weights;

    private Batch(boolean batched, int rows, int[] sampleShape, float[] features, int[] labelShape, float[] labels,
                  float[] weights) {
        this.batched = batched;
        this.rows = rows;
        this.sampleShape = sampleShape;
        this.features = features;
        this.labelShape = labelShape;
        this.labels = labels;
        this.weights = weights;
        int sampleSize = size(sampleShape);
        if ((long) sampleSize * rows != features.length) {
            throw new IllegalArgumentException("batch: " + features.length + " feature values do not make " + rows
                    + " sample(s) of shape " + format(sampleShape));
        }
        if (labels != null && (long) size(labelShape) * rows != labels.length) {
            throw new IllegalArgumentException("batch: " + labels.length + " label values do not make " + rows
                    + " label(s) of shape " + format(labelShape));
        }
        if (weights != null && weights.length != rows) {
            throw new IllegalArgumentException("batch: " + weights.length + " sample weights for " + rows
                    + " sample(s); give one weight per sample");
        }
    }

    /**
     * One sample: its features (of shape {@code sampleShape}), its label (of shape {@code labelShape}; null for
     * none) and no weight. The arrays are copied.
     */
    public static Batch sample(float[] features, int[] sampleShape, float[] label, int[] labelShape) {
        return new Batch(false, 1, sampleShape.clone(), features.clone(), label == null ? null : labelShape.clone(),
                label == null ? null : label.clone(), null);
    }

    /** One sample from tensors: features shaped as the model's input, a label shaped {@code ()} or {@code (c)}. */
    public static Batch sample(Tensor features, Tensor label) {
        return new Batch(false, 1, toInts(features.shape(), 0), floats(features), label == null ? null
                : toInts(label.shape(), 0), label == null ? null : floats(label), null);
    }

    /**
     * A batch from tensors whose first axis counts the samples: features {@code (n, ...)}, labels {@code (n, ...)}
     * or null, weights {@code (n)} or null.
     */
    public static Batch of(Tensor features, Tensor labels, Tensor weights) {
        long[] shape = features.shape();
        if (shape.length == 0) {
            throw new IllegalArgumentException("batch: features need a first axis of samples, got a scalar");
        }
        int rows = Math.toIntExact(shape[0]);
        if (labels != null && (labels.shape().length == 0 || labels.shape()[0] != rows)) {
            throw new IllegalArgumentException("batch: " + rows + " samples but labels of shape "
                    + Arrays.toString(labels.shape()) + "; give one label per sample");
        }
        return new Batch(true, rows, toInts(shape, 1), floats(features), labels == null ? null
                : toInts(labels.shape(), 1), labels == null ? null : floats(labels),
                weights == null ? null : floats(weights));
    }

    /** Whether this element is a batch (shapes with a first axis of samples) rather than one sample. */
    public boolean isBatched() {
        return batched;
    }

    /** How many samples: 1 for an unbatched element. */
    public int size() {
        return rows;
    }

    /** The shape of one sample's features. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** The shape of one sample's label: {@code []} for a class index; null when there are no labels. */
    public int[] labelShape() {
        return labelShape == null ? null : labelShape.clone();
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public boolean hasWeights() {
        return weights != null;
    }

    /** The features as a tensor: the sample's shape, or {@code (n, ...)} for a batch. */
    public Tensor features() {
        return Tensor.of(features.clone(), shape(sampleShape));
    }

    /** The labels as a tensor, or null when there are none. */
    public Tensor labels() {
        return labels == null ? null : Tensor.of(labels.clone(), shape(labelShape));
    }

    /** The sample weights, shaped {@code (n)} (a scalar for a sample), or null when there are none. */
    public Tensor weights() {
        return weights == null ? null : Tensor.of(weights.clone(), shape(new int[0]));
    }

    /** A copy of the feature values, row-major. */
    public float[] featureValues() {
        return features.clone();
    }

    /** A copy of the label values, or null. */
    public float[] labelValues() {
        return labels == null ? null : labels.clone();
    }

    /** Copies the feature values into {@code target} from {@code offset}: how a training loop fills its buffer. */
    public void copyFeatures(float[] target, int offset) {
        System.arraycopy(features, 0, target, offset, features.length);
    }

    /** Copies the label values into {@code target} from {@code offset}; there must be labels. */
    public void copyLabels(float[] target, int offset) {
        System.arraycopy(Objects.requireNonNull(labels, "this element has no labels"), 0, target, offset,
                labels.length);
    }

    /** Copies the weights into {@code target} from {@code offset}, or ones when there are none. */
    public void copyWeights(float[] target, int offset) {
        if (weights == null) {
            Arrays.fill(target, offset, offset + rows, 1f);
        } else {
            System.arraycopy(weights, 0, target, offset, rows);
        }
    }

    /** This element with other features (for a batch, {@code (n, ...)} with the same {@code n}). */
    public Batch withFeatures(Tensor newFeatures) {
        long[] shape = newFeatures.shape();
        int[] sample = batched ? requireRows("features", shape) : toInts(shape, 0);
        return new Batch(batched, rows, sample, floats(newFeatures), labelShape, labels, weights);
    }

    /** This element with other feature values of the given per-sample shape; the array is copied. */
    public Batch withFeatures(float[] values, int... newSampleShape) {
        return new Batch(batched, rows, newSampleShape.clone(), values.clone(), labelShape, labels, weights);
    }

    /** This element with other labels (for a batch, {@code (n, ...)}), or none when {@code newLabels} is null. */
    public Batch withLabels(Tensor newLabels) {
        if (newLabels == null) {
            return new Batch(batched, rows, sampleShape, features, null, null, weights);
        }
        long[] shape = newLabels.shape();
        int[] label = batched ? requireRows("labels", shape) : toInts(shape, 0);
        return new Batch(batched, rows, sampleShape, features, label, floats(newLabels), weights);
    }

    /** This element with sample weights ({@code (n)} for a batch, a scalar for a sample), or none for null. */
    public Batch withWeights(Tensor newWeights) {
        return new Batch(batched, rows, sampleShape, features, labelShape, labels,
                newWeights == null ? null : floats(newWeights));
    }

    /** Stacks unbatched elements of one shape into a batch: what {@link Dataset#batch} does. */
    static Batch stack(java.util.List<Batch> samples) {
        Batch first = samples.get(0);
        int n = samples.size();
        int featureSize = first.features.length;
        float[] features = new float[n * featureSize];
        float[] labels = first.labels == null ? null : new float[n * first.labels.length];
        boolean weighted = samples.stream().anyMatch(Batch::hasWeights);
        float[] weights = weighted ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            Batch sample = samples.get(i);
            if (!Arrays.equals(sample.sampleShape, first.sampleShape)) {
                throw new DataException("batch: sample " + i + " of a batch has features of shape "
                        + format(sample.sampleShape) + ", the first " + format(first.sampleShape) + "; samples of "
                        + "one batch need one shape (resize images to one size, e.g. imageSize(180, 180))");
            }
            if ((sample.labels == null) != (first.labels == null)
                    || (sample.labels != null && !Arrays.equals(sample.labelShape, first.labelShape))) {
                throw new DataException("batch: sample " + i + " of a batch has labels of shape "
                        + (sample.labels == null ? "none" : format(sample.labelShape)) + ", the first "
                        + (first.labels == null ? "none" : format(first.labelShape)) + "; samples of one batch need "
                        + "labels of one shape");
            }
            System.arraycopy(sample.features, 0, features, i * featureSize, featureSize);
            if (labels != null) {
                System.arraycopy(sample.labels, 0, labels, i * first.labels.length, first.labels.length);
            }
            if (weights != null) {
                weights[i] = sample.weights == null ? 1f : sample.weights[0];
            }
        }
        return new Batch(true, n, first.sampleShape, features, first.labelShape, labels, weights);
    }

    /** The samples of a batch, each an unbatched element: what {@link Dataset#unbatch} does. */
    java.util.List<Batch> unstack() {
        java.util.List<Batch> samples = new java.util.ArrayList<>(rows);
        int featureSize = features.length / Math.max(1, rows);
        int labelSize = labels == null ? 0 : labels.length / Math.max(1, rows);
        for (int i = 0; i < rows; i++) {
            samples.add(new Batch(false, 1, sampleShape,
                    Arrays.copyOfRange(features, i * featureSize, (i + 1) * featureSize), labelShape,
                    labels == null ? null : Arrays.copyOfRange(labels, i * labelSize, (i + 1) * labelSize),
                    weights == null ? null : new float[] {weights[i]}));
        }
        return samples;
    }

    // Package-private views without copies, for the dataset's own stages (batching, caching).
    float[] rawFeatures() {
        return features;
    }

    float[] rawLabels() {
        return labels;
    }

    float[] rawWeights() {
        return weights;
    }

    static Batch raw(boolean batched, int rows, int[] sampleShape, float[] features, int[] labelShape,
                     float[] labels, float[] weights) {
        return new Batch(batched, rows, sampleShape, features, labelShape, labels, weights);
    }

    private long[] shape(int[] perSample) {
        long[] shape = new long[perSample.length + (batched ? 1 : 0)];
        int at = 0;
        if (batched) {
            shape[at++] = rows;
        }
        for (int dim : perSample) {
            shape[at++] = dim;
        }
        return shape;
    }

    private int[] requireRows(String what, long[] shape) {
        if (shape.length == 0 || shape[0] != rows) {
            throw new IllegalArgumentException("batch: new " + what + " of shape " + Arrays.toString(shape)
                    + " for a batch of " + rows + "; keep the first axis at " + rows);
        }
        return toInts(shape, 1);
    }

    private static float[] floats(Tensor tensor) {
        return tensor.castTo(DType.FLOAT32).toFloatArray();
    }

    private static int[] toInts(long[] shape, int from) {
        int[] dims = new int[shape.length - from];
        for (int i = from; i < shape.length; i++) {
            dims[i - from] = Math.toIntExact(shape[i]);
        }
        return dims;
    }

    static int size(int[] shape) {
        int size = 1;
        for (int dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        return size;
    }

    static String format(int[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public String toString() {
        return (batched ? "Batch of " + rows : "Sample") + " features " + format(sampleShape)
                + (labels == null ? "" : ", labels " + format(labelShape)) + (weights == null ? "" : ", weighted");
    }
}
