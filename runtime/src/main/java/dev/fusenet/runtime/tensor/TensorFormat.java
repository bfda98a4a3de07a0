package dev.fusenet.runtime.tensor;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Prints tensors the way numpy prints arrays, on one line: {@code [[5., 7.], [9., 11.]]}. Tensors of more than
 * {@value #SUMMARY_THRESHOLD} elements show the first and last {@value #EDGE_ITEMS} entries of each axis around
 * {@code ...}, as numpy does, so that printing a data set stays short.
 */
public final class TensorFormat {

    static final int SUMMARY_THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    public static String format(Tensor tensor) {
        long[] shape = tensor.shape();
        double[] values = tensor.toDoubleArray();
        boolean summarise = values.length > SUMMARY_THRESHOLD;
        StringBuilder out = new StringBuilder();
        appendAxis(out, tensor.dtype(), values, shape, 0, 0, summarise);
        if (tensor.dtype() != DType.FLOAT32) {
            out.append(", dtype=").append(tensor.dtype().numpyName());
        }
        return out.toString();
    }

    private static void appendAxis(StringBuilder out, DType dtype, double[] values, long[] shape, int axis,
                                   long offset, boolean summarise) {
        if (axis == shape.length) {
            out.append(element(dtype, values[(int) offset]));
            return;
        }
        long size = shape[axis];
        long stride = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        out.append('[');
        for (long i = 0; i < size; i++) {
            if (summarise && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                out.append("..., ");
                i = size - EDGE_ITEMS - 1;
                continue;
            }
            appendAxis(out, dtype, values, shape, axis + 1, offset + i * stride, summarise);
            if (i < size - 1) {
                out.append(", ");
            }
        }
        out.append(']');
    }

    /** One element as numpy writes it: {@code 5.} and {@code 0.25} for floats, {@code True} for bools. */
    static String element(DType dtype, double value) {
        if (dtype == DType.BOOL) {
            return value != 0 ? "True" : "False";
        }
        if (!dtype.isFloatingPoint()) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e16) {
            return (value == 0 && 1 / value < 0 ? "-" : "") + (long) value + ".";
        }
        // The shortest decimal that reads back as the same value in the tensor's precision.
        String shortest = switch (dtype) {
            case FLOAT64 -> Double.toString(value);
            case FLOAT16 -> shortestHalf(value);
            default -> Float.toString((float) value);
        };
        int exponent = shortest.indexOf('E');
        if (exponent < 0) {
            return shortest;
        }
        String mantissa = shortest.substring(0, exponent);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 1);
        }
        int power = Integer.parseInt(shortest.substring(exponent + 1));
        return mantissa + "e" + (power < 0 ? "-" : "+") + String.format("%02d", Math.abs(power));
    }

    /** The fewest significant digits that round back to this float16 value (numpy prints 0.1, not 0.09998). */
    private static String shortestHalf(double value) {
        for (int digits = 1; digits < 6; digits++) {
            double candidate = new BigDecimal(value).round(new MathContext(digits)).doubleValue();
            if (roundToHalf(candidate) == value) {
                return Float.toString((float) candidate);
            }
        }
        return Float.toString((float) value);
    }

    /** Rounds to the nearest float16 value: 11 significant bits, subnormal below 2^-14. */
    static double roundToHalf(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        int exponent = Math.max(Math.getExponent(value), -14);
        double ulp = Math.scalb(1.0, exponent - 10);
        return Math.rint(value / ulp) * ulp;
    }
}
