package dev.fusenet.runtime.dsl;

import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one batch-normalisation layer, Keras's defaults unless set: {@code b -> b.momentum(0.9)}. */
public final class BatchNormalizationBuilder {

    private String name;
    private int axis = -1;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Optional<Shape> inputShape = Optional.empty();

    BatchNormalizationBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** The layer's name (default {@code batch_normalization}, {@code batch_normalization_1}, ...). */
    public BatchNormalizationBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The normalised axis (default -1, the last; fusenet normalises the last axis). */
    public BatchNormalizationBuilder axis(int axis) {
        this.axis = axis;
        return this;
    }

    /** How much of the moving statistics each training step keeps (default 0.99). */
    public BatchNormalizationBuilder momentum(double momentum) {
        this.momentum = momentum;
        return this;
    }

    /** Added to the variance before its square root (default 0.001). */
    public BatchNormalizationBuilder epsilon(double epsilon) {
        this.epsilon = epsilon;
        return this;
    }

    /** Whether to add the trained offset beta (default true). */
    public BatchNormalizationBuilder center(boolean center) {
        this.center = center;
        return this;
    }

    /** Whether to multiply by the trained scale gamma (default true). */
    public BatchNormalizationBuilder scale(boolean scale) {
        this.scale = scale;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public BatchNormalizationBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    BatchNormalizationSpec spec() {
        return new BatchNormalizationSpec(name, axis, momentum, epsilon, center, scale, inputShape);
    }
}
