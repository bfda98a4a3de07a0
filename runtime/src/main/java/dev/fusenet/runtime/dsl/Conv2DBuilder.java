package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The options of one 2D convolution, as {@code @Conv2D}'s attributes and {@code keras.layers.Conv2D}'s arguments,
 * with the same defaults: {@code c -> c.activation(Activation.RELU).inputShape(28, 28, 1)}.
 */
public final class Conv2DBuilder {

    private final int filters;
    private final List<Integer> kernelSize;
    private String name;
    private List<Integer> strides = List.of(1);
    private Padding padding = Padding.VALID;
    private List<Integer> dilationRate = List.of(1);
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Optional<Shape> inputShape = Optional.empty();
    private Initializer kernelInitializer = Initializer.GLOROT_UNIFORM;
    private Initializer biasInitializer = Initializer.ZEROS;

    Conv2DBuilder(int filters, int[] kernelSize, String defaultName) {
        this.filters = filters;
        this.kernelSize = ints(kernelSize);
        this.name = defaultName;
    }

    /** The layer's name (default {@code conv2d}, {@code conv2d_1}, ... as Keras names them). */
    public Conv2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The step between windows: one value, or (vertical, horizontal); default 1. */
    public Conv2DBuilder strides(int... strides) {
        this.strides = ints(strides);
        return this;
    }

    /** VALID (default) or SAME. */
    public Conv2DBuilder padding(Padding padding) {
        this.padding = Options.required(padding, "padding", Padding.class);
        return this;
    }

    /**
     * The spacing of the kernel's taps: one value, or (vertical, horizontal); default 1. Strides above 1 together with
     * a dilation above 1 are refused, as Keras refuses them.
     */
    public Conv2DBuilder dilationRate(int... dilationRate) {
        this.dilationRate = Conv2DBuilder.ints(dilationRate);
        return this;
    }

    /** The activation (default {@code LINEAR}). */
    public Conv2DBuilder activation(Activation activation) {
        this.activation = Options.required(activation, "activation", Activation.class);
        return this;
    }

    /** Whether the layer adds a bias per filter (default {@code true}). */
    public Conv2DBuilder useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    /** The input's (height, width, channels), when this is the first layer: {@code inputShape(28, 28, 1)}. */
    public Conv2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    /** How the kernel starts (default {@code GLOROT_UNIFORM}). */
    public Conv2DBuilder kernelInitializer(Initializer initializer) {
        this.kernelInitializer = Options.required(initializer, "kernelInitializer", Initializer.class);
        return this;
    }

    /** How the bias starts (default {@code ZEROS}). */
    public Conv2DBuilder biasInitializer(Initializer initializer) {
        this.biasInitializer = Options.required(initializer, "biasInitializer", Initializer.class);
        return this;
    }

    Conv2DSpec spec() {
        return new Conv2DSpec(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                inputShape, kernelInitializer, biasInitializer);
    }

    static List<Integer> ints(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
