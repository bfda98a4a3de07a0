package dev.fusenet.runtime.dsl;

import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one global pooling layer: {@code p -> p.keepdims(true).name("gap")}. */
public final class GlobalPooling2DBuilder {

    private final GlobalPooling2DSpec.Kind kind;
    private String name;
    private boolean keepdims;
    private Optional<Shape> inputShape = Optional.empty();

    GlobalPooling2DBuilder(GlobalPooling2DSpec.Kind kind, String defaultName) {
        this.kind = kind;
        this.name = defaultName;
    }

    /** The layer's name (default {@code global_average_pooling2d}, {@code global_max_pooling2d}, ...). */
    public GlobalPooling2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** Whether the output keeps the spatial axes, (1, 1, channels); default false, (channels). */
    public GlobalPooling2DBuilder keepdims(boolean keepdims) {
        this.keepdims = keepdims;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public GlobalPooling2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    GlobalPooling2DSpec spec() {
        return new GlobalPooling2DSpec(name, kind, keepdims, inputShape);
    }
}
