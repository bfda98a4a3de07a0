package dev.fusenet.runtime.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Shape arithmetic shared by every op: formatting, broadcasting, axes and reshape inference. */
public final class Shapes {

    private Shapes() {
    }

    /** Formats a shape as the lecture writes it: {@code (2,3,4,5)}, {@code (5)}, and {@code ()} for a scalar. */
    public static String format(long... shape) {
        return LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(",", "(", ")"));
    }

    /** The number of elements of a tensor of this shape. */
    public static long size(long... shape) {
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        return size;
    }

    /**
     * The numpy broadcast of two shapes: aligned at the trailing axis, each pair of sizes must be equal
     * or one of them 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static long[] broadcast(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] result = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": cannot broadcast " + format(a) + " with " + format(b)
                        + ": sizes " + da + " and " + db + " differ on axis " + (i - rank)
                        + " and neither is 1");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /** {@code shape} with leading ones so that it has {@code rank} axes. */
    public static long[] padLeft(long[] shape, int rank) {
        long[] padded = new long[rank];
        Arrays.fill(padded, 1L);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        return padded;
    }

    /**
     * A possibly negative axis ({@code -1} is the last) as an index in {@code [0, rank)}.
     *
     * @throws IllegalArgumentException naming {@code op} and the shape when it is out of range
     */
    public static int axis(String op, int axis, long[] shape) {
        int rank = shape.length;
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + format(shape)
                    + " of rank " + rank + "; use an axis in [" + (-rank) + ", " + rank + ")");
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** Normalised, sorted, distinct axes; no axes means all of them (numpy's {@code axis=None}). */
    public static int[] axes(String op, int[] axes, long[] shape) {
        if (axes.length == 0) {
            int[] all = new int[shape.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] normalised = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalised[i] = axis(op, axes[i], shape);
        }
        int[] sorted = Arrays.stream(normalised).sorted().distinct().toArray();
        if (sorted.length != axes.length) {
            throw new IllegalArgumentException(op + ": axes " + Arrays.toString(axes) + " name an axis twice");
        }
        return sorted;
    }

    /** {@code shape} with the given axes removed, or set to 1 when {@code keepDims}. */
    public static long[] reduce(long[] shape, int[] sortedAxes, boolean keepDims) {
        long[] kept = shape.clone();
        for (int axis : sortedAxes) {
            kept[axis] = 1;
        }
        if (keepDims) {
            return kept;
        }
        return LongStream.range(0, shape.length)
                .filter(i -> Arrays.binarySearch(sortedAxes, (int) i) < 0)
                .map(i -> shape[(int) i])
                .toArray();
    }

    /**
     * The shape a reshape produces, with one {@code -1} inferred from the element count.
     *
     * @throws IllegalArgumentException when the sizes do not fit, naming both shapes
     */
    public static long[] inferReshape(long[] from, long[] to) {
        long size = size(from);
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < to.length; i++) {
            if (to[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: only one size can be -1, got " + format(to));
                }
                inferred = i;
            } else if (to[i] < 0) {
                throw new IllegalArgumentException("reshape: sizes must be non-negative or -1, got " + format(to));
            } else {
                known *= to[i];
            }
        }
        long[] result = to.clone();
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + format(from) + " of " + size
                        + " elements into " + format(to) + ": " + size + " is not a multiple of " + known);
            }
            result[inferred] = size / known;
        } else if (known != size) {
            throw new IllegalArgumentException("reshape: cannot reshape " + format(from) + " of " + size
                    + " elements into " + format(to) + " of " + known + " elements");
        }
        return result;
    }

    /** The inverse of a permutation of axes. */
    public static int[] invert(int[] permutation) {
        int[] inverse = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i]] = i;
        }
        return inverse;
    }

    /** The elements of {@code shape} at {@code axes}, in that order. */
    public static long[] pick(long[] shape, int[] axes) {
        long[] picked = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            picked[i] = shape[axes[i]];
        }
        return picked;
    }

    public static long[] concat(long[] a, long[] b) {
        long[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
