package dev.fusenet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
