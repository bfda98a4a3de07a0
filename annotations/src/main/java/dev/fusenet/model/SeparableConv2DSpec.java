package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @SeparableConv2D} layer: a depthwise convolution, then a 1×1 one into {@code filters}. */
public record SeparableConv2DSpec(String name, int filters, List<Integer> kernelSize, List<Integer> strides,
                                  Padding padding, List<Integer> dilationRate, int depthMultiplier, Activation activation, boolean useBias,
                                  Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                                  Initializer biasInitializer, Optional<Shape> inputShape) implements LayerSpec {

    public SeparableConv2DSpec {
        kernelSize = List.copyOf(kernelSize);
        strides = List.copyOf(strides);
        dilationRate = List.copyOf(dilationRate);
    }

    /** The depthwise kernel's window. */
    public Window window() {
        return new Window(kernelSize, strides, padding, dilationRate);
    }

    @Override
    public String kind() {
        return "SeparableConv2D";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        if (filters < 1) {
            problems.add(Problem.error(index, "filters", "@SeparableConv2D filters must be positive, got " + filters));
        }
        if (depthMultiplier < 1) {
            problems.add(Problem.error(index, "depthMultiplier", "@SeparableConv2D depthMultiplier must be positive, "
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
            ArrayLimits.fitsABatch(name + ": its depthwise outputs (" + depthwiseShape(input) + ")",
                    Math.max(depthwiseShape(input).size(), outputShape(input).size()),
                    "use strides, a smaller depthMultiplier, fewer filters or a smaller input")
                    .ifPresent(message -> problems.add(Problem.error(index, "depthMultiplier", message)));
        }
        return problems;
    }

    /** The depthwise stage's output, what the 1×1 convolution reads. */
    public Shape depthwiseShape(Shape input) {
        Window.Placement placement = window().over(input.dim(0), input.dim(1));
        return Shape.of(placement.outputHeight(), placement.outputWidth(), input.dim(2) * depthMultiplier);
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape depthwise = depthwiseShape(input);
        return Shape.of(depthwise.dim(0), depthwise.dim(1), filters);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Window window = window();
        int middle = input.dim(2) * depthMultiplier;
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("depthwise_kernel", Shape.of(window.height(), window.width(), input.dim(2),
                depthMultiplier), true, depthwiseInitializer));
        weights.add(new WeightSpec("pointwise_kernel", Shape.of(1, 1, middle, filters), true, pointwiseInitializer));
        if (useBias) {
            weights.add(new WeightSpec("bias", Shape.of(filters), true, biasInitializer));
        }
        return weights;
    }

    @Override
    public boolean hasWeights() {
        return true;
    }

    @Override
    public long workingValues(Shape input, Shape output) {
        return Math.max(output.size(), depthwiseShape(input).size());
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
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
        if (pointwiseInitializer != Initializer.GLOROT_UNIFORM) {
            attributes.add(new Attribute("pointwiseInitializer", pointwiseInitializer));
        }
        if (biasInitializer != Initializer.ZEROS) {
            attributes.add(new Attribute("biasInitializer", biasInitializer));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
