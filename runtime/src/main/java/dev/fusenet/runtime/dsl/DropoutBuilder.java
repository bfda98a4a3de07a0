package dev.fusenet.runtime.dsl;

import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one dropout layer besides its rate: {@code d -> d.name("drop")}. */
public final class DropoutBuilder {

    private final double rate;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    DropoutBuilder(double rate, String defaultName) {
        this.rate = rate;
        this.name = defaultName;
    }

    /** The layer's name (default {@code dropout}, {@code dropout_1}, ...). */
    public DropoutBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public DropoutBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    DropoutSpec spec() {
        return new DropoutSpec(name, rate, inputShape);
    }
}
