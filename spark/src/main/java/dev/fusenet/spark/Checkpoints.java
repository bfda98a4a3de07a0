package dev.fusenet.spark;

import dev.fusenet.runtime.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The driver's per-epoch checkpoints in a directory of any Hadoop file system: {@code epoch-<n>.npz}, the model's
 * own checkpoint format, copied in as {@code epoch-<n>.npz.part} and renamed, so a reader never sees half a file;
 * older epochs are deleted once the newer one is in place.
 */
final class Checkpoints {

    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.npz");

    private final org.apache.hadoop.fs.Path directory;
    private final FileSystem fileSystem;

    Checkpoints(String directory, Configuration configuration) {
        try {
            this.directory = new org.apache.hadoop.fs.Path(directory);
            this.fileSystem = this.directory.getFileSystem(configuration);
        } catch (IOException e) {
            throw new UncheckedIOException("SparkFit: cannot open the checkpoint directory " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Loads the newest checkpoint into {@code model}: the epoch (0-based) it ended, if there is one. */
    Optional<Integer> restore(Model model) {
        try {
            Optional<Integer> newest = newest();
            if (newest.isPresent()) {
                Path local = Files.createTempFile("fusenet-checkpoint", ".npz");
                try {
                    fileSystem.copyToLocalFile(false, file(newest.get()), new org.apache.hadoop.fs.Path(
                            local.toUri()), true);
                    model.load(local);
                } finally {
                    Files.deleteIfExists(local);
                }
            }
            return newest;
        } catch (IOException e) {
            throw new UncheckedIOException("SparkFit: cannot restore from " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Saves {@code model} as the checkpoint of {@code epoch} (0-based). */
    void save(Model model, int epoch) {
        try {
            Path local = Files.createTempFile("fusenet-checkpoint", ".npz");
            try {
                model.save(local);
                fileSystem.mkdirs(directory);
                org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(directory, "epoch-" + epoch
                        + ".npz.part");
                fileSystem.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), partial);
                fileSystem.delete(file(epoch), false);
                if (!fileSystem.rename(partial, file(epoch))) {
                    throw new IOException("cannot rename " + partial + " to " + file(epoch));
                }
            } finally {
                Files.deleteIfExists(local);
            }
            for (FileStatus status : fileSystem.listStatus(directory)) {
                Matcher name = NAME.matcher(status.getPath().getName());
                if (name.matches() && Integer.parseInt(name.group(1)) < epoch) {
                    fileSystem.delete(status.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SparkFit: cannot write the checkpoint of epoch " + (epoch + 1) + " to "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    private Optional<Integer> newest() throws IOException {
        if (!fileSystem.exists(directory)) {
            return Optional.empty();
        }
        Optional<Integer> newest = Optional.empty();
        for (FileStatus status : fileSystem.listStatus(directory)) {
            Matcher name = NAME.matcher(status.getPath().getName());
            if (name.matches()) {
                int epoch = Integer.parseInt(name.group(1));
                if (newest.isEmpty() || epoch > newest.get()) {
                    newest = Optional.of(epoch);
                }
            }
        }
        return newest;
    }

    private org.apache.hadoop.fs.Path file(int epoch) {
        return new org.apache.hadoop.fs.Path(directory, "epoch-" + epoch + ".npz");
    }
}
