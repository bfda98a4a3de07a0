package dev.fusenet.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The {@code .npy} codec against numpy's format description: what fusenet writes reads back, headers numpy writes
 * for other byte and memory orders read as numpy reads them, and everything that is not an array of numbers, or
 * whose data does not match its header, is refused with what it is.
 */
class NpyTest {

    /** A {@code .npy} file as numpy writes it: version 1.0, the header padded to 64 bytes. */
    static byte[] file(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int padding = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header)
                .put(data);
        return out.array();
    }

    static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            data.putFloat(v);
        }
        return data.array();
    }

    @Test
    void whatItWritesReadsBack() throws IOException {
        float[] values = {1.5f, -2f, 3.25f, Float.MIN_VALUE, Float.NaN, 1e30f};
        Npy.Array read = Npy.read(Npy.write(values, new long[] {2, 3}));
        assertArrayEquals(new long[] {2, 3}, read.shape());
        assertArrayEquals(values, read.toFloats());
        assertEquals("float32", read.typeName());

        Npy.Array key = Npy.read(Npy.write(new long[] {Long.MIN_VALUE + 7}, new long[] {1}));
        assertEquals(Long.MIN_VALUE + 7, key.getLong(0), "an int64 key exactly");
        Npy.Array scale = Npy.read(Npy.write(new double[] {0.1}, new long[] {1}));
        assertEquals(0.1, scale.getDouble(0), 0);
        Npy.Array empty = Npy.read(Npy.write(new float[0], new long[] {0, 4}));
        assertEquals(0, empty.length());
        assertArrayEquals(new long[] {0, 4}, empty.shape());
    }

    @Test
    void itsHeaderIsNumpysVersionOnePaddedTo64Bytes() {
        byte[] bytes = Npy.write(new float[] {1, 2, 3}, new long[] {3});
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLength) % 64, "the data starts at a multiple of 64");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"), header);
    }

    @Test
    void bigEndianFloat64AndIntegersReadAsTheirValues() throws IOException {
        assertArrayEquals(new float[] {1, -2.5f, 3}, Npy.read(file(">f4", false, "(3,)",
                floats(ByteOrder.BIG_ENDIAN, 1, -2.5f, 3))).toFloats());
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.1).putDouble(-7);
        assertArrayEquals(new float[] {0.1f, -7}, Npy.read(file(">f8", false, "(2,)", doubles.array())).toFloats());
        ByteBuffer ints = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).putInt(40000);
        Npy.Array int32 = Npy.read(file("<i4", false, "(2,)", ints.array()));
        assertEquals(-3, int32.getLong(0));
        assertEquals(40000, int32.getLong(1));
        Npy.Array uint8 = Npy.read(file("|u1", false, "(2,)", new byte[] {(byte) 200, 7}));
        assertEquals(200, uint8.getLong(0), "unsigned bytes are not negative");
        Npy.Array scalar = Npy.read(file("<f4", false, "()", floats(ByteOrder.LITTLE_ENDIAN, 4.5f)));
        assertArrayEquals(new long[0], scalar.shape());
        assertEquals(4.5, scalar.getDouble(0), 0);
    }

    @Test
    void aFortranOrderedArrayReadsInRowMajorOrder() throws IOException {
        // numpy: a = np.arange(6, dtype=np.float32).reshape(2, 3); np.asfortranarray(a) stores 0 3 1 4 2 5
        Npy.Array matrix = Npy.read(file("<f4", true, "(2, 3)", floats(ByteOrder.LITTLE_ENDIAN, 0, 3, 1, 4, 2, 5)));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, matrix.toFloats());
        // (2, 3, 2) in column-major: element (i, j, k) at i + 2j + 6k
        float[] columnMajor = new float[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    columnMajor[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        float[] rowMajor = Npy.read(file("<f4", true, "(2, 3, 2)", floats(ByteOrder.LITTLE_ENDIAN, columnMajor)))
                .toFloats();
        assertArrayEquals(new float[] {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121}, rowMajor);
    }

    @Test
    void whatIsNotAnArrayOfNumbersIsRefusedWithWhatItIs() {
        // np.save(f, np.array('adam lr 1e-3')), np.array([{}]), complex64, float16
        assertRefused("text ('<U12')", file("<U12", false, "()", new byte[48]));
        assertRefused("Python objects (a pickle)", file("|O", false, "()", new byte[8]));
        assertRefused("complex numbers", file("<c8", false, "(1,)", new byte[8]));
        assertRefused("floats of 2 bytes", file("<f2", false, "(1,)", new byte[2]));
        assertRefused("structured records", withDescrList());
        assertRefused("not a .npy array", "PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused("version 9.0", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0});
    }

    private static byte[] withDescrList() {
        String dict = "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (1,), }";
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        return out.array();
    }

    @Test
    void dataThatDoesNotMatchItsHeaderIsRefused() {
        byte[] whole = file("<f4", false, "(2, 3)", floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6));
        assertRefused("cut short: 20 bytes where shape (2, 3) of <f4 needs 24", Arrays.copyOf(whole,
                whole.length - 4));
        assertRefused("4 bytes more than shape (2, 3)", Arrays.copyOf(whole, whole.length + 4));
        assertRefused("a .npy header of", Arrays.copyOf(whole, 40));
        assertRefused("not a tuple of sizes", file("<f4", false, "(-1, 3)", new byte[0]));
    }

    private static void assertRefused(String expected, byte[] bytes) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
