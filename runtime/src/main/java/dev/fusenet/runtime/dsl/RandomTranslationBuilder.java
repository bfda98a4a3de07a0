package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.RandomTranslationSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random translation besides its factors: {@code t -> t.fillMode(FillMode.NEAREST)}. */
public final class RandomTranslationBuilder {

    private final List<Double> heightFactor;
    private final List<Double> widthFactor;
    private FillMode fillMode = FillMode.REFLECT;
    private Interpolation interpolation = Interpolation.BILINEAR;
    private double fillValue;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomTranslationBuilder(List<Double> heightFactor, List<Double> widthFactor, String defaultName) {
        this.heightFactor = heightFactor;
        this.widthFactor = widthFactor;
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_translation}, {@code random_translation_1}, ...). */
    public RandomTranslationBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomTranslationBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** How points from outside the image are filled: {@link FillMode#REFLECT} by default. */
    public RandomTranslationBuilder fillMode(FillMode fillMode) {
        this.fillMode = Options.required(fillMode, "fillMode", FillMode.class);
        return this;
    }

    /** How the image is read between pixels: {@link Interpolation#BILINEAR} by default. */
    public RandomTranslationBuilder interpolation(Interpolation interpolation) {
        this.interpolation = Options.required(interpolation, "interpolation", Interpolation.class);
        return this;
    }

    /** The value outside the image with {@link FillMode#CONSTANT} (default 0). */
    public RandomTranslationBuilder fillValue(double fillValue) {
        this.fillValue = fillValue;
        return this;
    }

    RandomTranslationSpec spec() {
        return new RandomTranslationSpec(name, heightFactor, widthFactor, fillMode, interpolation, fillValue,
                inputShape);
    }
}
