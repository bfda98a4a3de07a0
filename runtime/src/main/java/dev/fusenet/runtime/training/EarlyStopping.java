package dev.fusenet.runtime.training;

import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, as keras.callbacks.EarlyStopping: after
 * {@code patience} epochs without an improvement of more than {@code minDelta}, training ends, and with
 * {@code restoreBestWeights} the weights of the best epoch are put back. The direction is "max" for names that
 * hold "acc", "auc", "precision", "recall" or "f1", "min" otherwise (Keras's mode "auto").
 */
public final class EarlyStopping implements Callback {

    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
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
        this.monitor = new Monitor(monitor, Monitor.Mode.AUTO, minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        double current = monitor.valueIn(logs, "EarlyStopping");
        wait++;
        if (monitor.improves(current, best)) {
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

    /** The epoch training stopped at, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch with the best monitored value. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
