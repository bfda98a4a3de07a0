package dev.fusenet.model;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import java.util.List;

/**
 * The declared {@code @Compile} settings. Floating-point hyperparameters are {@code NaN} where the declaration left
 * them to the optimizer's Keras default.
 */
public record TrainingSpec(Optimizer optimizer, Loss loss, List<Metric> metrics, double learningRate, double rho,
                           double momentum, double beta1, double beta2, double epsilon, double weightDecay,
                           boolean nesterov, boolean centered, boolean amsgrad, boolean fromLogits,
                           double labelSmoothing) {

    public TrainingSpec {
        metrics = List.copyOf(metrics);
    }

    /** The settings of a plain {@code @Compile(optimizer, loss, metrics)}. */
    public static TrainingSpec of(Optimizer optimizer, Loss loss, Metric... metrics) {
        double unset = Double.NaN;
        return new TrainingSpec(optimizer, loss, List.of(metrics), unset, unset, unset, unset, unset, unset, unset,
                false, false, false, false, 0.0);
    }
}
