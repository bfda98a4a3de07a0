package dev.fusenet.runtime.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored value has not improved for {@code patience}
 * epochs, as keras.callbacks.ReduceLROnPlateau, never below {@code minLr}; after a reduction it waits
 * {@code cooldown} epochs before counting again.
 */
public final class ReduceLROnPlateau implements Callback {

    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;
    private final PrintStream out;
    private double best;
    private int wait;
    private int cooldownLeft;

    /** Keras's defaults: monitor val_loss, factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10, Monitor.Mode.AUTO, 1e-4, 0, 0.0, null);
    }

    /** @param out where to say each reduction (Keras's {@code verbose=1}), or null */
    public ReduceLROnPlateau(String monitor, double factor, int patience, Monitor.Mode mode, double minDelta,
                             int cooldown, double minLr, PrintStream out) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be between 0 and 1 (exclusive), got "
                    + factor);
        }
        if (patience < 0 || cooldown < 0 || !(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown and minLr must be zero or "
                    + "more, got " + patience + ", " + cooldown + ", " + minLr);
        }
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.out = out;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        double current = monitor.valueIn(logs, "ReduceLROnPlateau");
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(current, best)) {
            best = current;
            wait = 0;
            return;
        }
        if (cooldownLeft > 0) {
            return;
        }
        wait++;
        if (wait >= patience) {
            double old = context.optimizer().currentLearningRate();
            if (old > minLr) {
                double reduced = Math.max(old * factor, minLr);
                context.optimizer().setLearningRate(reduced);
                if (out != null) {
                    out.printf(Locale.ROOT, "Epoch %d: ReduceLROnPlateau reducing learning rate to %s.%n",
                            epoch + 1, reduced);
                }
                cooldownLeft = cooldown;
                wait = 0;
            }
        }
    }
}
