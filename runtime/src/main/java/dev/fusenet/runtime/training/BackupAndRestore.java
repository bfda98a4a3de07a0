package dev.fusenet.runtime.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lets an interrupted {@code fit} resume where it stopped, as keras.callbacks.BackupAndRestore: at the end of each
 * epoch the whole model (weights, optimizer state and step count, dropout keys, the learning rate callbacks set)
 * is saved to {@code backupDir/epoch-<n>.npz}; a {@code fit} that starts with a backup there loads it and goes on
 * at the next epoch, with the same shuffles and dropout masks, so its weights end bitwise as if the run had never
 * stopped. Run the same {@code fit} call again (same data, epochs and options) to resume. When training ends
 * normally the backup is deleted (unless {@code deleteCheckpoint} is false).
 *
 * <p>Each backup is written atomically and only then are older ones deleted, so a crash at any moment leaves a
 * complete backup. Other callbacks' own state (EarlyStopping's best value, say) starts afresh, as in Keras.
 */
public final class BackupAndRestore implements Callback {

    private static final Pattern BACKUP = Pattern.compile("epoch-(\\d+)\\.npz");

    private final Path backupDir;
    private final boolean deleteCheckpoint;
    private int resumedAt = -1;

    public BackupAndRestore(Path backupDir) {
        this(backupDir, true);
    }

    public BackupAndRestore(Path backupDir, boolean deleteCheckpoint) {
        this.backupDir = backupDir;
        this.deleteCheckpoint = deleteCheckpoint;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        resumedAt = -1;
        try {
            Optional<Integer> last = latest();
            if (last.isPresent()) {
                context.load(file(last.get()));
                resumedAt = last.get() + 1;
                context.startAtEpoch(resumedAt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot restore from " + backupDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        try {
            context.save(file(epoch));
            for (int older : epochs()) {
                if (older != epoch) {
                    Files.deleteIfExists(file(older));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot back up to " + backupDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (!deleteCheckpoint) {
            return;
        }
        try {
            for (int epoch : epochs()) {
                Files.deleteIfExists(file(epoch));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot delete the backup in " + backupDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The epoch (0-based) the last {@code fit} resumed at, or -1 if it started afresh. */
    public int resumedAt() {
        return resumedAt;
    }

    private Path file(int epoch) {
        return backupDir.resolve("epoch-" + epoch + ".npz");
    }

    private Optional<Integer> latest() throws IOException {
        return epochs().stream().max(Integer::compare);
    }

    private List<Integer> epochs() throws IOException {
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        List<Integer> epochs = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = BACKUP.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    epochs.add(Integer.parseInt(m.group(1)));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": a backup of epoch " + m.group(1) + ", more epochs than a run can "
                            + "have (" + Integer.MAX_VALUE + "): this file was not written by BackupAndRestore; "
                            + "move it out of " + backupDir);
                }
            }
        }
        return epochs;
    }
}
