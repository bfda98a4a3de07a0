package dev.fusenet.runtime.dsl;

import dev.fusenet.model.Shape;
import dev.fusenet.model.UpSampling2DSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The options of one UpSampling2D layer: {@code u -> u.size(2, 3)}. */
public final class UpSampling2DBuilder {

    private String name;
    private List<Integer> size = List.of(2);
    private Optional<Shape> inputShape = Optional.empty();

    UpSampling2DBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** The layer's name (default {@code up_sampling2d}, {@code up_sampling2d_1}, ...). */
    public UpSampling2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The factors: one value (both axes) or two (height, width); default 2. */
    public UpSampling2DBuilder size(int... values) {
        this.size = Arrays.stream(values).boxed().toList();
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public UpSampling2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    UpSampling2DSpec spec() {
        return new UpSampling2DSpec(name, size, inputShape);
    }
}
