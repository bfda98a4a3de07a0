package dev.fusenet.runtime.dsl;

import dev.fusenet.model.Shape;
import dev.fusenet.model.ZeroPadding2DSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The options of one ZeroPadding2D layer: {@code p -> p.padding(1, 2)}. */
public final class ZeroPadding2DBuilder {

    private String name;
    private List<Integer> padding = List.of(1);
    private Optional<Shape> inputShape = Optional.empty();

    ZeroPadding2DBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** The layer's name (default {@code zero_padding2d}, {@code zero_padding2d_1}, ...). */
    public ZeroPadding2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The padding: one value (every side), two (height, width) or four (top, bottom, left, right); default 1. */
    public ZeroPadding2DBuilder padding(int... values) {
        this.padding = Arrays.stream(values).boxed().toList();
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public ZeroPadding2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    ZeroPadding2DSpec spec() {
        return new ZeroPadding2DSpec(name, padding, inputShape);
    }
}
