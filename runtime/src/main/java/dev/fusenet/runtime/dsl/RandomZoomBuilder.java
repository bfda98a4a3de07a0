package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.RandomZoomSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random zoom besides its height factor: {@code z -> z.widthFactor(-0.2, 0.2)}. */
public final class RandomZoomBuilder {

    private final List<Double> heightFactor;
    private List<Double> widthFactor = List.of();
    private FillMode fillMode = FillMode.REFLECT;
    private Interpolation interpolation = Interpolation.BILINEAR;
    private double fillValue;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomZoomBuilder(List<Double> heightFactor, String defaultName) {
        this.heightFactor = heightFactor;
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_zoom}, {@code random_zoom_1}, ...). */
    public RandomZoomBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomZoomBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** The width's zoom, as the height's (one value f for [-f, f], or lower and upper); default: the height's. */
    public RandomZoomBuilder widthFactor(double... factor) {
        this.widthFactor = Augmentations.factor(factor);
        return this;
    }

    /** How points from outside the image are filled: {@link FillMode#REFLECT} by default. */
    public RandomZoomBuilder fillMode(FillMode fillMode) {
        this.fillMode = Options.required(fillMode, "fillMode", FillMode.class);
        return this;
    }

    /** How the image is read between pixels: {@link Interpolation#BILINEAR} by default. */
    public RandomZoomBuilder interpolation(Interpolation interpolation) {
        this.interpolation = Options.required(interpolation, "interpolation", Interpolation.class);
        return this;
    }

    /** The value outside the image with {@link FillMode#CONSTANT} (default 0). */
    public RandomZoomBuilder fillValue(double fillValue) {
        this.fillValue = fillValue;
        return this;
    }

    RandomZoomSpec spec() {
        return new RandomZoomSpec(name, heightFactor, widthFactor, fillMode, interpolation, fillValue, inputShape);
    }
}
