package dev.fusenet.runtime;

import org.nd4j.linalg.api.buffer.DataType;

/** The element types a {@link Tensor} can hold, named as numpy and TensorFlow name them. */
public enum DType {
    BOOL(DataType.BOOL, "bool"),
    UINT8(DataType.UINT8, "uint8"),
    INT32(DataType.INT32, "int32"),
    INT64(DataType.INT64, "int64"),
    FLOAT16(DataType.FLOAT16, "float16"),
    FLOAT32(DataType.FLOAT, "float32"),
    FLOAT64(DataType.DOUBLE, "float64");

    private final DataType nd4j;
    private final String numpyName;

    DType(DataType nd4j, String numpyName) {
        this.nd4j = nd4j;
        this.numpyName = numpyName;
    }

    /** The ND4J data type that stores this dtype. */
    public DataType nd4j() {
        return nd4j;
    }

    /** The name numpy and TensorFlow print, e.g. {@code float16}. */
    public String numpyName() {
        return numpyName;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    public boolean isInteger() {
        return this == INT32 || this == INT64 || this == UINT8;
    }

    /** The smallest value an integer dtype holds (0 for bool and uint8); for floating point, -infinity. */
    public double minValue() {
        return switch (this) {
            case BOOL, UINT8 -> 0;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> Double.NEGATIVE_INFINITY;
        };
    }

    /** The largest value an integer dtype holds; for floating point, +infinity. */
    public double maxValue() {
        return switch (this) {
            case BOOL -> 1;
            case UINT8 -> 255;
            case INT32 -> Integer.MAX_VALUE;
            // 2^63 - 1 is not a double: the largest double below 2^63 is the last value long arithmetic keeps.
            case INT64 -> Math.nextDown(0x1p63);
            default -> Double.POSITIVE_INFINITY;
        };
    }

    /** Whether {@code value}, an integer, is one of this dtype's values. */
    public boolean holds(double value) {
        return value >= minValue() && value <= maxValue();
    }

    /** Whether {@code value} is one of this dtype's values (every long is an int64 and a floating-point value). */
    public boolean holds(long value) {
        return switch (this) {
            case BOOL -> value == 0 || value == 1;
            case UINT8 -> value >= 0 && value <= 255;
            case INT32 -> value == (int) value;
            default -> true;
        };
    }

    /** The narrowest integer dtype from INT32 up that holds {@code value}, else FLOAT64. */
    static DType wideEnoughFor(double value) {
        return INT32.holds(value) ? INT32 : INT64.holds(value) ? INT64 : FLOAT64;
    }

    /**
     * The dtype of a binary operation's result: the wider of the two in the order
     * BOOL &lt; UINT8 &lt; INT32 &lt; INT64 &lt; FLOAT16 &lt; FLOAT32 &lt; FLOAT64 (the declaration order).
     */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The dtype that stores an ND4J array of the given type. */
    public static DType of(DataType type) {
        for (DType dtype : values()) {
            if (dtype.nd4j == type) {
                return dtype;
            }
        }
        throw new IllegalArgumentException("fusenet tensors do not support ND4J data type " + type
                + "; cast the array to one of FLOAT, DOUBLE, HALF, INT, LONG, UBYTE or BOOL first");
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
