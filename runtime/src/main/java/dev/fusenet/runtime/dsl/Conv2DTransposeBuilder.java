package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The options of one transposed convolution besides its filters and kernel size: {@code t -> t.strides(2).padding(SAME)}. */
public final class Conv2DTransposeBuilder {

    private final int filters;
    private final List<Integer> kernelSize;
    private String name;
    private List<Integer> strides = List.of(1);
    private Padding padding = Padding.VALID;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.GLOROT_UNIFORM;
    private Initializer biasInitializer = Initializer.ZEROS;
    private Optional<Shape> inputShape = Optional.empty();

    Conv2DTransposeBuilder(int filters, int[] kernelSize, String defaultName) {
        this.filters = filters;
        this.kernelSize = Arrays.stream(kernelSize).boxed().toList();
        this.name = defaultName;
    }

    /** The layer's name (default {@code conv2d_transpose}, {@code conv2d_transpose_1}, ...). */
    public Conv2DTransposeBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The step between windows: one value or two (default 1). */
    public Conv2DTransposeBuilder strides(int... strides) {
        this.strides = Arrays.stream(strides).boxed().toList();
        return this;
    }

    /** VALID (default) or SAME. */
    public Conv2DTransposeBuilder padding(Padding padding) {
        this.padding = Options.required(padding, "padding", Padding.class);
        return this;
    }

    /** The activation (default LINEAR). */
    public Conv2DTransposeBuilder activation(Activation activation) {
        this.activation = Options.required(activation, "activation", Activation.class);
        return this;
    }

    /** Whether to add a bias per filter (default true). */
    public Conv2DTransposeBuilder useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    /** How the kernel is drawn (default Glorot uniform). */
    public Conv2DTransposeBuilder kernelInitializer(Initializer initializer) {
        this.kernelInitializer = Options.required(initializer, "kernelInitializer", Initializer.class);
        return this;
    }

    /** How the bias is drawn (default zeros). */
    public Conv2DTransposeBuilder biasInitializer(Initializer initializer) {
        this.biasInitializer = Options.required(initializer, "biasInitializer", Initializer.class);
        return this;
    }

    /** The shape of one input sample, when this is the first layer. */
    public Conv2DTransposeBuilder inputShape(int... dims) {
        this.inputShape = Optional.of(Shape.of(dims));
        return this;
    }

    Conv2DTransposeSpec spec() {
        return new Conv2DTransposeSpec(name, filters, kernelSize, strides, padding, activation, useBias,
                kernelInitializer, biasInitializer, inputShape);
    }
}
