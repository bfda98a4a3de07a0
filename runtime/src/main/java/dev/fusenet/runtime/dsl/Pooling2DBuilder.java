package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The options of one pooling layer besides its window, as {@code @MaxPooling2D}'s and {@code @AveragePooling2D}'s
 * attributes: {@code p -> p.strides(1).padding(Padding.SAME)}.
 */
public final class Pooling2DBuilder {

    private final Pooling2DSpec.Kind kind;
    private final List<Integer> poolSize;
    private String name;
    private List<Integer> strides = List.of();
    private Padding padding = Padding.VALID;
    private Optional<Shape> inputShape = Optional.empty();

    Pooling2DBuilder(Pooling2DSpec.Kind kind, int[] poolSize, String defaultName) {
        this.kind = kind;
        this.poolSize = Conv2DBuilder.ints(poolSize);
        this.name = defaultName;
    }

    /** The layer's name (default {@code max_pooling2d}, {@code average_pooling2d}, ... as Keras names them). */
    public Pooling2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The step between windows: one value or two; by default the window's size. */
    public Pooling2DBuilder strides(int... strides) {
        this.strides = Conv2DBuilder.ints(strides);
        return this;
    }

    /** VALID (default) or SAME. */
    public Pooling2DBuilder padding(Padding padding) {
        this.padding = Options.required(padding, "padding", Padding.class);
        return this;
    }

    /** The input's (height, width, channels), when this is the first layer. */
    public Pooling2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    Pooling2DSpec spec() {
        return new Pooling2DSpec(name, kind, poolSize, strides, padding, inputShape);
    }
}
