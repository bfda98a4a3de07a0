package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Adam (Kingma and Ba, 2014), as keras.optimizers.Adam, with the bias corrections folded into the step size:
 * <pre>
 * alpha = lr · sqrt(1 - beta2^t) / (1 - beta1^t)          (t = 1 for the first update)
 * m += (g - m) · (1 - beta1);   v += (g² - v) · (1 - beta2)
 * AMSGrad:  vHat = max(vHat, v), used in place of v
 * p -= alpha · m / (sqrt(v) + epsilon)
 * </pre>
 * Defaults: learning rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, no AMSGrad.
 */
public class Adam extends GradientOptimizer {

    /** Adam's (and AdamW's) hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-7;
        private boolean amsgrad = false;

        Settings(double defaultWeightDecay) {
            super(0.001, defaultWeightDecay);
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

        public Settings amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }
    }

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean amsgrad;
    private float alpha;

    /** Adam with Keras's defaults. */
    public Adam() {
        this(settings -> { });
    }

    /** Adam with a constant learning rate and Keras's other defaults. */
    public Adam(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** Adam configured in a block: {@code new Adam(s -> s.learningRate(3e-4).amsgrad(true))}. */
    public Adam(Consumer<Settings> configure) {
        this("Adam", configured(0.0, configure));
    }

    Adam(String name, Settings settings) {
        super(name, settings);
        this.beta1 = (float) Hyperparameters.requireUnitInterval(name, "beta1", settings.beta1);
        this.beta2 = (float) Hyperparameters.requireUnitInterval(name, "beta2", settings.beta2);
        this.epsilon = (float) Hyperparameters.requirePositive(name, "epsilon", settings.epsilon);
        this.amsgrad = settings.amsgrad;
    }

    static Settings configured(double defaultWeightDecay, Consumer<Settings> configure) {
        Settings settings = new Settings(defaultWeightDecay);
        configure.accept(settings);
        return settings;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public List<String> slotNames() {
        return amsgrad ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
    }

    @Override
    protected void prepareStep(long step) {
        double beta1Power = Math.pow(beta1, step);
        double beta2Power = Math.pow(beta2, step);
        alpha = (float) (stepLearningRate * Math.sqrt(1 - beta2Power) / (1 - beta1Power));
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float[] m = slots[0];
        float[] v = slots[1];
        float[] vHat = amsgrad ? slots[2] : null;
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            if (vHat != null) {
                vi = Math.max(vHat[i], vi);
                vHat[i] = vi;
            }
            p[i] -= alpha * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
