package dev.fusenet.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (versions 1.0 to 3.0), read and written in Java so that no unchecked byte reaches
 * native code: the header's {@code descr}, {@code fortran_order} and {@code shape} are parsed and checked, the data's
 * length must be exactly what they say, and what numpy writes with a clear meaning is accepted (either byte order,
 * either memory order, floats of 4 or 8 bytes, integers of 1 to 8 bytes, booleans). Text, Python objects, structured
 * records and complex numbers are refused with what the array holds. Arrays are returned in C (row-major) order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*('([^']*)'|\\[)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** What an array's elements are. */
    public enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

    /**
     * An array read from a {@code .npy} file: its shape and its elements in C order, as read; the accessors
     * convert them.
     */
    public static final class Array {
        private final long[] shape;
        private final Kind kind;
        private final int itemSize;
        private final ByteBuffer data;

        private Array(long[] shape, Kind kind, int itemSize, ByteBuffer data) {
            this.shape = shape;
            this.kind = kind;
            this.itemSize = itemSize;
            this.data = data;
        }

        public long[] shape() {
            return shape.clone();
        }

        public Kind kind() {
            return kind;
        }

        /** The element count: the product of the shape (1 for a scalar). */
        public int length() {
            return data.capacity() / itemSize;
        }

        /** The numpy name of the element type, as {@code float32} or {@code int64}. */
        public String typeName() {
            return switch (kind) {
                case FLOAT -> "float" + itemSize * 8;
                case SIGNED -> "int" + itemSize * 8;
                case UNSIGNED -> "uint" + itemSize * 8;
                case BOOL -> "bool";
            };
        }

        /** Element {@code i} as a double (exact for floats and for integers up to 2⁵³). */
        public double getDouble(int i) {
            int at = i * itemSize;
            return switch (kind) {
                case FLOAT -> itemSize == 4 ? data.getFloat(at) : data.getDouble(at);
                case SIGNED, UNSIGNED, BOOL -> integer(at);
            };
        }

        /** Element {@code i} of an integer or boolean array, exactly; a float array is refused. */
        public long getLong(int i) {
            if (kind == Kind.FLOAT) {
                throw new IllegalStateException("a " + typeName() + " array has no exact integers");
            }
            return integer(i * itemSize);
        }

        private long integer(int at) {
            long value = switch (itemSize) {
                case 1 -> data.get(at);
                case 2 -> data.getShort(at);
                case 4 -> data.getInt(at);
                default -> data.getLong(at);
            };
            if (kind == Kind.UNSIGNED || kind == Kind.BOOL) {
                value = itemSize == 8 ? value : value & ((1L << (itemSize * 8)) - 1);
            }
            return value;
        }

        /** Every element as a float32, rounded as a numpy {@code astype(float32)} rounds. */
        public float[] toFloats() {
            float[] values = new float[length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = kind == Kind.FLOAT && itemSize == 4 ? data.getFloat(i * 4) : (float) getDouble(i);
            }
            return values;
        }
    }

    /**
     * The array in {@code bytes}, a whole {@code .npy} file.
     *
     * @throws IOException saying what is wrong with the header or the data, for the caller to prefix with the file
     *                     and entry
     */
    public static Array read(byte[] bytes) throws IOException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException("not a .npy array (it does not start with numpy's \\x93NUMPY)");
        }
        int major = bytes[6];
        ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(little.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException("a .npy header cut short");
            }
            headerLength = little.getInt(8);
            headerStart = 12;
        } else {
            throw new IOException(".npy format version " + major + "." + bytes[7] + " is not one numpy writes "
                    + "(1.0 to 3.0)");
        }
        if (headerLength < 0 || headerStart + (long) headerLength > bytes.length) {
            throw new IOException("a .npy header of " + headerLength + " bytes in a file of " + bytes.length);
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IOException("a .npy header without descr, fortran_order and shape: " + header.trim());
        }
        if (descr.group(2) == null) {
            throw new IOException("the array holds structured records (a list of fields), not numbers");
        }
        String type = descr.group(2);
        long[] shape = shape(shapeText.group(1), header);
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        char order = type.isEmpty() ? '?' : type.charAt(0);
        String code = order == '<' || order == '>' || order == '|' || order == '=' ? type.substring(1) : type;
        Kind kind = kind(code, type);
        int itemSize = Integer.parseInt(code.substring(1));
        long dataLength = count * itemSize;
        int dataStart = headerStart + headerLength;
        long found = bytes.length - (long) dataStart;
        if (found != dataLength) {
            throw new IOException(found < dataLength
                    ? "the data is cut short: " + found + " bytes where shape " + format(shape) + " of " + type
                    + " needs " + dataLength
                    : "the data has " + (found - dataLength) + " bytes more than shape " + format(shape) + " of "
                    + type + " holds");
        }
        if (dataLength > Integer.MAX_VALUE - 8) {
            throw new IOException("an array of " + dataLength + " bytes is more than one Java array holds");
        }
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) dataLength).slice().order(byteOrder);
        if (fortran.group(1).equals("True") && shape.length > 1) {
            data = toRowMajor(data, shape, itemSize, byteOrder);
        }
        return new Array(shape, kind, itemSize, data);
    }

    private static Kind kind(String code, String type) throws IOException {
        if (code.isEmpty()) {
            throw new IOException("the element type '" + type + "' is not one numpy writes");
        }
        char letter = code.charAt(0);
        String size = code.substring(1);
        boolean known = switch (letter) {
            case 'f' -> size.equals("4") || size.equals("8");
            case 'i', 'u' -> size.equals("1") || size.equals("2") || size.equals("4") || size.equals("8");
            case 'b' -> size.equals("1");
            default -> false;
        };
        if (!known) {
            String what = switch (letter) {
                case 'U', 'S', 'a' -> "text ('" + type + "'), not numbers";
                case 'O' -> "Python objects (a pickle), not numbers; fusenet never reads pickles";
                case 'c' -> "complex numbers ('" + type + "')";
                case 'f' -> "floats of " + size + " bytes ('" + type + "'); save them as float32 or float64";
                case 'M', 'm' -> "dates or time spans ('" + type + "'), not numbers";
                case 'V' -> "raw records ('" + type + "'), not numbers";
                default -> "elements of type '" + type + "', which fusenet does not read";
            };
            throw new IOException("the array holds " + what);
        }
        return switch (letter) {
            case 'f' -> Kind.FLOAT;
            case 'i' -> Kind.SIGNED;
            case 'u' -> Kind.UNSIGNED;
            default -> Kind.BOOL;
        };
    }

    private static long[] shape(String tuple, String header) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String dim = part.trim().toUpperCase(Locale.ROOT).replace("L", "");
            if (dim.isEmpty()) {
                continue;
            }
            try {
                long value = Long.parseLong(dim);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                dims.add(value);
            } catch (NumberFormatException e) {
                throw new IOException("a .npy shape that is not a tuple of sizes: " + header.trim());
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** A Fortran-ordered (column-major) array's elements in C order. */
    private static ByteBuffer toRowMajor(ByteBuffer columnMajor, long[] shape, int itemSize, ByteOrder order) {
        int count = columnMajor.capacity() / itemSize;
        int rank = shape.length;
        ByteBuffer rowMajor = ByteBuffer.allocate(columnMajor.capacity()).order(order);
        int[] index = new int[rank];
        for (int c = 0; c < count; c++) {
            // index is element c's position in C order; its column-major offset strides from the first axis
            long f = 0;
            long stride = 1;
            for (int axis = 0; axis < rank; axis++) {
                f += index[axis] * stride;
                stride *= shape[axis];
            }
            for (int b = 0; b < itemSize; b++) {
                rowMajor.put(c * itemSize + b, columnMajor.get((int) f * itemSize + b));
            }
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return rowMajor;
    }

    /** A float32 array of {@code shape} as {@code .npy} bytes (version 1.0, little-endian, C order). */
    public static byte[] write(float[] values, long[] shape) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        return withHeader("<f4", 4, shape, data.array());
    }

    /** An int64 array of {@code shape} as {@code .npy} bytes. */
    public static byte[] write(long[] values, long[] shape) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        data.asLongBuffer().put(values);
        return withHeader("<i8", 8, shape, data.array());
    }

    /** A float64 array of {@code shape} as {@code .npy} bytes. */
    public static byte[] write(double[] values, long[] shape) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        return withHeader("<f8", 8, shape, data.array());
    }

    private static byte[] withHeader(String type, int itemSize, long[] shape, byte[] data) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count * itemSize != data.length) {
            throw new IllegalArgumentException("npy: " + data.length / itemSize + " values do not fill shape "
                    + format(shape));
        }
        StringBuilder dims = new StringBuilder();
        for (long dim : shape) {
            dims.append(dim).append(", ");
        }
        String tuple = shape.length == 1 ? dims.toString().trim() : dims.toString().replaceAll(", $", "");
        String dict = "{'descr': '" + type + "', 'fortran_order': False, 'shape': (" + tuple + "), }";
        // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64 bytes
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        byte[] header = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer file = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header).put(data);
        return file.array();
    }

    private static String format(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
