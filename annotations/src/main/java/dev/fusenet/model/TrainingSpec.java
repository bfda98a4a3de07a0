package dev.fusenet.model;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import java.util.List;

/**
 * The declared {@code @Compile} settings. Floating-point hyperparameters are {@code NaN} where the declaration left
 * them to the optimizer's Keras default; {@code notANumber} names those the declaration itself set to {@code NaN},
 * which is a mistake, not a request for the default.
 */
public record TrainingSpec(Optimizer optimizer, Loss loss, List<Metric> metrics, double learningRate, double rho,
                           double momentum, double beta1, double beta2, double epsilon, double weightDecay,
                           boolean nesterov, boolean centered, boolean amsgrad, boolean fromLogits,
                           double labelSmoothing, java.util.Set<String> notANumber, List<Metric> weightedMetrics) {

    /** The optimizer hyperparameters that default to the optimizer's own value when left unset. */
    public static final List<String> OPTIMIZER_HYPERPARAMETERS = List.of("learningRate", "rho", "momentum", "beta1",
            "beta2", "epsilon", "weightDecay");

    public TrainingSpec {
        metrics = List.copyOf(metrics);
        notANumber = java.util.Set.copyOf(notANumber);
        weightedMetrics = List.copyOf(weightedMetrics);
    }

    /** Settings without weighted metrics. */
    public TrainingSpec(Optimizer optimizer, Loss loss, List<Metric> metrics, double learningRate, double rho,
                        double momentum, double beta1, double beta2, double epsilon, double weightDecay,
                        boolean nesterov, boolean centered, boolean amsgrad, boolean fromLogits,
                        double labelSmoothing, java.util.Set<String> notANumber) {
        this(optimizer, loss, metrics, learningRate, rho, momentum, beta1, beta2, epsilon, weightDecay, nesterov,
                centered, amsgrad, fromLogits, labelSmoothing, notANumber, List.of());
    }

    /** These settings with {@code weightedMetrics}, Keras's {@code weighted_metrics}. */
    public TrainingSpec withWeightedMetrics(List<Metric> weightedMetrics) {
        return new TrainingSpec(optimizer, loss, metrics, learningRate, rho, momentum, beta1, beta2, epsilon,
                weightDecay, nesterov, centered, amsgrad, fromLogits, labelSmoothing, notANumber, weightedMetrics);
    }

    /** Every metric the model reports, weighted or not: what the rules about metrics check. */
    public List<Metric> allMetrics() {
        List<Metric> all = new java.util.ArrayList<>(metrics);
        all.addAll(weightedMetrics);
        return all;
    }

    /** Settings where no hyperparameter was set to {@code NaN}. */
    public TrainingSpec(Optimizer optimizer, Loss loss, List<Metric> metrics, double learningRate, double rho,
                        double momentum, double beta1, double beta2, double epsilon, double weightDecay,
                        boolean nesterov, boolean centered, boolean amsgrad, boolean fromLogits,
                        double labelSmoothing) {
        this(optimizer, loss, metrics, learningRate, rho, momentum, beta1, beta2, epsilon, weightDecay, nesterov,
                centered, amsgrad, fromLogits, labelSmoothing, java.util.Set.of());
    }

    /** The settings of a plain {@code @Compile(optimizer, loss, metrics)}. */
    public static TrainingSpec of(Optimizer optimizer, Loss loss, Metric... metrics) {
        double unset = Double.NaN;
        return new TrainingSpec(optimizer, loss, List.of(metrics), unset, unset, unset, unset, unset, unset, unset,
                false, false, false, false, 0.0);
    }
}
