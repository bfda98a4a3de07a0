package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomBrightness}; {@code factor} and {@code valueRange} as written. */
public record RandomBrightnessSpec(String name, List<Double> factor, List<Double> valueRange,
                                   Optional<Shape> inputShape) implements LayerSpec {

    public RandomBrightnessSpec {
        factor = List.copyOf(factor);
        valueRange = List.copyOf(valueRange);
    }

    @Override
    public String kind() {
        return "RandomBrightness";
    }

    /** The added amount's range in pixel values: the factor's range times {@code valueRange}'s width. */
    public double[] deltas() {
        double[] range = AugmentationRules.range(factor);
        double width = valueRange.get(1) - valueRange.get(0);
        return new double[] {range[0] * width, range[1] * width};
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = AugmentationRules.all(
                AugmentationRules.factor(index, kind(), "factor", factor, -1, 1, false),
                AugmentationRules.valueRange(index, kind(), valueRange));
        if (problems.isEmpty()) {
            AugmentationRules.doesSomething(index, name, kind(), "factor", List.of(factor)).ifPresent(problems::add);
        }
        return problems;
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return WindowRules.takesAnImage(index, this, input, from).map(List::of).orElse(List.of());
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("factor", factor));
        if (!valueRange.equals(List.of(0.0, 255.0))) {
            attributes.add(new Attribute("valueRange", valueRange));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
