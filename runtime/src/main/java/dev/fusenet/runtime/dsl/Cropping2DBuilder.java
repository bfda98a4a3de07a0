package dev.fusenet.runtime.dsl;

import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The options of one Cropping2D layer besides its sizes: {@code c -> c.name("trimmed")}. */
public final class Cropping2DBuilder {

    private final List<Integer> cropping;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    Cropping2DBuilder(int[] cropping, String defaultName) {
        this.cropping = Arrays.stream(cropping).boxed().toList();
        this.name = defaultName;
    }

    /** The layer's name (default {@code cropping2d}, {@code cropping2d_1}, ...). */
    public Cropping2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public Cropping2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    Cropping2DSpec spec() {
        return new Cropping2DSpec(name, cropping, inputShape);
    }
}
