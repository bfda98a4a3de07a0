package dev.fusenet.runtime.training;

import java.util.Locale;
import java.util.Map;

/**
 * The value a callback watches and which way is better, as Keras's {@code monitor} and {@code mode} arguments:
 * {@code "auto"} maximises names that hold "acc", "auc", "precision", "recall" or "f1" and minimises the rest.
 * One place for EarlyStopping, ModelCheckpoint and ReduceLROnPlateau.
 */
public record Monitor(String name, Mode mode, double minDelta) {

    /** Keras's {@code mode}. */
    public enum Mode {
        AUTO,
        MIN,
        MAX
    }

    public Monitor {
        minDelta = Math.abs(minDelta);
    }

    /** Whether a larger value is better. */
    public boolean maximises() {
        if (mode != Mode.AUTO) {
            return mode == Mode.MAX;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("acc") || lower.contains("auc") || lower.contains("precision")
                || lower.contains("recall") || lower.contains("f1");
    }

    /** The starting "best": the worst possible value. */
    public double worst() {
        return maximises() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** Whether {@code current} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double current, double best) {
        return maximises() ? current - minDelta > best : current + minDelta < best;
    }

    /**
     * The monitored value in this epoch's logs.
     *
     * @throws IllegalArgumentException naming {@code callback}, the value and the logs' names when it is absent
     */
    public double valueIn(Map<String, Double> logs, String callback) {
        Double current = logs.get(name);
        if (current == null) {
            throw new IllegalArgumentException(callback + ": the logs have no \"" + name + "\"; they have "
                    + logs.keySet() + (name.startsWith("val_") ? " (give fit validation data or a split)" : ""));
        }
        return current;
    }
}
