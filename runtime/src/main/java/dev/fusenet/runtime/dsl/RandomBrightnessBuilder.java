package dev.fusenet.runtime.dsl;

import dev.fusenet.model.RandomBrightnessSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random brightness besides its factor: {@code b -> b.valueRange(0, 1)}. */
public final class RandomBrightnessBuilder {

    private final List<Double> factor;
    private List<Double> valueRange = List.of(0.0, 255.0);
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomBrightnessBuilder(List<Double> factor, String defaultName) {
        this.factor = factor;
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_brightness}, {@code random_brightness_1}, ...). */
    public RandomBrightnessBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomBrightnessBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** The pixels' range, which results are clipped to: {@code (0, 255)} by default. */
    public RandomBrightnessBuilder valueRange(double min, double max) {
        this.valueRange = List.of(min, max);
        return this;
    }

    RandomBrightnessSpec spec() {
        return new RandomBrightnessSpec(name, factor, valueRange, inputShape);
    }
}
