package dev.fusenet.model;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomTranslation}; the factors as written, fractions of the height and the width. */
public record RandomTranslationSpec(String name, List<Double> heightFactor, List<Double> widthFactor,
                                    FillMode fillMode, Interpolation interpolation, double fillValue,
                                    Optional<Shape> inputShape) implements LayerSpec {

    public RandomTranslationSpec {
        heightFactor = List.copyOf(heightFactor);
        widthFactor = List.copyOf(widthFactor);
    }

    @Override
    public String kind() {
        return "RandomTranslation";
    }

    /** The vertical shift's range as fractions of the height, {@code [lower, upper]}. */
    public double[] heightRange() {
        return AugmentationRules.range(heightFactor);
    }

    /** The horizontal shift's range as fractions of the width. */
    public double[] widthRange() {
        return AugmentationRules.range(widthFactor);
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = AugmentationRules.all(
                AugmentationRules.factor(index, kind(), "heightFactor", heightFactor, -1, 1, false),
                AugmentationRules.factor(index, kind(), "widthFactor", widthFactor, -1, 1, false),
                AugmentationRules.fillValue(index, kind(), fillMode, fillValue));
        if (problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            AugmentationRules.doesSomething(index, name, kind(), "heightFactor", List.of(heightFactor, widthFactor))
                    .ifPresent(problems::add);
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
        attributes.add(new Attribute("heightFactor", heightFactor));
        attributes.add(new Attribute("widthFactor", widthFactor));
        Attribute.resampling(attributes, fillMode, interpolation, fillValue);
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
