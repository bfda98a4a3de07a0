package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Nadam, Adam with Nesterov momentum (Dozat, 2015), as keras.optimizers.Nadam, with its momentum schedule
 * {@code u_t = beta1 · (1 - 0.5 · 0.96^t)}:
 * <pre>
 * U_t = u_1 · ... · u_t
 * m += (g - m) · (1 - beta1);   v += (g² - v) · (1 - beta2)
 * mHat = u_(t+1) · m / (1 - U_t · u_(t+1)) + (1 - u_t) · g / (1 - U_t)
 * vHat = v / (1 - beta2^t)
 * p -= lr · mHat / (sqrt(vHat) + epsilon)
 * </pre>
 * Defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. The product {@code U_t} follows from the
 * iteration count, so restoring {@link #setIterations} restores it too.
 */
public final class Nadam extends GradientOptimizer {

    /** Nadam's hyperparameters. */
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

    private static final double MOMENTUM_DECAY = 0.96;

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private long productStep;
    private double momentumProduct = 1.0;
    private float momentumCoefficient;
    private float gradientCoefficient;
    private float velocityCorrection;

    /** Nadam with Keras's defaults. */
    public Nadam() {
        this(settings -> { });
    }

    /** Nadam with a constant learning rate and Keras's other defaults. */
    public Nadam(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** Nadam configured in a block: {@code new Nadam(s -> s.learningRate(0.002))}. */
    public Nadam(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private Nadam(Settings settings) {
        super("Nadam", settings);
        this.beta1 = (float) Hyperparameters.requireUnitInterval("Nadam", "beta1", settings.beta1);
        this.beta2 = (float) Hyperparameters.requireUnitInterval("Nadam", "beta2", settings.beta2);
        this.epsilon = (float) Hyperparameters.requirePositive("Nadam", "epsilon", settings.epsilon);
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    private double momentumAt(long step) {
        return beta1 * (1 - 0.5 * Math.pow(MOMENTUM_DECAY, step));
    }

    @Override
    public List<String> slotNames() {
        return List.of("momentum", "velocity");
    }

    @Override
    protected void prepareStep(long step) {
        if (productStep > step - 1) {
            productStep = 0;
            momentumProduct = 1.0;
        }
        while (productStep < step) {
            productStep++;
            momentumProduct *= momentumAt(productStep);
        }
        double current = momentumAt(step);
        double next = momentumAt(step + 1);
        momentumCoefficient = (float) (next / (1 - momentumProduct * next));
        gradientCoefficient = (float) ((1 - current) / (1 - momentumProduct));
        velocityCorrection = (float) (1 / (1 - Math.pow(beta2, step)));
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float lr = stepLearningRate;
        float[] m = slots[0];
        float[] v = slots[1];
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            float mHat = momentumCoefficient * mi + gradientCoefficient * gi;
            float vHat = vi * velocityCorrection;
            p[i] -= lr * mHat / ((float) Math.sqrt(vHat) + epsilon);
        }
    }
}
