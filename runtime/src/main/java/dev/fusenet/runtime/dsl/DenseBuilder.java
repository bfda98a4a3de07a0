package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.Shape;
import java.util.Optional;

/**
 * The options of one dense layer, as {@code @Dense}'s attributes and {@code keras.layers.Dense}'s arguments, with
 * the same defaults: {@code d -> { d.activation(Activation.RELU); d.inputShape(784); }}.
 */
public final class DenseBuilder {

    private final int units;
    private String name;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Optional<Shape> inputShape = Optional.empty();
    private Initializer kernelInitializer = Initializer.GLOROT_UNIFORM;
    private Initializer biasInitializer = Initializer.ZEROS;

    DenseBuilder(int units, String defaultName) {
        this.units = units;
        this.name = defaultName;
    }

    /** The layer's name (default {@code dense}, {@code dense_1}, ... as Keras names them). */
    public DenseBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The activation (default {@code LINEAR}). */
    public DenseBuilder activation(Activation activation) {
        this.activation = Options.required(activation, "activation", Activation.class);
        return this;
    }

    /** The number of input features; the first layer needs it. */
    public DenseBuilder inputShape(int features) {
        this.inputShape = Optional.of(Shape.of(features));
        return this;
    }

    /** Whether the layer adds a bias (default {@code true}). */
    public DenseBuilder useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    /** How the kernel starts (default {@code GLOROT_UNIFORM}). */
    public DenseBuilder kernelInitializer(Initializer initializer) {
        this.kernelInitializer = Options.required(initializer, "kernelInitializer", Initializer.class);
        return this;
    }

    /** How the bias starts (default {@code ZEROS}). */
    public DenseBuilder biasInitializer(Initializer initializer) {
        this.biasInitializer = Options.required(initializer, "biasInitializer", Initializer.class);
        return this;
    }

    DenseSpec spec() {
        return new DenseSpec(name, units, activation, useBias, inputShape, kernelInitializer, biasInitializer);
    }
}
