package dev.fusenet.runtime.datasets;

import static dev.fusenet.runtime.datasets.IdxFiles.gzip;
import static dev.fusenet.runtime.datasets.IdxFiles.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private Tensor readBytes(byte[] bytes) throws Exception {
        Path file = dir.resolve("data.idx");
        Files.write(file, bytes);
        return Idx.read(file);
    }

    @Test
    void readsEveryElementTypeAndRank() throws Exception {
        Tensor ubyte = readBytes(idx(0x08, new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 254, (byte) 255}));
        assertEquals(DType.UINT8, ubyte.dtype());
        assertArrayEquals(new long[] {2, 3}, ubyte.shape());
        assertArrayEquals(new int[] {0, 1, 2, 200, 254, 255}, ubyte.toIntArray());

        Tensor signed = readBytes(idx(0x09, new int[] {2}, new byte[] {-5, 7}));
        assertEquals(DType.INT32, signed.dtype());
        assertArrayEquals(new int[] {-5, 7}, signed.toIntArray());

        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 1200);
        assertArrayEquals(new int[] {-300, 1200}, readBytes(idx(0x0B, new int[] {2}, shorts.array())).toIntArray());

        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-70000).putInt(123456);
        assertArrayEquals(new int[] {-70000, 123456}, readBytes(idx(0x0C, new int[] {1, 2}, ints.array()))
                .toIntArray());

        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        Tensor f = readBytes(idx(0x0D, new int[] {2, 1}, floats.array()));
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {1.5f, -0.25f}, f.toFloatArray());

        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-1e-300);
        Tensor d = readBytes(idx(0x0E, new int[] {2}, doubles.array()));
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new double[] {Math.PI, -1e-300}, d.toDoubleArray());

        Tensor cube = readBytes(idx(0x08, new int[] {2, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertArrayEquals(new long[] {2, 2, 2}, cube.shape());
    }

    @Test
    void readsGzipByContent() throws Exception {
        byte[] raw = idx(0x08, new int[] {3}, new byte[] {9, 8, 7});
        assertArrayEquals(new int[] {9, 8, 7}, readBytes(gzip(raw)).toIntArray());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nothing-here-idx1-ubyte");
        var e = assertThrows(DatasetException.class, () -> Idx.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void wrongMagicNumber() {
        var e = assertThrows(DatasetException.class, () -> readBytes(new byte[] {0x50, 0x4B, 0x03, 0x04, 0, 0}));
        assertEquals(dir.resolve("data.idx") + ": not an IDX file: its magic number 0x504B0304 should start with two "
                + "zero bytes", e.getMessage());
    }

    @Test
    void unknownElementType() {
        var e = assertThrows(DatasetException.class, () -> readBytes(idx(0x0A, new int[] {1}, new byte[] {1})));
        assertEquals(dir.resolve("data.idx") + ": unknown IDX element type 0x0A; expected 0x08 (ubyte), 0x09 (byte), "
                + "0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)", e.getMessage());
    }

    @Test
    void truncatedDataNamesExpectedAndActualSizes() {
        var e = assertThrows(DatasetException.class,
                () -> readBytes(idx(0x08, new int[] {10, 28, 28}, new byte[100])));
        assertEquals(dir.resolve("data.idx") + ": truncated: expected 7856 bytes (10×28×28 of unsigned bytes after a "
                + "16-byte header), the file has 116", e.getMessage());
    }

    @Test
    void truncatedHeader() {
        var e = assertThrows(DatasetException.class, () -> readBytes(new byte[] {0, 0, 8, 3, 0, 0, 0}));
        assertEquals(dir.resolve("data.idx") + ": truncated: the header of a rank-3 IDX file needs 16 bytes, the file "
                + "has 7", e.getMessage());
    }

    @Test
    void extraBytesAreAnError() {
        var e = assertThrows(DatasetException.class, () -> readBytes(idx(0x08, new int[] {2}, new byte[] {1, 2, 3})));
        assertEquals(dir.resolve("data.idx") + ": 1 bytes more than its header describes (2 of unsigned bytes, 10 bytes "
                + "in all)", e.getMessage());
    }
}
