package dev.fusenet.runtime.training;

import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, as keras.callbacks.EarlyStopping: after
 * {@code patience} epochs without an improvement of more than {@code minDelta}, training ends, and with
 * {@code restoreBestWeights} the weights of the best epoch are put back. The direction is "max" for names that
 * hold "acc", "auc", "precision", "recall" or "f1", "min" otherwise (Keras's mode "auto").
 */
public final class EarlyStopping implements Callback {

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;
    private final boolean maximise;
    private double best;
    private int wait;
    private int stoppedEpoch = -1;
    private int bestEpoch = -1;
    private Object bestWeights;

    /** Keras's defaults: monitor {@code val_loss}, no min delta, patience 0, no restore. */
    public EarlyStopping() {
        this("val_loss", 0.0, 0, false);
    }

    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be zero or more, got " + patience);
        }
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
        String name = monitor.toLowerCase(java.util.Locale.ROOT);
        this.maximise = name.contains("acc") || name.contains("auc") || name.contains("precision")
                || name.contains("recall") || name.contains("f1");
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("EarlyStopping: the logs have no \"" + monitor + "\"; they have "
                    + logs.keySet() + (monitor.startsWith("val_") ? " (give fit validation data or a split)" : ""));
        }
        wait++;
        if (improves(current)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = context.snapshotWeights();
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            context.stopTraining();
            if (restoreBestWeights && bestWeights != null) {
                context.restoreWeights(bestWeights);
            }
        }
    }

    private boolean improves(double current) {
        return maximise ? current - minDelta > best : current + minDelta < best;
    }

    /** The epoch training stopped at, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch with the best monitored value. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
