package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Adadelta (Zeiler, 2012), as keras.optimizers.Adadelta:
 * <pre>
 * a = rho · a + (1 - rho) · g²
 * d = -sqrt(b + epsilon) · g / sqrt(a + epsilon)
 * b = rho · b + (1 - rho) · d²
 * p += lr · d
 * </pre>
 * Defaults: learning rate 0.001 (1.0 matches the paper), rho 0.95, epsilon 1e-7.
 */
public final class Adadelta extends GradientOptimizer {

    /** Adadelta's hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double rho = 0.95;
        private double epsilon = 1e-7;

        Settings() {
            super(0.001, 0.0);
        }

        public Settings rho(double rho) {
            this.rho = rho;
            return this;
        }

        public Settings epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }
    }

    private final float rho;
    private final float epsilon;

    /** Adadelta with Keras's defaults. */
    public Adadelta() {
        this(settings -> { });
    }

    /** Adadelta with a constant learning rate and Keras's other defaults. */
    public Adadelta(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** Adadelta configured in a block: {@code new Adadelta(s -> s.learningRate(1.0).rho(0.9))}. */
    public Adadelta(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private Adadelta(Settings settings) {
        super("Adadelta", settings);
        this.rho = (float) Hyperparameters.requireUnitInterval("Adadelta", "rho", settings.rho);
        this.epsilon = (float) Hyperparameters.requirePositive("Adadelta", "epsilon", settings.epsilon);
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    public double rho() {
        return rho;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public List<String> slotNames() {
        return List.of("accumulated_grad", "accumulated_delta_var");
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float lr = stepLearningRate;
        float blend = 1f - rho;
        float[] a = slots[0];
        float[] b = slots[1];
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float ai = rho * a[i] + blend * gi * gi;
            a[i] = ai;
            float delta = -(float) Math.sqrt(b[i] + epsilon) * gi / (float) Math.sqrt(ai + epsilon);
            b[i] = rho * b[i] + blend * delta * delta;
            p[i] += lr * delta;
        }
    }
}
