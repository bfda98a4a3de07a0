package dev.fusenet.model;

import java.util.Optional;

/**
 * The range rules of hyperparameters, one method and one message each. The annotation processor reports the
 * message as a javac error, the runtime throws it; both say what was given and what is allowed.
 */
public final class Ranges {

    private Ranges() {
    }

    /** Learning rates, epsilons, step counts: strictly positive and finite. */
    public static Optional<String> positive(String owner, String name, double value) {
        return value > 0 && !Double.isInfinite(value) ? Optional.empty()
                : Optional.of(owner + ": " + name + " must be positive, got " + value);
    }

    /** Weight decay, initial accumulators: zero or more and finite. */
    public static Optional<String> nonNegative(String owner, String name, double value) {
        return value >= 0 && !Double.isInfinite(value) ? Optional.empty()
                : Optional.of(owner + ": " + name + " must be zero or more, got " + value);
    }

    /** Decay rates such as rho, beta1, beta2 and momentum, and dropout rates: in [0, 1). */
    public static Optional<String> unitInterval(String owner, String name, double value) {
        return value >= 0 && value < 1 ? Optional.empty()
                : Optional.of(owner + ": " + name + " must be in [0, 1), got " + value);
    }

    /** Fractions such as label smoothing: in [0, 1]. */
    public static Optional<String> fraction(String owner, String name, double value) {
        return value >= 0 && value <= 1 ? Optional.empty()
                : Optional.of(owner + ": " + name + " must be in [0, 1], got " + value);
    }
}
