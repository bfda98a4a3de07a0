package dev.fusenet.runtime.dsl;

import dev.fusenet.model.RandomContrastSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random contrast besides its factor: {@code c -> c.valueRange(0, 1)}. */
public final class RandomContrastBuilder {

    private final List<Double> factor;
    private List<Double> valueRange = List.of(0.0, 255.0);
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomContrastBuilder(List<Double> factor, String defaultName) {
        this.factor = factor;
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_contrast}, {@code random_contrast_1}, ...). */
    public RandomContrastBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomContrastBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** The pixels' range, which results are clipped to: {@code (0, 255)} by default. */
    public RandomContrastBuilder valueRange(double min, double max) {
        this.valueRange = List.of(min, max);
        return this;
    }

    RandomContrastSpec spec() {
        return new RandomContrastSpec(name, factor, valueRange, inputShape);
    }
}
