package dev.fusenet.model;

import dev.fusenet.annotations.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @LayerNormalization} layer: Keras's, over the last axis of each sample. */
public record LayerNormalizationSpec(String name, int axis, double epsilon, boolean center, boolean scale,
                                     Optional<Shape> inputShape) implements LayerSpec {

    @Override
    public String kind() {
        return "LayerNormalization";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return Ranges.positive("@LayerNormalization", "epsilon", epsilon)
                .map(message -> List.of(Problem.error(index, "epsilon", message))).orElse(List.of());
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        if (axis == -1 || axis == input.rank()) {
            return List.of();
        }
        return List.of(Problem.error(index, "axis", "@LayerNormalization axis " + axis + " on " + from + ", " + input
                + ": fusenet normalises the last axis, the features or channels (-1, or " + input.rank()
                + "); the other axes are not supported yet"));
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Shape channels = Shape.of(input.dim(input.rank() - 1));
        List<WeightSpec> weights = new ArrayList<>();
        if (scale) {
            weights.add(new WeightSpec("gamma", channels, true, Initializer.ONES));
        }
        if (center) {
            weights.add(new WeightSpec("beta", channels, true, Initializer.ZEROS));
        }
        return weights;
    }

    @Override
    public boolean hasWeights() {
        return center || scale;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (axis != -1) {
            attributes.add(new Attribute("axis", axis));
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
