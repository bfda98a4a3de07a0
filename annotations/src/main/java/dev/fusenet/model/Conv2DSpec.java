package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import java.util.List;
import java.util.Optional;

/** A declared {@code @Conv2D} layer; {@code kernelSize} and {@code strides} as written, one value or two. */
public record Conv2DSpec(String name, int filters, List<Integer> kernelSize, List<Integer> strides, Padding padding,
                         List<Integer> dilationRate, Activation activation, boolean useBias, Optional<Shape> inputShape,
                         Initializer kernelInitializer, Initializer biasInitializer) implements LayerSpec {

    public Conv2DSpec {
        kernelSize = List.copyOf(kernelSize);
        strides = List.copyOf(strides);
        dilationRate = List.copyOf(dilationRate);
    }

    /** A 2D convolution with Keras's defaults for everything but filters, a square kernel and activation. */
    public static Conv2DSpec of(String name, int filters, int kernelSize, Activation activation) {
        return new Conv2DSpec(name, filters, List.of(kernelSize), List.of(1), Padding.VALID, List.of(1), activation, true,
                Optional.empty(), Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    /** The kernel's window. */
    public Window window() {
        return new Window(kernelSize, strides, padding, dilationRate);
    }

    @Override
    public String kind() {
        return "Conv2D";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return Conv2DRules.checkDeclaration(index, this);
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return Conv2DRules.checkInput(index, this, input, from);
    }

    @Override
    public Shape outputShape(Shape input) {
        Window.Placement placement = window().over(input.dim(0), input.dim(1));
        return Shape.of(placement.outputHeight(), placement.outputWidth(), filters);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Window window = window();
        WeightSpec kernel = new WeightSpec("kernel", Shape.of(window.height(), window.width(), input.dim(2),
                filters), true, kernelInitializer);
        return useBias ? List.of(kernel, new WeightSpec("bias", Shape.of(filters), true, biasInitializer))
                : List.of(kernel);
    }

    @Override
    public long parameterCount(Shape input) {
        return kernelValues(input) + (useBias ? filters : 0);
    }

    @Override
    public boolean hasWeights() {
        return true;
    }

    @Override
    public boolean canDeferBiasAndRelu() {
        return activation == Activation.RELU;
    }

    /** Its patch matrix: each output position's window of the input as a row. */
    @Override
    public long workingValues(Shape input, Shape output) {
        Window window = window();
        return Math.max(output.size(), (long) window.height() * window.width() * input.dim(2) * output.dim(0)
                * output.dim(1));
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new java.util.ArrayList<>();
        attributes.add(new Attribute("filters", filters));
        attributes.add(new Attribute("kernelSize", kernelSize));
        if (!strides.equals(List.of(1))) {
            attributes.add(new Attribute("strides", strides));
        }
        if (padding != Padding.VALID) {
            attributes.add(new Attribute("padding", padding));
        }
        if (!dilationRate.equals(List.of(1))) {
            attributes.add(new Attribute("dilationRate", dilationRate));
        }
        if (activation != Activation.LINEAR) {
            attributes.add(new Attribute("activation", activation));
        }
        if (!useBias) {
            attributes.add(new Attribute("useBias", false));
        }
        Attribute.initializers(attributes, kernelInitializer, biasInitializer);
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }

    /** The kernel's size, kernelHeight · kernelWidth · inputChannels · filters. */
    public long kernelValues(Shape input) {
        Window window = window();
        return (long) window.height() * window.width() * input.dim(2) * filters;
    }
}
