package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Activation;
import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/** The options of one activation layer besides its function: {@code a -> a.name("block1_out")}. */
public final class ActivationLayerBuilder {

    private final Activation activation;
    private String name;
    private Optional<Shape> inputShape = Optional.empty();

    ActivationLayerBuilder(Activation activation, String defaultName) {
        this.activation = Options.required(activation, "activation", Activation.class);
        this.name = defaultName;
    }

    /** The layer's name (default {@code activation}, {@code activation_1}, ...). */
    public ActivationLayerBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public ActivationLayerBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    ActivationLayerSpec spec() {
        return new ActivationLayerSpec(name, activation, inputShape);
    }
}
