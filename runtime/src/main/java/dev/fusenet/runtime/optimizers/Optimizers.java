package dev.fusenet.runtime.optimizers;

import dev.fusenet.annotations.Optimizer;

/** Makes the optimizer an {@link Optimizer} constant names: what {@code @Compile} and the DSL resolve to. */
public final class Optimizers {

    private Optimizers() {
    }

    /** The optimizer with all of Keras's defaults. */
    public static GradientOptimizer withDefaults(Optimizer kind) {
        return switch (kind) {
            case SGD -> new SGD();
            case RMSPROP -> new RMSprop();
            case ADAM -> new Adam();
            case ADAGRAD -> new Adagrad();
            case ADADELTA -> new Adadelta();
            case ADAMAX -> new Adamax();
            case NADAM -> new Nadam();
            case ADAMW -> new AdamW();
        };
    }

    /** The optimizer with a constant learning rate and Keras's other defaults. */
    public static GradientOptimizer withLearningRate(Optimizer kind, double learningRate) {
        return switch (kind) {
            case SGD -> new SGD(learningRate);
            case RMSPROP -> new RMSprop(learningRate);
            case ADAM -> new Adam(learningRate);
            case ADAGRAD -> new Adagrad(learningRate);
            case ADADELTA -> new Adadelta(learningRate);
            case ADAMAX -> new Adamax(learningRate);
            case NADAM -> new Nadam(learningRate);
            case ADAMW -> new AdamW(learningRate);
        };
    }
}
