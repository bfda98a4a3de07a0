package dev.fusenet.runtime.data;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.util.Arrays;

/**
 * Shifts and scales features to mean 0 and standard deviation 1 with statistics {@link #adapt adapted} on training
 * data, as Keras's {@code Normalization} layer after {@code adapt}: {@code (x - mean) / max(sqrt(variance), 1e-7)}
 * per feature (the last axis). Adapt on the training rows only and apply the same statistics to validation and test
 * rows, so that nothing about them leaks into training. The statistics are summed in float64 and kept as float32, as
 * Keras keeps its weights. Immutable and safe to share between threads: {@code dataset.map(norm::apply, 2)}.
 */
public final class Normalization {

    /** Keras's {@code backend.epsilon()}: the smallest standard deviation divided by, so constant features stay finite. */
    private static final float EPSILON = 1e-7f;

    private final float[] mean;
    private final float[] variance;
    /** {@code max(sqrt(variance), EPSILON)}, once. */
    private final float[] scale;

    private Normalization(float[] mean, float[] variance) {
        this.mean = mean;
        this.variance = variance;
        this.scale = new float[variance.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.max((float) Math.sqrt(variance[i]), EPSILON);
        }
    }

    /** Given statistics, one per feature (or one for all), as {@code Normalization(mean=..., variance=...)}. */
    public static Normalization of(float[] mean, float[] variance) {
        if (mean.length == 0 || mean.length != variance.length) {
            throw new IllegalArgumentException("Normalization.of: mean and variance need one value per feature each, "
                    + "got " + mean.length + " and " + variance.length);
        }
        for (float v : variance) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("Normalization.of: variances must be finite and not negative, got "
                        + Arrays.toString(variance));
            }
        }
        return new Normalization(mean.clone(), variance.clone());
    }

    /** The mean and (population) variance of each feature of {@code data}, over every axis but the last. */
    public static Normalization adapt(Tensor data) {
        long[] shape = data.shape();
        if (shape.length == 0 || data.size() == 0) {
            throw new IllegalArgumentException("Normalization.adapt: the data is empty (shape "
                    + Arrays.toString(shape) + ")");
        }
        int features = Math.toIntExact(shape[shape.length - 1]);
        Moments moments = new Moments(features);
        moments.add(floats(data), features);
        return moments.normalization();
    }

    /** One mean and variance over every value of {@code data}, as {@code Normalization(axis=None)}. */
    public static Normalization adaptGlobal(Tensor data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("Normalization.adaptGlobal: the data is empty");
        }
        Moments moments = new Moments(1);
        moments.add(floats(data), 1);
        return moments.normalization();
    }

    /** The statistics of the features of every element of one pass over {@code data}, streamed batch by batch. */
    public static Normalization adapt(Dataset data) {
        Moments moments = null;
        try (Cursor<Batch> pass = data.open(0)) {
            for (Batch batch = pass.next(); batch != null; batch = pass.next()) {
                int[] sample = batch.sampleShape();
                int features = sample.length == 0 ? 1 : sample[sample.length - 1];
                if (moments == null) {
                    moments = new Moments(features);
                } else if (moments.features() != features) {
                    throw new DataException("Normalization.adapt: the elements have " + moments.features()
                            + " features and then " + features + "; every element needs the same last axis");
                }
                moments.add(batch.featureValues(), features);
            }
        }
        if (moments == null || moments.count() == 0) {
            throw new DataException("Normalization.adapt: the dataset has no elements");
        }
        return moments.normalization();
    }

    /** The mean of each feature. */
    public float[] mean() {
        return mean.clone();
    }

    /** The variance of each feature. */
    public float[] variance() {
        return variance.clone();
    }

    /** {@code x} normalized; its last axis must have one entry per feature (any length for global statistics). */
    public Tensor apply(Tensor x) {
        float[] values = floats(x).clone();
        int features = features(x.shape());
        for (int i = 0; i < values.length; i++) {
            int f = i % features;
            values[i] = (values[i] - mean[f]) / scale[f];
        }
        return Tensor.of(values, x.shape());
    }

    /** The element with its features normalized, labels and weights as they were: for {@link Dataset#map}. */
    public Batch apply(Batch element) {
        Tensor features = element.features();
        return element.withFeatures(apply(features));
    }

    /** Undoes {@link #apply}: {@code mean + y * max(sqrt(variance), 1e-7)}, as {@code Normalization(invert=True)}. */
    public Tensor invert(Tensor y) {
        float[] values = floats(y).clone();
        int features = features(y.shape());
        for (int i = 0; i < values.length; i++) {
            int f = i % features;
            values[i] = mean[f] + values[i] * scale[f];
        }
        return Tensor.of(values, y.shape());
    }

    private int features(long[] shape) {
        if (mean.length == 1) {
            return 1;
        }
        if (shape.length == 0 || shape[shape.length - 1] != mean.length) {
            throw new IllegalArgumentException("Normalization: the data's last axis must have the " + mean.length
                    + " features adapted on, got shape " + Arrays.toString(shape));
        }
        return mean.length;
    }

    private static float[] floats(Tensor t) {
        return t.castTo(DType.FLOAT32).toFloatArray();
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", variance=" + Arrays.toString(variance) + "]";
    }

    /**
     * Running count, mean and sum of squared deviations per feature, merged chunk by chunk (Chan et al.'s pairwise
     * update), so that streaming a dataset gives the statistics of the whole without the cancellation of
     * {@code E[x²] - E[x]²}.
     */
    private static final class Moments {
        private final double[] mean;
        private final double[] squares;
        private long count;

        Moments(int features) {
            this.mean = new double[features];
            this.squares = new double[features];
        }

        int features() {
            return mean.length;
        }

        long count() {
            return count;
        }

        /** Adds the rows of {@code values} (row-major, {@code features} per row). */
        void add(float[] values, int features) {
            int rows = values.length / features;
            if (rows == 0) {
                return;
            }
            double[] chunkMean = new double[features];
            for (int i = 0; i < rows * features; i++) {
                chunkMean[i % features] += values[i];
            }
            for (int f = 0; f < features; f++) {
                chunkMean[f] /= rows;
            }
            double[] chunkSquares = new double[features];
            for (int i = 0; i < rows * features; i++) {
                double d = values[i] - chunkMean[i % features];
                chunkSquares[i % features] += d * d;
            }
            long total = count + rows;
            for (int f = 0; f < features; f++) {
                double delta = chunkMean[f] - mean[f];
                mean[f] += delta * rows / total;
                squares[f] += chunkSquares[f] + delta * delta * ((double) count * rows / total);
            }
            count = total;
        }

        Normalization normalization() {
            float[] m = new float[mean.length];
            float[] v = new float[mean.length];
            for (int f = 0; f < m.length; f++) {
                m[f] = (float) mean[f];
                v[f] = (float) (squares[f] / count);
            }
            return new Normalization(m, v);
        }
    }
}
