package dev.fusenet.runtime.training;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** What callbacks may do to the training run: ask it to stop, and take or restore the model's weights. */
public final class TrainingContext {

    private final Supplier<Object> snapshot;
    private final Consumer<Object> restore;
    private boolean stopRequested;

    /**
     * @param snapshot copies the model's weights (an opaque value)
     * @param restore puts a copy taken by {@code snapshot} back
     */
    public TrainingContext(Supplier<Object> snapshot, Consumer<Object> restore) {
        this.snapshot = snapshot;
        this.restore = restore;
    }

    /** Ends training after the current epoch, as setting Keras's {@code model.stop_training}. */
    public void stopTraining() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** A copy of the model's current weights. */
    public Object snapshotWeights() {
        return snapshot.get();
    }

    /** Puts weights taken by {@link #snapshotWeights()} back into the model. */
    public void restoreWeights(Object weights) {
        restore.accept(weights);
    }
}
