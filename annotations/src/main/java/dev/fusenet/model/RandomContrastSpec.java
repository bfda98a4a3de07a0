package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomContrast}; {@code factor} and {@code valueRange} as written. */
public record RandomContrastSpec(String name, List<Double> factor, List<Double> valueRange,
                                 Optional<Shape> inputShape) implements LayerSpec {

    public RandomContrastSpec {
        factor = List.copyOf(factor);
        valueRange = List.copyOf(valueRange);
    }

    @Override
    public String kind() {
        return "RandomContrast";
    }

    /** The contrast factor's range {@code [1 - lower, 1 + upper]} ({@code f} alone meaning lower = upper = f). */
    public double[] contrasts() {
        double lower = factor.get(0);
        double upper = factor.size() == 1 ? factor.get(0) : factor.get(1);
        return new double[] {1 - lower, 1 + upper};
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        // Keras reads one value f as [1 - f, 1 + f] and two as [1 - lower, 1 + upper]: both in [0, 1].
        List<Problem> problems = AugmentationRules.all(
                contrastFactor(index),
                AugmentationRules.valueRange(index, kind(), valueRange));
        if (problems.isEmpty()) {
            AugmentationRules.doesSomething(index, name, kind(), "factor", List.of(factor)).ifPresent(problems::add);
        }
        return problems;
    }

    private Optional<Problem> contrastFactor(int index) {
        if (factor.size() != 1 && factor.size() != 2) {
            return Optional.of(Problem.error(index, "factor", "@RandomContrast factor takes one value f (for "
                    + "contrasts in [1 - f, 1 + f]) or two {lower, upper} (for [1 - lower, 1 + upper]), got "
                    + factor.size() + ": " + factor));
        }
        if (factor.stream().anyMatch(v -> !(v >= 0 && v <= 1))) {
            return Optional.of(Problem.error(index, "factor", "@RandomContrast factor values must lie in [0, 1], got "
                    + factor));
        }
        return Optional.empty();
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
