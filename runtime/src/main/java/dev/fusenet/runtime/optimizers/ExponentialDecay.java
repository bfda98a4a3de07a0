package dev.fusenet.runtime.optimizers;

/**
 * {@code initialLearningRate · decayRate^(step / decaySteps)}, with the exponent floored when {@code staircase}
 * (keras.optimizers.schedules.ExponentialDecay).
 */
public record ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
        implements LearningRateSchedule {

    public ExponentialDecay {
        Hyperparameters.requirePositive("ExponentialDecay", "initialLearningRate", initialLearningRate);
        Hyperparameters.requirePositive("ExponentialDecay", "decaySteps", decaySteps);
        Hyperparameters.requirePositive("ExponentialDecay", "decayRate", decayRate);
    }

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    @Override
    public double at(long step) {
        double exponent = (double) step / decaySteps;
        if (staircase) {
            exponent = Math.floor(exponent);
        }
        return initialLearningRate * Math.pow(decayRate, exponent);
    }
}
