package dev.fusenet.runtime.optimizers;

/**
 * The range rules for hyperparameters, one method and one message each. The annotation processor states the
 * same rules as javac errors; both say what was given and what is allowed.
 */
public final class Hyperparameters {

    private Hyperparameters() {
    }

    /** A learning rate, epsilon or step count: strictly positive. */
    public static double requirePositive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be positive, got " + value);
        }
        return value;
    }

    /** A weight decay or an initial accumulator: zero or more. */
    public static double requireNonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be zero or more, got " + value);
        }
        return value;
    }

    /** A decay rate such as rho, beta_1, beta_2 or momentum: in [0, 1). */
    public static double requireUnitInterval(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A fraction such as a schedule's final fraction alpha: in [0, 1]. */
    public static double requireFraction(String owner, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }
}
