package dev.fusenet.runtime.optimizers;

import dev.fusenet.model.Ranges;
import java.util.Optional;

/**
 * The range rules of {@link Ranges} (shared with the annotation processor), throwing their message as an
 * {@link IllegalArgumentException}.
 */
public final class Hyperparameters {

    private Hyperparameters() {
    }

    /** A learning rate, epsilon or step count: strictly positive. */
    public static double requirePositive(String owner, String name, double value) {
        return require(Ranges.positive(owner, name, value), value);
    }

    /** A weight decay or an initial accumulator: zero or more. */
    public static double requireNonNegative(String owner, String name, double value) {
        return require(Ranges.nonNegative(owner, name, value), value);
    }

    /** A decay rate such as rho, beta_1, beta_2 or momentum: in [0, 1). */
    public static double requireUnitInterval(String owner, String name, double value) {
        return require(Ranges.unitInterval(owner, name, value), value);
    }

    /** A fraction such as a schedule's final fraction alpha: in [0, 1]. */
    public static double requireFraction(String owner, String name, double value) {
        return require(Ranges.fraction(owner, name, value), value);
    }

    private static double require(Optional<String> problem, double value) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return value;
    }
}
