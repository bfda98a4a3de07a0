package dev.fusenet.runtime.autodiff;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named, mutable holder of a tensor: a model's weights (tf.Variable). Its value is replaced, never
 * modified in place, so a tensor read from it stays valid. A tape that watches accessed variables (the
 * default) watches every trainable variable whose {@link #value()} is read while it records.
 */
public final class Variable {

    private final String name;
    private final boolean trainable;
    private Tensor value;

    public Variable(String name, Tensor initialValue) {
        this(name, initialValue, true);
    }

    public Variable(String name, Tensor initialValue, boolean trainable) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(initialValue, "initialValue");
        this.trainable = trainable;
        if (trainable && !initialValue.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Variable " + name + ": a trainable variable needs a floating-point "
                    + "value, got " + initialValue.dtype() + "; cast it with castTo(DType.FLOAT32) or pass "
                    + "trainable = false");
        }
    }

    public String name() {
        return name;
    }

    public boolean trainable() {
        return trainable;
    }

    /** The current value; reading it inside a recording tape lets the tape differentiate with respect to it. */
    public Tensor value() {
        Tensor current = value;
        if (trainable) {
            Recording.variableRead(this, current);
        }
        return current;
    }

    /** The current value without telling the tapes: for fusenet's own bookkeeping. */
    Tensor peek() {
        return value;
    }

    public long[] shape() {
        return value.shape();
    }

    public DType dtype() {
        return value.dtype();
    }

    /**
     * Replaces the value; the new value must have the variable's shape and dtype.
     *
     * @throws IllegalArgumentException naming both shapes or dtypes otherwise
     */
    public void assign(Tensor newValue) {
        if (!Arrays.equals(newValue.shape(), value.shape()) || newValue.dtype() != value.dtype()) {
            throw new IllegalArgumentException("Variable " + name + ".assign: expected " + value.dtype() + " "
                    + Shapes.format(value.shape()) + ", got " + newValue.dtype() + " "
                    + Shapes.format(newValue.shape()));
        }
        value = newValue;
    }

    /** {@code value = value - delta}, as {@code tf.Variable.assign_sub}. */
    public void assignSub(Tensor delta) {
        assign(value.sub(delta.castTo(value.dtype())));
    }

    /** {@code value = value + delta}, as {@code tf.Variable.assign_add}. */
    public void assignAdd(Tensor delta) {
        assign(value.add(delta.castTo(value.dtype())));
    }

    @Override
    public String toString() {
        return "Variable " + name + " " + value.dtype() + " " + Shapes.format(value.shape()) + ": " + value;
    }
}
