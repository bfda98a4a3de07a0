package dev.fusenet.model;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomZoom}; the factors as written, {@code widthFactor} empty for the height's zoom. */
public record RandomZoomSpec(String name, List<Double> heightFactor, List<Double> widthFactor, FillMode fillMode,
                             Interpolation interpolation, double fillValue, Optional<Shape> inputShape)
        implements LayerSpec {

    public RandomZoomSpec {
        heightFactor = List.copyOf(heightFactor);
        widthFactor = List.copyOf(widthFactor);
    }

    @Override
    public String kind() {
        return "RandomZoom";
    }

    /** The height's zoom range {@code [1 + lower, 1 + upper]}: above 1 zooms out. */
    public double[] heightZooms() {
        return zooms(heightFactor);
    }

    /** The width's zoom range; empty when the width follows the height's zoom. */
    public Optional<double[]> widthZooms() {
        return widthFactor.isEmpty() ? Optional.empty() : Optional.of(zooms(widthFactor));
    }

    private static double[] zooms(List<Double> factor) {
        double[] range = AugmentationRules.range(factor);
        return new double[] {1 + range[0], 1 + range[1]};
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        // A zoom of 1 + lower must stay above 0: -1 would shrink the sampled window to a point.
        List<Problem> problems = AugmentationRules.all(
                AugmentationRules.factor(index, kind(), "heightFactor", heightFactor, -1, 1, true),
                widthFactor.isEmpty() ? java.util.Optional.empty()
                        : AugmentationRules.factor(index, kind(), "widthFactor", widthFactor, -1, 1, true),
                AugmentationRules.fillValue(index, kind(), fillMode, fillValue));
        if (problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            AugmentationRules.doesSomething(index, name, kind(), "heightFactor", widthFactor.isEmpty()
                    ? List.of(heightFactor) : List.of(heightFactor, widthFactor)).ifPresent(problems::add);
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
        if (!widthFactor.isEmpty()) {
            attributes.add(new Attribute("widthFactor", widthFactor));
        }
        Attribute.resampling(attributes, fillMode, interpolation, fillValue);
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
