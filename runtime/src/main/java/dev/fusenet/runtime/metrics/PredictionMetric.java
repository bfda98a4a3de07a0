package dev.fusenet.runtime.metrics;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;

/**
 * A metric of labels against predictions. Each metric's rule exists once, over row-major float buffers
 * ({@link #update(float[], float[], int, int)}), which generated code calls directly; {@link #update(Tensor,
 * Tensor)} checks the shapes and feeds the same rule.
 */
public abstract class PredictionMetric extends StreamingMetric implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The batch's weights while training; not part of the metric's value, so never shipped. */
    private transient float[] sampleWeights;
    private String displayName;

    protected PredictionMetric(String name) {
        super(name);
    }

    /**
     * Adds a batch: labels and predictions of shape (rows, width), or (rows) for width 1.
     *
     * @throws IllegalArgumentException naming both shapes when they do not fit this metric
     */
    public final void update(Tensor yTrue, Tensor yPred) {
        checkShapes(yTrue.shape(), yPred.shape());
        long[] shape = yPred.shape();
        int width = shape.length == 0 ? 1 : Math.toIntExact(shape[shape.length - 1]);
        int rows = width == 0 ? 0 : Math.toIntExact(yPred.size() / width);
        update(yTrue.castTo(DType.FLOAT32).toFloatArray(), yPred.castTo(DType.FLOAT32).toFloatArray(), rows, width);
    }

    /**
     * Adds a batch from raw buffers: {@code rows × width} predictions, and labels laid out as this metric
     * expects (the same shape, or one class index per row for the sparse metrics). A metric made
     * {@link #weightedBy weighted} weighs each row by the sample weights it was given.
     */
    public final void update(float[] yTrue, float[] yPred, int rows, int width) {
        update(yTrue, yPred, rows, width, sampleWeights);
    }

    /**
     * Adds a batch with each row counted {@code weights[row]} times (Keras's {@code sample_weight}), or once each
     * when {@code weights} is null.
     */
    public abstract void update(float[] yTrue, float[] yPred, int rows, int width, float[] weights);

    /**
     * Makes this metric one of Keras's {@code weighted_metrics}: its updates weigh row {@code r} by
     * {@code sampleWeights[r]}. The array is read at each update, so a training loop refills it for each batch.
     */
    public final PredictionMetric weightedBy(float[] sampleWeights) {
        this.sampleWeights = sampleWeights;
        return this;
    }

    /** This metric under another name in logs and history, e.g. {@code weighted_accuracy}. */
    public final PredictionMetric named(String name) {
        this.displayName = name;
        return this;
    }

    @Override
    public String name() {
        return displayName != null ? displayName : super.name();
    }

    /**
     * Adds what {@code other}, a metric of the same kind and settings, has seen to what this one has: so that
     * parts of a data set counted apart (on a cluster's partitions) give the metric of the whole.
     *
     * @throws IllegalArgumentException when {@code other} is another kind of metric
     */
    public abstract void merge(PredictionMetric other);

    /** {@code other} as this metric's class, or an error naming both. */
    protected final <M extends PredictionMetric> M sameKind(PredictionMetric other, Class<M> type) {
        if (!type.isInstance(other)) {
            throw new IllegalArgumentException(name() + ": cannot merge a " + other.getClass().getSimpleName()
                    + " into a " + getClass().getSimpleName());
        }
        return type.cast(other);
    }

    /** Whether this metric's updates are weighted ({@link #weightedBy}). */
    public final boolean isWeighted() {
        return sampleWeights != null;
    }

    /** Row {@code r}'s weight: 1 without weights. */
    static double weight(float[] weights, int r) {
        return weights == null ? 1.0 : weights[r];
    }

    /** Labels must have the predictions' shape; sparse metrics override this. */
    protected void checkShapes(long[] yTrue, long[] yPred) {
        if (!Arrays.equals(yTrue, yPred)) {
            throw new IllegalArgumentException(name() + ": labels " + Shapes.format(yTrue)
                    + " do not match predictions " + Shapes.format(yPred) + "; they need the same shape");
        }
    }

    /** The index of the largest of {@code width} values from {@code start} (the first on ties, as argmax). */
    static int argmax(float[] values, int start, int width) {
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (values[start + c] > values[start + best]) {
                best = c;
            }
        }
        return best;
    }
}
