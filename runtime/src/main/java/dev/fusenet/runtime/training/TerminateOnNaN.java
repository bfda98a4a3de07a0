package dev.fusenet.runtime.training;

import java.io.PrintStream;

/**
 * Stops training at the first batch whose loss is NaN or infinite, as keras.callbacks.TerminateOnNaN, and says
 * so: {@code Batch 17: Invalid loss, terminating training}.
 */
public final class TerminateOnNaN implements Callback {

    private final PrintStream out;
    private int terminatedAtBatch = -1;

    public TerminateOnNaN() {
        this(System.out);
    }

    /** Reports to {@code out} instead of standard output. */
    public TerminateOnNaN(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        terminatedAtBatch = -1;
    }

    @Override
    public void onBatchEnd(int batch, double loss, TrainingContext context) {
        if (!Double.isFinite(loss)) {
            terminatedAtBatch = batch;
            out.println("Batch " + batch + ": Invalid loss, terminating training");
            context.stopTraining();
        }
    }

    /** The batch (0-based, within its epoch) training stopped at, or -1. */
    public int terminatedAtBatch() {
        return terminatedAtBatch;
    }
}
