package dev.fusenet.runtime.dsl;

import dev.fusenet.model.FlattenSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one flatten layer: {@code f -> f.inputShape(28, 28)} when it comes first. */
public final class FlattenBuilder {

    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    FlattenBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** The layer's name (default {@code flatten}, {@code flatten_1}, ...). */
    public FlattenBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input sample, when this is the first layer: {@code inputShape(28, 28)}. */
    public FlattenBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    FlattenSpec spec() {
        return new FlattenSpec(name, inputShape);
    }
}
