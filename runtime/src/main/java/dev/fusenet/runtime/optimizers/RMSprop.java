package dev.fusenet.runtime.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * RMSprop (Hinton, lecture 6e), as keras.optimizers.RMSprop:
 * <pre>
 * v = rho · v + (1 - rho) · g²
 * centered:  a = rho · a + (1 - rho) · g;  d = v - a² + epsilon     otherwise d = v + epsilon
 * step = lr · g / sqrt(d)
 * with momentum:  m = momentum · m + step;  p -= m                 otherwise p -= step
 * </pre>
 * Defaults: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, not centered.
 */
public final class RMSprop extends GradientOptimizer {

    /** RMSprop's hyperparameters. */
    public static final class Settings extends GradientOptimizer.Settings<Settings> {
        private double rho = 0.9;
        private double momentum = 0.0;
        private double epsilon = 1e-7;
        private boolean centered = false;

        Settings() {
            super(0.001, 0.0);
        }

        public Settings rho(double rho) {
            this.rho = rho;
            return this;
        }

        public Settings momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Settings epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Settings centered(boolean centered) {
            this.centered = centered;
            return this;
        }
    }

    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final boolean centered;
    private final int momentumSlot;
    private final int averageSlot;

    /** RMSprop with Keras's defaults: the lecture's optimizer. */
    public RMSprop() {
        this(settings -> { });
    }

    /** RMSprop with a constant learning rate and Keras's other defaults. */
    public RMSprop(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** RMSprop configured in a block: {@code new RMSprop(s -> s.learningRate(1e-3).rho(0.95))}. */
    public RMSprop(Consumer<Settings> configure) {
        this(configured(configure));
    }

    private RMSprop(Settings settings) {
        super("RMSprop", settings);
        this.rho = (float) Hyperparameters.requireUnitInterval("RMSprop", "rho", settings.rho);
        this.momentum = (float) Hyperparameters.requireUnitInterval("RMSprop", "momentum", settings.momentum);
        this.epsilon = (float) Hyperparameters.requirePositive("RMSprop", "epsilon", settings.epsilon);
        this.centered = settings.centered;
        this.momentumSlot = momentum > 0 ? 1 : -1;
        this.averageSlot = centered ? (momentum > 0 ? 2 : 1) : -1;
    }

    private static Settings configured(Consumer<Settings> configure) {
        Settings settings = new Settings();
        configure.accept(settings);
        return settings;
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    public List<String> slotNames() {
        List<String> names = new ArrayList<>(List.of("velocity"));
        if (momentumSlot >= 0) {
            names.add("momentum");
        }
        if (averageSlot >= 0) {
            names.add("average_gradient");
        }
        return List.copyOf(names);
    }

    @Override
    protected void apply(float[] p, float[] g, float[][] slots, int from, int to) {
        float lr = stepLearningRate;
        float keep = rho;
        float blend = 1f - rho;
        float[] v = slots[0];
        if (!centered && momentumSlot < 0) {
            // The lecture's configuration, kept to one simple loop the JIT vectorizes.
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float vi = keep * v[i] + blend * gi * gi;
                v[i] = vi;
                p[i] -= lr * gi / (float) Math.sqrt(vi + epsilon);
            }
            return;
        }
        float[] m = momentumSlot >= 0 ? slots[momentumSlot] : null;
        float[] a = averageSlot >= 0 ? slots[averageSlot] : null;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float vi = keep * v[i] + blend * gi * gi;
            v[i] = vi;
            float denominator;
            if (a != null) {
                float ai = keep * a[i] + blend * gi;
                a[i] = ai;
                denominator = vi - ai * ai + epsilon;
            } else {
                denominator = vi + epsilon;
            }
            float step = lr * gi / (float) Math.sqrt(denominator);
            if (m != null) {
                float mi = momentum * m[i] + step;
                m[i] = mi;
                p[i] -= mi;
            } else {
                p[i] -= step;
            }
        }
    }
}
