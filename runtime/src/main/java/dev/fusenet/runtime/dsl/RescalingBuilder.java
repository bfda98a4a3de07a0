package dev.fusenet.runtime.dsl;

import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one rescaling layer besides its scale: {@code r -> r.offset(-1).inputShape(180, 180, 3)}. */
public final class RescalingBuilder {

    private final double scale;
    private double offset;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    RescalingBuilder(double scale, String defaultName) {
        this.scale = scale;
        this.name = defaultName;
    }

    /** The layer's name (default {@code rescaling}, {@code rescaling_1}, ...). */
    public RescalingBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** What is added after the scaling (default 0). */
    public RescalingBuilder offset(double offset) {
        this.offset = offset;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public RescalingBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    RescalingSpec spec() {
        return new RescalingSpec(name, scale, offset, inputShape);
    }
}
