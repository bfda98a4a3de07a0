package dev.fusenet.model;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomRotation}; {@code factor} as written, a fraction of a full turn. */
public record RandomRotationSpec(String name, List<Double> factor, FillMode fillMode, Interpolation interpolation,
                                 double fillValue, Optional<Shape> inputShape) implements LayerSpec {

    public RandomRotationSpec {
        factor = List.copyOf(factor);
    }

    @Override
    public String kind() {
        return "RandomRotation";
    }

    /** The angles' range in radians, {@code [lower·2π, upper·2π]}. */
    public double[] angles() {
        double[] range = AugmentationRules.range(factor);
        return new double[] {range[0] * 2 * Math.PI, range[1] * 2 * Math.PI};
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = AugmentationRules.all(
                AugmentationRules.factor(index, kind(), "factor", factor, -1, 1, false),
                AugmentationRules.fillValue(index, kind(), fillMode, fillValue));
        if (problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR)) {
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
        Attribute.resampling(attributes, fillMode, interpolation, fillValue);
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
