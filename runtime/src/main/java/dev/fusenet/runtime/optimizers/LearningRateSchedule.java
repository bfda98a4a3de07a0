package dev.fusenet.runtime.optimizers;

/**
 * The learning rate as a function of the optimizer's step count (keras.optimizers.schedules). The optimizer
 * asks for the rate at its iteration count before each update, so the first update uses {@code at(0)}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for the update made after {@code step} earlier updates. */
    double at(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double learningRate) {
        Hyperparameters.requirePositive("LearningRateSchedule.constant", "learningRate", learningRate);
        return new Constant(learningRate);
    }

    /** A constant rate; {@link #toString()} shows it. */
    record Constant(double learningRate) implements LearningRateSchedule {
        @Override
        public double at(long step) {
            return learningRate;
        }
    }
}
