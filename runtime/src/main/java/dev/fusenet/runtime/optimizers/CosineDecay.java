package dev.fusenet.runtime.optimizers;

/**
 * Cosine decay from {@code initialLearningRate} to {@code alpha · initialLearningRate} over {@code decaySteps},
 * constant after (keras.optimizers.schedules.CosineDecay, SGDR by Loshchilov and Hutter, 2016):
 * {@code lr · ((1 - alpha) · 0.5 · (1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)}.
 */
public record CosineDecay(double initialLearningRate, long decaySteps, double alpha) implements LearningRateSchedule {

    public CosineDecay {
        Hyperparameters.requirePositive("CosineDecay", "initialLearningRate", initialLearningRate);
        Hyperparameters.requirePositive("CosineDecay", "decaySteps", decaySteps);
        Hyperparameters.requireFraction("CosineDecay", "alpha", alpha);
    }

    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    @Override
    public double at(long step) {
        double completed = (double) Math.min(step, decaySteps) / decaySteps;
        double cosine = 0.5 * (1 + Math.cos(Math.PI * completed));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }
}
