package dev.fusenet.runtime.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model at the end of every epoch, or only when the monitored value improves, as
 * keras.callbacks.ModelCheckpoint. The file name may hold Keras's placeholders: {@code {epoch}} (1-based, as Keras
 * numbers epochs in names) and any log, with an optional format: {@code model-{epoch:02d}-{val_loss:.4f}.npz}
 * ({@link FileNamePattern}: the part of Python's format language Keras uses, checked when the callback is made).
 * Each save is atomic ({@code model.save}), so a crash never leaves a half-written checkpoint.
 */
public final class ModelCheckpoint implements Callback {

    private final FileNamePattern pattern;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private final PrintStream out;
    private double best;
    private Path lastSaved;

    /** Keras's defaults: every epoch, monitor {@code val_loss} (used with saveBestOnly), mode auto. */
    public ModelCheckpoint(String filepath) {
        this(filepath, "val_loss", false, Monitor.Mode.AUTO);
    }

    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, Monitor.Mode mode) {
        this(filepath, monitor, saveBestOnly, mode, null);
    }

    /** As Keras's {@code verbose=1} when {@code out} is given: a line for each save. */
    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, Monitor.Mode mode,
                           PrintStream out) {
        this.pattern = new FileNamePattern(filepath);
        this.monitor = new Monitor(monitor, mode, 0.0);
        this.saveBestOnly = saveBestOnly;
        this.out = out;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        lastSaved = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        Path path = Path.of(fileName(epoch, logs));
        if (saveBestOnly) {
            double current = monitor.valueIn(logs, "ModelCheckpoint");
            if (!monitor.improves(current, best)) {
                return;
            }
            if (out != null) {
                out.printf(Locale.ROOT, "Epoch %d: %s improved from %.5f to %.5f, saving model to %s%n", epoch + 1,
                        monitor.name(), best, current, path);
            }
            best = current;
        } else if (out != null) {
            out.printf(Locale.ROOT, "Epoch %d: saving model to %s%n", epoch + 1, path);
        }
        try {
            context.save(path);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save " + path + ": " + e.getMessage(), e);
        }
        lastSaved = path;
    }

    /** The file name for {@code epoch} (0-based) with its logs, placeholders filled in. */
    String fileName(int epoch, Map<String, Double> logs) {
        return pattern.fill(epoch, logs);
    }

    /** The last file written, or null. */
    public Path lastSaved() {
        return lastSaved;
    }
}
