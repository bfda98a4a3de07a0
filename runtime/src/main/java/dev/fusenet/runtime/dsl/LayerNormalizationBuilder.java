package dev.fusenet.runtime.dsl;

import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one layer normalisation: {@code n -> n.epsilon(1e-6).name("norm")}, Keras's defaults else. */
public final class LayerNormalizationBuilder {

    private String name;
    private int axis = -1;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Optional<Shape> inputShape = Optional.empty();

    LayerNormalizationBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** The layer's name (default {@code layer_normalization}, {@code layer_normalization_1}, ...). */
    public LayerNormalizationBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The axis normalised: the last, -1 (default), which fusenet supports. */
    public LayerNormalizationBuilder axis(int axis) {
        this.axis = axis;
        return this;
    }

    /** Added to the variance before its square root (default 0.001). */
    public LayerNormalizationBuilder epsilon(double epsilon) {
        this.epsilon = epsilon;
        return this;
    }

    /** Whether to add the trained offset beta (default true). */
    public LayerNormalizationBuilder center(boolean center) {
        this.center = center;
        return this;
    }

    /** Whether to multiply by the trained scale gamma (default true). */
    public LayerNormalizationBuilder scale(boolean scale) {
        this.scale = scale;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public LayerNormalizationBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    LayerNormalizationSpec spec() {
        return new LayerNormalizationSpec(name, axis, epsilon, center, scale, inputShape);
    }
}
