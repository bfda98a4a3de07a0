package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.TrainingSpec;
import java.util.List;

/**
 * The training settings, as {@code @Compile}'s attributes and Keras's {@code model.compile}: the optimizer (default
 * {@code RMSPROP}), the loss (required), the metrics, and the hyperparameters; those left unset keep the
 * optimizer's Keras defaults.
 */
public final class CompileBuilder {

    private Optimizer optimizer = Optimizer.RMSPROP;
    private Loss loss;
    private List<Metric> weightedMetrics = List.of();
    private List<Metric> metrics = List.of();
    private double learningRate = Double.NaN;
    private double rho = Double.NaN;
    private double momentum = Double.NaN;
    private double beta1 = Double.NaN;
    private double beta2 = Double.NaN;
    private double epsilon = Double.NaN;
    private double weightDecay = Double.NaN;
    private final java.util.Set<String> notANumber = new java.util.HashSet<>();
    private boolean nesterov;
    private boolean centered;
    private boolean amsgrad;
    private boolean fromLogits;
    private double labelSmoothing;

    CompileBuilder() {
    }

    public CompileBuilder optimizer(Optimizer optimizer) {
        this.optimizer = Options.required(optimizer, "optimizer", Optimizer.class);
        return this;
    }

    public CompileBuilder loss(Loss loss) {
        this.loss = Options.required(loss, "loss", Loss.class);
        return this;
    }

    public CompileBuilder metrics(Metric... metrics) {
        this.metrics = List.of(metrics);
        return this;
    }

    /**
     * Metrics weighted by the sample and class weights of {@code fit} and {@code evaluate}, as Keras's
     * {@code weighted_metrics}; one also in {@link #metrics} is reported as {@code weighted_<name>}.
     */
    public CompileBuilder weightedMetrics(Metric... weightedMetrics) {
        this.weightedMetrics = List.of(weightedMetrics);
        return this;
    }

    public CompileBuilder learningRate(double learningRate) {
        this.learningRate = learningRate;
        notANumber(learningRate, "learningRate");
        return this;
    }

    public CompileBuilder rho(double rho) {
        this.rho = rho;
        notANumber(rho, "rho");
        return this;
    }

    public CompileBuilder momentum(double momentum) {
        this.momentum = momentum;
        notANumber(momentum, "momentum");
        return this;
    }

    public CompileBuilder beta1(double beta1) {
        this.beta1 = beta1;
        notANumber(beta1, "beta1");
        return this;
    }

    public CompileBuilder beta2(double beta2) {
        this.beta2 = beta2;
        notANumber(beta2, "beta2");
        return this;
    }

    public CompileBuilder epsilon(double epsilon) {
        this.epsilon = epsilon;
        notANumber(epsilon, "epsilon");
        return this;
    }

    public CompileBuilder weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        notANumber(weightDecay, "weightDecay");
        return this;
    }

    public CompileBuilder nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    public CompileBuilder centered(boolean centered) {
        this.centered = centered;
        return this;
    }

    public CompileBuilder amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    /** The last layer is {@code LINEAR} and outputs logits; the cross-entropy normalises them. */
    public CompileBuilder fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    public CompileBuilder labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
        return this;
    }

    /** Records a hyperparameter set to NaN, which the rules report (NaN otherwise means "the default"). */
    private void notANumber(double value, String name) {
        if (Double.isNaN(value)) {
            notANumber.add(name);
        } else {
            notANumber.remove(name);
        }
    }

    /** The loss chosen, or null: the one setting without a default. */
    Loss loss() {
        return loss;
    }

    /** The settings, with {@code loss}. */
    TrainingSpec training(Loss loss) {
        return new TrainingSpec(optimizer, loss, metrics, learningRate, rho, momentum, beta1, beta2, epsilon,
                weightDecay, nesterov, centered, amsgrad, fromLogits, labelSmoothing, notANumber, weightedMetrics);
    }
}
