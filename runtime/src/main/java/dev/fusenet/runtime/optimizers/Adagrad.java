package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Adagrad (Duchi et al., 2011), as keras.optimizers.Adagrad:
 * <pre>
 * a += g²
 * p -= lr · g / sqrt(a + epsilon)
 * </pre>
 * Defaults: learning rate 0.001, initial accumulator value 0.1, epsilon 1e-7.
 */
public final class Adagrad extends GradientOptimizer {

    /** Adagrad's hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double initialAccumulatorValue = 0.1;
        private double epsilon = 1e-7;

        Settings() {
            super(0.001, 0.0);
        }

        public Settings initialAccumulatorValue(double value) {
            this.initialAccumulatorValue = value;
            return this;
        }

        public Settings epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }
    }

    private final float initialAccumulatorValue;
    private final float epsilon;

    /** Adagrad with Keras's defaults. */
    public Adagrad() {
        this(settings -> { });
    }

    /** Adagrad with a constant learning rate and Keras's other defaults. */
    public Adagrad(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** Adagrad configured in a block: {@code new Adagrad(s -> s.learningRate(0.01))}. */
    public Adagrad(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private Adagrad(Settings settings) {
        super("Adagrad", settings);
        this.initialAccumulatorValue = (float) Hyperparameters.requireNonNegative("Adagrad",
                "initialAccumulatorValue", settings.initialAccumulatorValue);
        this.epsilon = (float) Hyperparameters.requirePositive("Adagrad", "epsilon", settings.epsilon);
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public List<String> slotNames() {
        return List.of("accumulator");
    }

    @Override
    protected float initialSlotValue(int slot) {
        return initialAccumulatorValue;
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float lr = stepLearningRate;
        float[] a = slots[0];
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float ai = a[i] + gi * gi;
            a[i] = ai;
            p[i] -= lr * gi / (float) Math.sqrt(ai + epsilon);
        }
    }
}
