package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.RandomRotationSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random rotation besides its factor: {@code r -> r.fillMode(FillMode.CONSTANT)}. */
public final class RandomRotationBuilder {

    private final List<Double> factor;
    private FillMode fillMode = FillMode.REFLECT;
    private Interpolation interpolation = Interpolation.BILINEAR;
    private double fillValue;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomRotationBuilder(List<Double> factor, String defaultName) {
        this.factor = factor;
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_rotation}, {@code random_rotation_1}, ...). */
    public RandomRotationBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomRotationBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** How points from outside the image are filled: {@link FillMode#REFLECT} by default. */
    public RandomRotationBuilder fillMode(FillMode fillMode) {
        this.fillMode = Options.required(fillMode, "fillMode", FillMode.class);
        return this;
    }

    /** How the image is read between pixels: {@link Interpolation#BILINEAR} by default. */
    public RandomRotationBuilder interpolation(Interpolation interpolation) {
        this.interpolation = Options.required(interpolation, "interpolation", Interpolation.class);
        return this;
    }

    /** The value outside the image with {@link FillMode#CONSTANT} (default 0). */
    public RandomRotationBuilder fillValue(double fillValue) {
        this.fillValue = fillValue;
        return this;
    }

    RandomRotationSpec spec() {
        return new RandomRotationSpec(name, factor, fillMode, interpolation, fillValue, inputShape);
    }
}
