package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FlipMode;
import dev.fusenet.model.RandomFlipSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/** The options of one random flip: {@code f -> f.inputShape(180, 180, 3)}; the mode is the method's argument. */
public final class RandomFlipBuilder {

    private final FlipMode mode;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RandomFlipBuilder(FlipMode mode, String defaultName) {
        this.mode = Options.required(mode, "randomFlip", FlipMode.class);
        this.name = defaultName;
    }

    /** The layer's name (default {@code random_flip}, {@code random_flip_1}, ...). */
    public RandomFlipBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input image {@code (height, width, channels)}, when this is the first layer. */
    public RandomFlipBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    RandomFlipSpec spec() {
        return new RandomFlipSpec(name, mode, inputShape);
    }
}
