package dev.fusenet.runtime.training;

import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What callbacks may do to the training run, as Keras's callbacks reach {@code self.model}: ask it to stop, take or
 * restore the weights, save or load the whole model (weights and optimizer state), change the learning rate, and
 * start at a later epoch (a resumed run).
 */
public final class TrainingContext {

    /** Writes or reads the model's checkpoint file. */
    @FunctionalInterface
    public interface ModelFile {
        void apply(Path path) throws IOException;
    }

    private final Supplier<Object> snapshot;
    private final Consumer<Object> restore;
    private final GradientOptimizer optimizer;
    private final ModelFile save;
    private final ModelFile load;
    private boolean stopRequested;
    private int initialEpoch;

    /**
     * A context whose model can be saved, loaded and trained with {@code optimizer}.
     *
     * @param snapshot copies the model's weights (an opaque value)
     * @param restore puts a copy taken by {@code snapshot} back
     */
    public TrainingContext(Supplier<Object> snapshot, Consumer<Object> restore, GradientOptimizer optimizer,
                           ModelFile save, ModelFile load) {
        this.snapshot = snapshot;
        this.restore = restore;
        this.optimizer = optimizer;
        this.save = save;
        this.load = load;
    }

    /** A context for a loop without an optimizer or files (the loop's own tests). */
    public TrainingContext(Supplier<Object> snapshot, Consumer<Object> restore) {
        this(snapshot, restore, null, null, null);
    }

    /** Ends training after the current batch, as setting Keras's {@code model.stop_training}. */
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

    /** The optimizer the model trains with: its learning rate, its step count. */
    public GradientOptimizer optimizer() {
        if (optimizer == null) {
            throw new IllegalStateException("this training run has no optimizer to reach");
        }
        return optimizer;
    }

    /** Saves the model (weights and optimizer state) to {@code path}, as {@code model.save}. */
    public void save(Path path) throws IOException {
        requireFiles().save.apply(path);
    }

    /** Loads what {@link #save} wrote, as {@code model.load}. */
    public void load(Path path) throws IOException {
        requireFiles().load.apply(path);
    }

    private TrainingContext requireFiles() {
        if (save == null) {
            throw new IllegalStateException("this training run has no model files to save or load");
        }
        return this;
    }

    /**
     * Makes the run start at {@code epoch} (0-based) instead of 0, as Keras's {@code initial_epoch}: for a callback
     * that restored a run's state in {@code onTrainBegin}.
     */
    public void startAtEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("startAtEpoch: the epoch must be zero or more, got " + epoch);
        }
        initialEpoch = epoch;
    }

    /** The epoch the run starts at: 0 unless a callback resumed it. */
    public int initialEpoch() {
        return initialEpoch;
    }
}
