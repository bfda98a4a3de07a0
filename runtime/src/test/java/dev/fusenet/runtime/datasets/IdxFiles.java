package dev.fusenet.runtime.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** The bytes of an IDX file: header for {@code typeCode} and {@code shape}, then {@code data}. */
    static byte[] idx(int typeCode, int[] shape, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        buffer.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) shape.length);
        for (int dim : shape) {
            buffer.putInt(dim);
        }
        buffer.put(data);
        return buffer.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Writes a small MNIST-like data set of {@code train} and {@code test} images into {@code directory}. */
    static void writeMnist(Path directory, int train, int test, boolean gzip) throws IOException {
        Files.createDirectories(directory);
        write(directory, "train-images-idx3-ubyte", images(train), gzip);
        write(directory, "train-labels-idx1-ubyte", labels(train), gzip);
        write(directory, "t10k-images-idx3-ubyte", images(test), gzip);
        write(directory, "t10k-labels-idx1-ubyte", labels(test), gzip);
    }

    static void write(Path directory, String baseName, byte[] idx, boolean gzip) throws IOException {
        Files.write(directory.resolve(gzip ? baseName + ".gz" : baseName), gzip ? gzip(idx) : idx);
    }

    static byte[] images(int count) {
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return idx(0x08, new int[] {count, 28, 28}, pixels);
    }

    static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return idx(0x08, new int[] {count}, labels);
    }
}
