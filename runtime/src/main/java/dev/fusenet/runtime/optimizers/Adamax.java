package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Adamax, Adam's infinity-norm variant (Kingma and Ba, 2014, section 7), as keras.optimizers.Adamax:
 * <pre>
 * m += (g - m) · (1 - beta1)
 * u = max(beta2 · u, |g|)
 * p -= lr · m / ((1 - beta1^t) · (u + epsilon))
 * </pre>
 * Defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public final class Adamax extends GradientOptimizer {

    /** Adamax's hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-7;

        Settings() {
            super(0.001, 0.0);
        }

        public Settings beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Settings beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Settings epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }
    }

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float stepSize;

    /** Adamax with Keras's defaults. */
    public Adamax() {
        this(settings -> { });
    }

    /** Adamax with a constant learning rate and Keras's other defaults. */
    public Adamax(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** Adamax configured in a block: {@code new Adamax(s -> s.learningRate(0.002))}. */
    public Adamax(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private Adamax(Settings settings) {
        super("Adamax", settings);
        this.beta1 = (float) Hyperparameters.requireUnitInterval("Adamax", "beta1", settings.beta1);
        this.beta2 = (float) Hyperparameters.requireUnitInterval("Adamax", "beta2", settings.beta2);
        this.epsilon = (float) Hyperparameters.requirePositive("Adamax", "epsilon", settings.epsilon);
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    @Override
    public List<String> slotNames() {
        return List.of("momentum", "norm");
    }

    @Override
    protected void prepareStep(long step) {
        stepSize = (float) (stepLearningRate / (1 - Math.pow(beta1, step)));
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float[] m = slots[0];
        float[] u = slots[1];
        float oneMinusBeta1 = 1f - beta1;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float ui = Math.max(beta2 * u[i], Math.abs(gi));
            m[i] = mi;
            u[i] = ui;
            p[i] -= stepSize * mi / (ui + epsilon);
        }
    }
}
