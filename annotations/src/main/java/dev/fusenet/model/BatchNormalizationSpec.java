package dev.fusenet.model;

import dev.fusenet.annotations.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @BatchNormalization} layer: Keras's, over the last axis. */
public record BatchNormalizationSpec(String name, int axis, double momentum, double epsilon, boolean center,
                                     boolean scale, Optional<Shape> inputShape) implements LayerSpec {

    @Override
    public String kind() {
        return "BatchNormalization";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        Ranges.fraction("@BatchNormalization", "momentum", momentum)
                .ifPresent(message -> problems.add(Problem.error(index, "momentum", message)));
        Ranges.positive("@BatchNormalization", "epsilon", epsilon)
                .ifPresent(message -> problems.add(Problem.error(index, "epsilon", message)));
        return problems;
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        if (axis == -1 || axis == input.rank()) {
            return List.of();
        }
        String what = from.equals("the input") ? "the input" : from;
        return List.of(Problem.error(index, "axis", "@BatchNormalization axis " + axis + " on " + what + ", "
                + input + ": fusenet normalises the last axis, the channels or features (-1, or " + input.rank()
                + "); the other axes are not supported yet"));
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    /** The channels: the size of the last axis. */
    public static int channels(Shape input) {
        return input.dims().get(input.rank() - 1);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Shape channels = Shape.of(channels(input));
        List<WeightSpec> weights = new ArrayList<>();
        if (scale) {
            weights.add(new WeightSpec("gamma", channels, true, Initializer.ONES));
        }
        if (center) {
            weights.add(new WeightSpec("beta", channels, true, Initializer.ZEROS));
        }
        weights.add(new WeightSpec("moving_mean", channels, false, Initializer.ZEROS));
        weights.add(new WeightSpec("moving_variance", channels, false, Initializer.ONES));
        return weights;
    }

    @Override
    public boolean hasWeights() {
        return center || scale;
    }

    @Override
    public boolean needsWholeBatch() {
        return true;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (axis != -1) {
            attributes.add(new Attribute("axis", axis));
        }
        if (momentum != 0.99) {
            attributes.add(new Attribute("momentum", momentum));
        }
        if (epsilon != 1e-3) {
            attributes.add(new Attribute("epsilon", epsilon));
        }
        if (!center) {
            attributes.add(new Attribute("center", false));
        }
        if (!scale) {
            attributes.add(new Attribute("scale", false));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
