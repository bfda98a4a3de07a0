package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The options of one depthwise convolution besides its kernel size: {@code d -> d.padding(SAME).strides(2)}. */
public final class DepthwiseConv2DBuilder {

    private final List<Integer> kernelSize;
    private String name;
    private List<Integer> strides = List.of(1);
    private Padding padding = Padding.VALID;
    private List<Integer> dilationRate = List.of(1);
    private int depthMultiplier = 1;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer depthwiseInitializer = Initializer.GLOROT_UNIFORM;
    private Initializer biasInitializer = Initializer.ZEROS;
    private Optional<Shape> inputShape = Optional.empty();

    DepthwiseConv2DBuilder(int[] kernelSize, String defaultName) {
        this.kernelSize = Arrays.stream(kernelSize).boxed().toList();
        this.name = defaultName;
    }

    /** The layer's name (default {@code depthwise_conv2d}, {@code depthwise_conv2d_1}, ...). */
    public DepthwiseConv2DBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The step between windows: one value or two (default 1). */
    public DepthwiseConv2DBuilder strides(int... strides) {
        this.strides = Arrays.stream(strides).boxed().toList();
        return this;
    }

    /** VALID (default) or SAME. */
    public DepthwiseConv2DBuilder padding(Padding padding) {
        this.padding = Options.required(padding, "padding", Padding.class);
        return this;
    }

    /**
     * The spacing of the kernel's taps: one value, or (vertical, horizontal); default 1. Strides above 1 together with
     * a dilation above 1 are refused, as Keras refuses them.
     */
    public DepthwiseConv2DBuilder dilationRate(int... dilationRate) {
        this.dilationRate = Conv2DBuilder.ints(dilationRate);
        return this;
    }

    /** Kernels per input channel (default 1). */
    public DepthwiseConv2DBuilder depthMultiplier(int depthMultiplier) {
        this.depthMultiplier = depthMultiplier;
        return this;
    }

    /** The activation (default LINEAR). */
    public DepthwiseConv2DBuilder activation(Activation activation) {
        this.activation = Options.required(activation, "activation", Activation.class);
        return this;
    }

    /** Whether to add a bias per output channel (default true). */
    public DepthwiseConv2DBuilder useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    /** How the depthwise kernel is drawn (default Glorot uniform). */
    public DepthwiseConv2DBuilder depthwiseInitializer(Initializer initializer) {
        this.depthwiseInitializer = Options.required(initializer, "depthwiseInitializer", Initializer.class);
        return this;
    }

    /** How the bias is drawn (default zeros). */
    public DepthwiseConv2DBuilder biasInitializer(Initializer initializer) {
        this.biasInitializer = Options.required(initializer, "biasInitializer", Initializer.class);
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public DepthwiseConv2DBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    DepthwiseConv2DSpec spec() {
        return new DepthwiseConv2DSpec(name, kernelSize, strides, padding, dilationRate, depthMultiplier, activation,
                useBias, depthwiseInitializer, biasInitializer, inputShape);
    }
}
