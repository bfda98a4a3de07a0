package dev.fusenet.runtime.optimizers;

import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.TrainingSpec;
import java.util.function.DoubleConsumer;

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

    /**
     * The optimizer a model declaration asks for: its kind with the hyperparameters the declaration set, Keras's
     * defaults for the rest (the runtime DSL's counterpart of the constructor call the processor writes).
     * {@code ModelRules} has checked that each set hyperparameter belongs to the optimizer.
     */
    public static GradientOptimizer from(TrainingSpec training) {
        return switch (training.optimizer()) {
            case SGD -> new SGD(s -> {
                common(s, training);
                ifSet(training.momentum(), s::momentum);
                s.nesterov(training.nesterov());
            });
            case RMSPROP -> new RMSprop(s -> {
                common(s, training);
                ifSet(training.rho(), s::rho);
                ifSet(training.momentum(), s::momentum);
                ifSet(training.epsilon(), s::epsilon);
                s.centered(training.centered());
            });
            case ADAM -> new Adam(s -> adam(s, training));
            case ADAMW -> new AdamW(s -> adam(s, training));
            case ADAGRAD -> new Adagrad(s -> {
                common(s, training);
                ifSet(training.epsilon(), s::epsilon);
            });
            case ADADELTA -> new Adadelta(s -> {
                common(s, training);
                ifSet(training.rho(), s::rho);
                ifSet(training.epsilon(), s::epsilon);
            });
            case ADAMAX -> new Adamax(s -> {
                common(s, training);
                ifSet(training.beta1(), s::beta1);
                ifSet(training.beta2(), s::beta2);
                ifSet(training.epsilon(), s::epsilon);
            });
            case NADAM -> new Nadam(s -> {
                common(s, training);
                ifSet(training.beta1(), s::beta1);
                ifSet(training.beta2(), s::beta2);
                ifSet(training.epsilon(), s::epsilon);
            });
        };
    }

    private static void adam(Adam.Settings settings, TrainingSpec training) {
        common(settings, training);
        ifSet(training.beta1(), settings::beta1);
        ifSet(training.beta2(), settings::beta2);
        ifSet(training.epsilon(), settings::epsilon);
        settings.amsgrad(training.amsgrad());
    }

    private static void common(GradientOptimizer.Settings<?> settings, TrainingSpec training) {
        ifSet(training.learningRate(), settings::learningRate);
        ifSet(training.weightDecay(), settings::weightDecay);
    }

    /** Applies a hyperparameter the declaration set; NaN means it left the Keras default. */
    private static void ifSet(double value, DoubleConsumer setter) {
        if (!Double.isNaN(value)) {
            setter.accept(value);
        }
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
