package dev.fusenet.model;

import dev.fusenet.annotations.FillMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules the augmentation layers share: a factor is one value {@code f} (the range {@code [-f, f]}) or two
 * ({@code [lower, upper]}), within the kind's bounds; a range that draws nothing does nothing; {@code fillValue}
 * means something with {@link FillMode#CONSTANT} only; {@code valueRange} is two increasing numbers. Each rule is
 * one method with one message.
 */
final class AugmentationRules {

    private AugmentationRules() {
    }

    /** {@code [lower, upper]} of a factor as written: {@code f} gives {@code [-f, f]}. Only of checked factors. */
    static double[] range(List<Double> factor) {
        return factor.size() == 1 ? new double[] {-factor.get(0), factor.get(0)}
                : new double[] {factor.get(0), factor.get(1)};
    }

    /**
     * The factor's problems: its count of values, their finiteness, their order and the bounds {@code [min, max]}
     * of the range it gives ({@code min} excluded when {@code minExcluded}).
     */
    static Optional<Problem> factor(int index, String annotation, String attribute, List<Double> factor, double min,
                                    double max, boolean minExcluded) {
        String owner = "@" + annotation + " " + attribute;
        if (factor.size() != 1 && factor.size() != 2) {
            return Optional.of(Problem.error(index, attribute, owner + " takes one value f (for [-f, f]) or two "
                    + "{lower, upper}, got " + factor.size() + ": " + factor));
        }
        if (factor.stream().anyMatch(v -> !Double.isFinite(v))) {
            return Optional.of(Problem.error(index, attribute, owner + " must be finite, got " + factor));
        }
        if (factor.size() == 2 && factor.get(0) > factor.get(1)) {
            return Optional.of(Problem.error(index, attribute, owner + " {lower, upper} needs lower <= upper, got "
                    + factor + "; swap them"));
        }
        double[] range = range(factor);
        boolean belowMin = minExcluded ? range[0] <= min : range[0] < min;
        if (belowMin || range[1] > max || range[1] < range[0]) {
            return Optional.of(Problem.error(index, attribute, owner + " must lie in " + (minExcluded ? "(" : "[")
                    + number(min) + ", " + number(max) + "], got " + factor
                    + (factor.size() == 1 ? " (the range [" + number(range[0]) + ", " + number(range[1]) + "])" : "")));
        }
        return Optional.empty();
    }

    /** A warning when every factor's range is the single point {@code still}: the layer changes nothing. */
    static Optional<Problem> doesSomething(int index, String name, String annotation, String attribute,
                                           List<List<Double>> factors) {
        for (List<Double> factor : factors) {
            double[] range = range(factor);
            if (range[0] != 0 || range[1] != 0) {
                return Optional.empty();
            }
        }
        return Optional.of(Problem.warning(index, attribute, name + ": @" + annotation + " with a factor of 0 "
                + "changes no image, so remove it"));
    }

    /** {@code fillValue} is read with {@link FillMode#CONSTANT} only. */
    static Optional<Problem> fillValue(int index, String annotation, FillMode fillMode, double fillValue) {
        if (!Double.isFinite(fillValue)) {
            return Optional.of(Problem.error(index, "fillValue", "@" + annotation + " fillValue must be finite, got "
                    + fillValue));
        }
        if (fillValue != 0 && fillMode != FillMode.CONSTANT) {
            return Optional.of(Problem.warning(index, "fillValue", "@" + annotation + " fillValue " + fillValue
                    + " is used with fillMode = CONSTANT only, and fillMode is " + fillMode
                    + "; set fillMode = FillMode.CONSTANT or remove fillValue"));
        }
        return Optional.empty();
    }

    /** {@code valueRange} is {@code {min, max}} with {@code min < max}. */
    static Optional<Problem> valueRange(int index, String annotation, List<Double> valueRange) {
        if (valueRange.size() != 2 || valueRange.stream().anyMatch(v -> !Double.isFinite(v))
                || valueRange.get(0) >= valueRange.get(1)) {
            return Optional.of(Problem.error(index, "valueRange", "@" + annotation + " valueRange must be two finite "
                    + "numbers {min, max} with min < max, such as {0, 255} or {0, 1}, got " + valueRange));
        }
        return Optional.empty();
    }

    /** The problems of all the rules given, in order. */
    @SafeVarargs
    static List<Problem> all(Optional<Problem>... checks) {
        List<Problem> problems = new ArrayList<>();
        for (Optional<Problem> check : checks) {
            check.ifPresent(problems::add);
        }
        return problems;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
