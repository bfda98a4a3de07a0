package dev.fusenet.runtime.datasets;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the format of MNIST, Fashion-MNIST and EMNIST): two zero bytes, a type code, the number of
 * dimensions, each dimension as a big-endian int, then the data, big-endian. Gzip-compressed files are
 * recognised by their content and decompressed on the fly.
 *
 * <p>Element types: unsigned byte (0x08) gives UINT8; signed byte (0x09), short (0x0B) and int (0x0C) give
 * INT32; float (0x0D) FLOAT32; double (0x0E) FLOAT64.
 */
public final class Idx {

    private Idx() {
    }

    /**
     * Reads one IDX file, compressed or not.
     *
     * @throws DatasetException naming the file when it is missing, is not IDX, is truncated or has extra bytes
     */
    public static Tensor read(Path file) throws DatasetException {
        byte[] bytes = readAllDecompressed(file);
        return parse(bytes, file.toString());
    }

    /** The file's bytes, decompressed when it is gzip. */
    static byte[] readAllDecompressed(Path file) throws DatasetException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file");
        } catch (java.io.EOFException e) {
            throw new DatasetException(file + " is truncated or corrupt (unexpected end of gzip data)", e);
        } catch (java.util.zip.ZipException e) {
            throw new DatasetException(file + " is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** Parses the bytes of an (uncompressed) IDX file; {@code source} names it in errors. */
    public static Tensor parse(byte[] bytes, String source) throws DatasetException {
        if (bytes.length < 4) {
            throw new DatasetException(source + ": truncated: an IDX header needs at least 4 bytes, the file has "
                    + bytes.length);
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new DatasetException(String.format("%s: not an IDX file: its magic number 0x%02X%02X%02X%02X "
                    + "should start with two zero bytes", source, bytes[0], bytes[1], bytes[2], bytes[3]));
        }
        ElementType type = ElementType.of(bytes[2] & 0xff, source);
        int rank = bytes[3] & 0xff;
        int headerSize = 4 + 4 * rank;
        if (bytes.length < headerSize) {
            throw new DatasetException(source + ": truncated: the header of a rank-" + rank + " IDX file needs "
                    + headerSize + " bytes, the file has " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        long[] shape = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int dim = buffer.getInt(4 + 4 * i);
            if (dim < 0) {
                throw new DatasetException(source + ": dimension " + i + " is negative (" + dim + ")");
            }
            shape[i] = dim;
            count *= dim;
        }
        long expected = headerSize + count * type.size;
        if (bytes.length < expected) {
            throw new DatasetException(source + ": truncated: expected " + expected + " bytes (" + describe(shape)
                    + " of " + type.name + " after a " + headerSize + "-byte header), the file has " + bytes.length);
        }
        if (bytes.length > expected) {
            throw new DatasetException(source + ": " + (bytes.length - expected) + " bytes more than its header "
                    + "describes (" + describe(shape) + " of " + type.name + ", " + expected + " bytes in all)");
        }
        buffer.position(headerSize);
        return type.decode(buffer, Math.toIntExact(count), rank == 0 ? new long[] {} : shape);
    }

    private static String describe(long[] shape) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return text.length() == 0 ? "a scalar" : text.toString();
    }

    /** The IDX element types. */
    private enum ElementType {
        UNSIGNED_BYTE(0x08, 1, "unsigned bytes"),
        SIGNED_BYTE(0x09, 1, "signed bytes"),
        SHORT(0x0B, 2, "shorts"),
        INT(0x0C, 4, "ints"),
        FLOAT(0x0D, 4, "floats"),
        DOUBLE(0x0E, 8, "doubles");

        final int code;
        final int size;
        final String name;

        ElementType(int code, int size, String name) {
            this.code = code;
            this.size = size;
            this.name = name;
        }

        static ElementType of(int code, String source) throws DatasetException {
            for (ElementType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new DatasetException(String.format("%s: unknown IDX element type 0x%02X; expected 0x08 (ubyte), "
                    + "0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)", source, code));
        }

        Tensor decode(ByteBuffer buffer, int count, long[] shape) {
            return switch (this) {
                case UNSIGNED_BYTE -> {
                    byte[] values = new byte[count];
                    buffer.get(values);
                    yield Tensor.of(values, shape).reshape(shape);
                }
                case SIGNED_BYTE, SHORT, INT -> {
                    int[] values = new int[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = this == SIGNED_BYTE ? buffer.get() : this == SHORT ? buffer.getShort() : buffer.getInt();
                    }
                    yield Tensor.of(values, shape).reshape(shape);
                }
                case FLOAT -> {
                    float[] values = new float[count];
                    buffer.asFloatBuffer().get(values);
                    yield Tensor.of(values, shape).reshape(shape);
                }
                case DOUBLE -> {
                    double[] values = new double[count];
                    buffer.asDoubleBuffer().get(values);
                    yield Tensor.of(values, shape).castTo(DType.FLOAT64).reshape(shape);
                }
            };
        }
    }
}
