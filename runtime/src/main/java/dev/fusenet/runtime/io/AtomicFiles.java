package dev.fusenet.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old one or the whole new one, never a part: the bytes go to
 * {@code <name>.part} beside the target, are forced to the disk, and the file is renamed over the target; then the
 * directory is forced, so a save that returned survives a power loss. The temporary name is always the same, so a
 * crash leaves at most one {@code .part} file, which the next write of that target reuses.
 *
 * <p>Safe for concurrent use within a JVM: writes of one target (two threads saving one model, two models saved to
 * one path) take turns, since they share the {@code .part} file; each leaves a whole file and the last rename wins,
 * and a reader sees one whole file or another. Writes of different targets run at once, unless their paths share
 * one of the {@value #STRIPES} locks. Two processes writing one target at once are not coordinated.
 */
public final class AtomicFiles {

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What checks the written file before it replaces the target, e.g. a download's checksum. */
    @FunctionalInterface
    public interface Check {
        /** Throws when {@code written}, the complete temporary file, must not replace the target. */
        void verify(Path written) throws IOException;
    }

    /** How many locks the targets' paths are spread over: a bounded set, however many files a run writes. */
    private static final int STRIPES = 64;
    private static final Object[] LOCKS = new Object[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new Object();
        }
    }

    private AtomicFiles() {
    }

    private static Object lockFor(Path absolute) {
        return LOCKS[Math.floorMod(absolute.normalize().hashCode(), STRIPES)];
    }

    /** The temporary file a write of {@code target} goes through. */
    public static Path partial(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".part");
    }

    /**
     * Writes {@code target} with {@code writer}, creating its directory if needed.
     *
     * @throws IOException from the writer or the file system; the target is unchanged then
     */
    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, written -> { });
    }

    /**
     * Writes {@code target} with {@code writer}, and renames it into place only when {@code check} accepts the
     * written file.
     *
     * @throws IOException from the writer, the check or the file system; the target is unchanged then
     */
    public static void write(Path target, Writer writer, Check check) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        createFolder(target, directory);
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a folder; give a file's path inside it, such "
                    + "as " + target.resolve("model.npz"));
        }
        Path partial = partial(absolute);
        synchronized (lockFor(absolute)) {
            writeThrough(partial, absolute, directory, writer, check);
        }
    }

    /**
     * Creates the target's folder and its parents; a path in the way that is a file is named, where the file system
     * says only "FileAlreadyExistsException" with the first folder it could not make.
     */
    private static void createFolder(Path target, Path directory) throws IOException {
        for (Path folder = directory; folder != null; folder = folder.getParent()) {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new IOException("cannot write " + target + ": " + folder + " is a file, not a folder; "
                            + "choose another path or move that file");
                }
                break;
            }
        }
        Files.createDirectories(directory);
    }

    private static void writeThrough(Path partial, Path absolute, Path directory, Writer writer, Check check)
            throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            check.verify(partial);
            try {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Forces a directory's entries to the disk where the platform allows it (not on Windows). */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; its rename is already durable when it returns.
        }
    }
}
