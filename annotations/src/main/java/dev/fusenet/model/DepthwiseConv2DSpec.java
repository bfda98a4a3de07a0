package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @DepthwiseConv2D} layer; {@code kernelSize} and {@code strides} as written, one value or two. */
public record DepthwiseConv2DSpec(String name, List<Integer> kernelSize, List<Integer> strides, Padding padding, List<Integer> dilationRate,
                                  int depthMultiplier, Activation activation, boolean useBias,
                                  Initializer depthwiseInitializer, Initializer biasInitializer,
                                  Optional<Shape> inputShape) implements LayerSpec {

    public DepthwiseConv2DSpec {
        kernelSize = List.copyOf(kernelSize);
        strides = List.copyOf(strides);
        dilationRate = List.copyOf(dilationRate);
    }

    /** The kernel's window. */
    public Window window() {
        return new Window(kernelSize, strides, padding, dilationRate);
    }

    @Override
    public String kind() {
        return "DepthwiseConv2D";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        if (depthMultiplier < 1) {
            problems.add(Problem.error(index, "depthMultiplier", "@DepthwiseConv2D depthMultiplier must be positive, "
                    + "got " + depthMultiplier));
        }
        problems.addAll(WindowRules.checkDeclaration(index, this, window(), "kernelSize"));
        problems.addAll(WindowRules.checkDilation(index, this, window()));
        return problems;
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        List<Problem> problems = new ArrayList<>(WindowRules.checkInput(index, this, window(), "kernelSize",
                "kernel", input, from));
        if (!ModelRules.hasErrors(problems)) {
            ArrayLimits.fitsABatch(name + ": its outputs (" + outputShape(input) + ")", outputShape(input).size(),
                    "use strides, a smaller depthMultiplier or a smaller input")
                    .ifPresent(message -> problems.add(Problem.error(index, "depthMultiplier", message)));
        }
        return problems;
    }

    @Override
    public Shape outputShape(Shape input) {
        Window.Placement placement = window().over(input.dim(0), input.dim(1));
        return Shape.of(placement.outputHeight(), placement.outputWidth(), input.dim(2) * depthMultiplier);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Window window = window();
        WeightSpec kernel = new WeightSpec("depthwise_kernel", Shape.of(window.height(), window.width(),
                input.dim(2), depthMultiplier), true, depthwiseInitializer);
        return useBias ? List.of(kernel, new WeightSpec("bias", Shape.of(input.dim(2) * depthMultiplier), true,
                biasInitializer)) : List.of(kernel);
    }

    @Override
    public boolean hasWeights() {
        return true;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
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
        if (depthMultiplier != 1) {
            attributes.add(new Attribute("depthMultiplier", depthMultiplier));
        }
        if (activation != Activation.LINEAR) {
            attributes.add(new Attribute("activation", activation));
        }
        if (!useBias) {
            attributes.add(new Attribute("useBias", false));
        }
        if (depthwiseInitializer != Initializer.GLOROT_UNIFORM) {
            attributes.add(new Attribute("depthwiseInitializer", depthwiseInitializer));
        }
        if (biasInitializer != Initializer.ZEROS) {
            attributes.add(new Attribute("biasInitializer", biasInitializer));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
