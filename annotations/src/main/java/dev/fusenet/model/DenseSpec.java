package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import java.util.List;
import java.util.Optional;

/**
 * A declared {@code @Dense} layer. {@code inputShape} is present only where the declaration gave one.
 */
public record DenseSpec(String name, int units, Activation activation, boolean useBias, Optional<Shape> inputShape,
                        Initializer kernelInitializer, Initializer biasInitializer) implements LayerSpec {

    /** A dense layer with Keras's defaults for everything but units and activation. */
    public static DenseSpec of(String name, int units, Activation activation) {
        return new DenseSpec(name, units, activation, true, Optional.empty(), Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS);
    }

    /** This layer with an input shape of {@code features} values. */
    public DenseSpec withInputShape(int features) {
        return new DenseSpec(name, units, activation, useBias, Optional.of(Shape.of(features)), kernelInitializer,
                biasInitializer);
    }

    @Override
    public String kind() {
        return "Dense";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return DenseRules.checkDeclaration(index, this);
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return DenseRules.checkInput(index, this, input, from);
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(units);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        WeightSpec kernel = new WeightSpec("kernel", Shape.of(Math.toIntExact(Math.min(input.size(),
                Integer.MAX_VALUE)), units), true, kernelInitializer);
        return useBias ? List.of(kernel, new WeightSpec("bias", Shape.of(units), true, biasInitializer))
                : List.of(kernel);
    }

    @Override
    public long parameterCount(Shape input) {
        // in long arithmetic: the rules compare it to an int's range before any weight exists
        return input.size() * units + (useBias ? units : 0);
    }

    @Override
    public boolean hasWeights() {
        return true;
    }

    @Override
    public boolean multipliesItsInput() {
        return true;
    }

    @Override
    public boolean canBeTheOutput() {
        return true;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new java.util.ArrayList<>();
        attributes.add(new Attribute("units", units));
        if (activation != Activation.LINEAR) {
            attributes.add(new Attribute("activation", activation));
        }
        if (!useBias) {
            attributes.add(new Attribute("useBias", false));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        Attribute.initializers(attributes, kernelInitializer, biasInitializer);
        return attributes;
    }
}
