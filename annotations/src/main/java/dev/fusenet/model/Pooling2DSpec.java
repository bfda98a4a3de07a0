package dev.fusenet.model;

import dev.fusenet.annotations.Padding;
import java.util.List;
import java.util.Optional;

/**
 * A declared {@code @MaxPooling2D} or {@code @AveragePooling2D} layer; {@code poolSize} and {@code strides} as
 * written, one value or two, and {@code strides} empty where the declaration left it to the window's size.
 */
public record Pooling2DSpec(String name, Kind type, List<Integer> poolSize, List<Integer> strides, Padding padding,
                            Optional<Shape> inputShape) implements LayerSpec {

    /** Which value of a window the layer keeps. */
    public enum Kind {
        MAX("MaxPooling2D"),
        AVERAGE("AveragePooling2D");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }
    }

    public Pooling2DSpec {
        poolSize = List.copyOf(poolSize);
        strides = List.copyOf(strides);
    }

    /** Pooling of a square window, strides the window's size, VALID, as Keras's defaults. */
    public static Pooling2DSpec of(String name, Kind type, int poolSize) {
        return new Pooling2DSpec(name, type, List.of(poolSize), List.of(), Padding.VALID, Optional.empty());
    }

    /** The pooling window, with Keras's default strides (the window's size) where none were declared. */
    public Window window() {
        return new Window(poolSize, strides.isEmpty() ? poolSize : strides, padding);
    }

    @Override
    public String kind() {
        return type.kerasName();
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return WindowRules.checkDeclaration(index, this, window(), "poolSize");
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return WindowRules.checkInput(index, this, window(), "poolSize", "pool window", input, from);
    }

    @Override
    public Shape outputShape(Shape input) {
        Window.Placement placement = window().over(input.dim(0), input.dim(1));
        return Shape.of(placement.outputHeight(), placement.outputWidth(), input.dim(2));
    }

    @Override
    public boolean commutesWithBiasAndRelu() {
        return type == Kind.MAX;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new java.util.ArrayList<>();
        if (!poolSize.equals(List.of(2))) {
            attributes.add(new Attribute("poolSize", poolSize));
        }
        if (!strides.isEmpty()) {
            attributes.add(new Attribute("strides", strides));
        }
        if (padding != Padding.VALID) {
            attributes.add(new Attribute("padding", padding));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
