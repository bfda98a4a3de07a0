package dev.fusenet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path directory;

    @Test
    void writesTheFileAndLeavesNothingElse() throws IOException {
        Path target = directory.resolve("sub/model.onnx");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    /**
     * A file where a folder of the path should be, and a folder at the target itself, are named: the file system
     * said only FileAlreadyExistsException (for save, export, ModelCheckpoint and BackupAndRestore alike).
     */
    @Test
    void aFileInTheWayOrAFolderAtTheTargetIsNamed() throws IOException {
        Path file = directory.resolve("notes.txt");
        Files.writeString(file, "keep");
        IOException inTheWay = assertThrows(IOException.class, () -> AtomicFiles.write(
                file.resolve("runs/model.npz"), out -> out.write(1)));
        assertEquals("cannot write " + file.resolve("runs/model.npz") + ": " + file + " is a file, not a folder; "
                + "choose another path or move that file", inTheWay.getMessage());
        assertEquals("keep", Files.readString(file));

        Path folder = Files.createDirectories(directory.resolve("model.npz"));
        IOException isFolder = assertThrows(IOException.class, () -> AtomicFiles.write(folder, out -> out.write(1)));
        assertEquals("cannot write " + folder + ": it is a folder; give a file's path inside it, such as "
                + folder.resolve("model.npz"), isFolder.getMessage());
        try (var left = Files.list(directory)) {
            assertEquals(2, left.count(), "no .part file beside them");
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = directory.resolve("model.onnx");
        Files.writeString(target, "old");
        IOException error = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", error.getMessage());
        assertEquals("old", Files.readString(target));
        assertFalse(Files.exists(AtomicFiles.partial(target)));
    }

    @Test
    void aTemporaryFileLeftByACrashIsReusedNotMultiplied() throws IOException {
        Path target = directory.resolve("model.onnx");
        Files.writeString(AtomicFiles.partial(target), "a longer half-written file from a killed JVM");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target), "the stale bytes were truncated, not kept");
        assertFalse(Files.exists(AtomicFiles.partial(target)));
    }

    /**
     * Threads writing one target at once (they share its .part file) each leave a whole file, and a reader in the
     * meantime only ever finds one writer's whole content: before, they wrote into each other's temporary file and
     * failed with NoSuchFileException on the rename.
     */
    @Test
    void concurrentWritersOfOneTargetEachLeaveAWholeFile(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        Path target = folder.resolve("shared.bin");
        AtomicFiles.write(target, out -> out.write(new byte[1 << 16]));
        int writers = 4;
        int rounds = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            java.util.concurrent.Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    byte[] bytes = Files.readAllBytes(target);
                    org.junit.jupiter.api.Assertions.assertEquals(1 << 16, bytes.length, "a whole file");
                    for (byte b : bytes) {
                        org.junit.jupiter.api.Assertions.assertEquals(bytes[0], b, "one writer's bytes only");
                    }
                    reads++;
                }
                return reads;
            });
            List<java.util.concurrent.Future<?>> saves = new java.util.ArrayList<>();
            for (int w = 1; w <= writers; w++) {
                byte value = (byte) w;
                saves.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        AtomicFiles.write(target, out -> {
                            byte[] chunk = new byte[1 << 12];
                            java.util.Arrays.fill(chunk, value);
                            for (int k = 0; k < 16; k++) {
                                out.write(chunk);
                            }
                        });
                    }
                    return null;
                }));
            }
            for (var save : saves) {
                save.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            done.set(true);
            org.junit.jupiter.api.Assertions.assertTrue(reader.get(60, java.util.concurrent.TimeUnit.SECONDS) > 0);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        byte[] last = Files.readAllBytes(target);
        org.junit.jupiter.api.Assertions.assertTrue(last[0] >= 1 && last[0] <= writers, "the last rename wins");
        try (var files = Files.list(folder)) {
            org.junit.jupiter.api.Assertions.assertEquals(List.of(target), files.toList(), "no temporary file left");
        }
    }
}
