package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.Arrays;

/**
 * One weight of a layer, as Keras's {@code add_weight} makes it: a name within the layer ({@code kernel},
 * {@code moving_mean}), a shape as Keras stores it, and whether the optimizer trains it. Its values live on the
 * heap, where the optimizer updates them; a trainable weight also has a gradient and the optimizer's state
 * ({@link GradientOptimizer#slotNames()} buffers of its size), a non-trainable one neither. Every layer kind
 * declares its weights as a list of these ({@link dev.fusenet.runtime.Layer#weights()}), and {@link ParameterStore}
 * serves {@code getWeights}, checkpoints, the optimizer and the summary from those lists alone.
 *
 * <p>For the update the values are split into {@link Shards#COUNT} disjoint parts the two shards update at once:
 * a weight of rank 2 or more is a matrix of its last dimension's width (a kernel's rows), a vector is a column;
 * part {@code p} is rows {@code [Shards.from(p, rows), Shards.to(p, rows))}.
 *
 * <p>Not safe for concurrent writes: a model writes its weights under its write lock.
 */
public final class Weight {

    private final String name;
    private final long[] shape;
    private final boolean trainable;
    private final int rows;
    private final int width;
    final float[] values;
    /** The gradient of the last training step; empty for a non-trainable weight. */
    final float[] gradient;
    /** The optimizer's state, one buffer per slot; none for a non-trainable weight or before {@link #attach}. */
    float[][] slots = new float[0][];
    /** What the owner does when the values changed outside an update (a copy elsewhere to refresh), or null. */
    private final Runnable changed;

    /** A weight of {@code shape} whose owner keeps no copy of it. */
    public Weight(String name, long[] shape, boolean trainable) {
        this(name, shape, trainable, null);
    }

    /** A weight of {@code shape}; {@code changed} runs when its values are replaced (setWeights, load, restore). */
    public Weight(String name, long[] shape, boolean trainable, Runnable changed) {
        this.name = name;
        this.shape = shape.clone();
        this.trainable = trainable;
        this.changed = changed;
        long size = 1;
        for (long dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        this.values = new float[Math.toIntExact(size)];
        this.gradient = new float[trainable ? values.length : 0];
        this.width = shape.length < 2 ? 1 : Math.toIntExact(shape[shape.length - 1]);
        this.rows = width == 0 ? 0 : values.length / width;
    }

    /** Its name within its layer, e.g. {@code kernel}. */
    public String name() {
        return name;
    }

    /** Its shape as Keras stores it, e.g. (inputs, units) for a dense kernel. */
    public long[] shape() {
        return shape.clone();
    }

    /** Whether the optimizer trains it; a non-trainable weight (a moving statistic) changes otherwise or not at all. */
    public boolean trainable() {
        return trainable;
    }

    /** The number of values. */
    public int size() {
        return values.length;
    }

    /** A copy of the values, shaped as Keras stores them. */
    public Tensor value() {
        return Tensor.of(values.clone(), shape);
    }

    /**
     * A copy of the gradient from the last training step, shaped as the weight.
     *
     * @throws IllegalStateException for a non-trainable weight
     */
    public Tensor gradient() {
        requireTrainable();
        return Tensor.of(gradient.clone(), shape);
    }

    /** Makes the optimizer's state buffers, for a trainable weight. */
    void attach(GradientOptimizer optimizer) {
        slots = trainable ? optimizer.newSlots(values.length) : new float[0][];
    }

    /** Applies this step's update to part {@code part} of the values, from the gradient on the heap. */
    void update(GradientOptimizer optimizer, int part) {
        if (trainable) {
            int from = Shards.from(part, rows) * width;
            optimizer.update(values, gradient, slots, from, Shards.to(part, rows) * width - from);
        }
    }

    /** Applies this step's update to all values (gradients from elsewhere, e.g. a tape). */
    void update(GradientOptimizer optimizer) {
        if (trainable) {
            optimizer.update(values, gradient, slots, 0, values.length);
        }
    }

    /** Replaces the values with {@code replacement}, of this weight's size, and tells the owner. */
    void set(float[] replacement) {
        System.arraycopy(replacement, 0, values, 0, values.length);
        changed();
    }

    /** Replaces the gradient with {@code replacement}, of this weight's size. */
    void setGradient(float[] replacement) {
        requireTrainable();
        System.arraycopy(replacement, 0, gradient, 0, gradient.length);
    }

    /** Tells the owner the values changed outside an update. */
    void changed() {
        if (changed != null) {
            changed.run();
        }
    }

    /**
     * {@code tensor} as this weight's values, once its shape has been checked against this weight's;
     * {@code what} names it in the message, e.g. {@code weight 3 (dense.kernel)}.
     */
    float[] checked(String operation, String what, Tensor tensor) {
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new IllegalArgumentException(operation + ": " + what + " must have shape " + Arrays.toString(shape)
                    + ", not " + Arrays.toString(tensor.shape()));
        }
        return tensor.castTo(DType.FLOAT32).toFloatArray();
    }

    private void requireTrainable() {
        if (!trainable) {
            throw new IllegalStateException("weight " + name + " is not trainable and has no gradient");
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (trainable ? "" : " (non-trainable)");
    }
}
