package dev.fusenet.runtime.optimizers;

import java.util.List;
import java.util.function.Consumer;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as keras.optimizers.SGD:
 * <pre>
 * without momentum:  p -= lr · g
 * with momentum:     m = momentum · m - lr · g
 *                    p += m                       (or p += momentum · m - lr · g with Nesterov)
 * </pre>
 * Defaults: learning rate 0.01, momentum 0, no Nesterov.
 */
public final class SGD extends GradientOptimizer {

    /** SGD's hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double momentum = 0.0;
        private boolean nesterov = false;

        Settings() {
            super(0.01, 0.0);
        }

        public Settings momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Settings nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }
    }

    private final float momentum;
    private final boolean nesterov;

    /** SGD with Keras's defaults. */
    public SGD() {
        this(settings -> { });
    }

    /** SGD with a constant learning rate and Keras's other defaults. */
    public SGD(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** SGD configured in a block: {@code new SGD(s -> s.learningRate(0.1).momentum(0.9).nesterov(true))}. */
    public SGD(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private SGD(Settings settings) {
        super("SGD", settings);
        this.momentum = (float) Hyperparameters.requireUnitInterval("SGD", "momentum", settings.momentum);
        this.nesterov = settings.nesterov;
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public List<String> slotNames() {
        return momentum > 0 ? List.of("momentum") : List.of();
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float lr = stepLearningRate;
        if (momentum == 0f) {
            for (int i = from; i < to; i++) {
                p[i] -= lr * g[i];
            }
            return;
        }
        float[] m = slots[0];
        for (int i = from; i < to; i++) {
            float velocity = momentum * m[i] - lr * g[i];
            m[i] = velocity;
            p[i] += nesterov ? momentum * velocity - lr * g[i] : velocity;
        }
    }
}
