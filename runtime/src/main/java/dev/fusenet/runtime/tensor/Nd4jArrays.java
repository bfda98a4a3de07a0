package dev.fusenet.runtime.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few ND4J calls whose behaviour needs care, in one place: every array fusenet creates is
 * row-major ('c') and contiguous, scalars are rank 0, and ND4J's start-up log stays quiet.
 * (Beware {@code reshape('c', n)}: the char widens to the first size 99; pass the sizes as a long[].)
 */
public final class Nd4jArrays {

    static {
        quietNd4jStartupLog();
    }

    private Nd4jArrays() {
    }

    /**
     * ND4J logs a dozen INFO lines when its backend starts. Unless the user configured slf4j-simple's level
     * for ND4J themselves, show only its warnings. Must run before ND4J creates its first logger.
     */
    private static void quietNd4jStartupLog() {
        for (String logger : new String[] {"org.nd4j", "org.bytedeco"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** Loads the backend if it is not yet loaded; calling it first keeps ND4J's start-up log quiet. */
    public static void init() {
        Nd4j.getBackend();
    }

    /** A contiguous row-major array holding the same elements as {@code array} in row-major order. */
    public static INDArray contiguous(INDArray array) {
        return array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
    }

    /** Reshape that also handles rank 0 (ND4J's reshape rejects an empty shape). */
    public static INDArray reshape(INDArray array, long[] shape) {
        INDArray source = contiguous(array);
        if (Arrays.equals(source.shape(), shape)) {
            return source;
        }
        if (shape.length == 0) {
            return source.reshape('c', new long[] {1}).reshape('c', new long[0]);
        }
        return source.reshape('c', shape).dup('c');
    }

    /** {@code array} repeated along its size-1 and missing leading axes to {@code shape}, as a new array. */
    public static INDArray broadcastTo(INDArray array, long[] shape) {
        if (Arrays.equals(array.shape(), shape)) {
            return array;
        }
        if (shape.length == 0) {
            return reshape(array, shape);
        }
        if (Shapes.size(shape) == 0) {
            return Nd4j.create(array.dataType(), shape);
        }
        if (array.dataType() == DataType.FLOAT && Shapes.size(shape) < Integer.MAX_VALUE - 8) {
            return repeated(array, shape);
        }
        INDArray padded = reshape(array, Shapes.padLeft(array.shape(), shape.length));
        return padded.broadcast(shape).dup('c');
    }

    /**
     * A float {@code source} repeated to {@code shape} by bulk copies of its rows: ND4J's {@code broadcast} took
     * 0.9 ms to repeat a 512-value bias over 128 rows, the copies 0.1 ms. (Other types, rarer on hot paths, keep
     * ND4J's.)
     */
    private static INDArray repeated(INDArray source, long[] shape) {
        return fromFloats(floatsBroadcastTo(toFloats(source), source.shape(), shape), shape);
    }

    /** Row-major {@code values} of shape {@code from} broadcast to {@code shape}, as a new array. */
    public static float[] floatsBroadcastTo(float[] values, long[] from, long[] shape) {
        float[] out = new float[Math.toIntExact(Shapes.size(shape))];
        if (out.length > 0) {
            repeat(Shapes.padLeft(from, shape.length), shape, 0, values, 0, out, 0);
        }
        return out;
    }

    /**
     * Walks the output from {@code axis} on: where the source and the output agree on every remaining axis,
     * one run copies the block; otherwise each output index along the axis reads source index 0 (a size-1
     * axis) or the same index.
     */
    private static void repeat(long[] from, long[] to, int axis, float[] values, int read, float[] out, int write) {
        boolean same = true;
        for (int i = axis; i < to.length; i++) {
            same &= from[i] == to[i];
        }
        if (same) {
            int length = Math.toIntExact(Shapes.size(Arrays.copyOfRange(to, axis, to.length)));
            System.arraycopy(values, read, out, write, length);
            return;
        }
        if (axis == to.length - 1) {
            Arrays.fill(out, write, write + Math.toIntExact(to[axis]), values[read]);
            return;
        }
        long readBlock = Shapes.size(Arrays.copyOfRange(from, axis + 1, from.length));
        long writeBlock = Shapes.size(Arrays.copyOfRange(to, axis + 1, to.length));
        for (long index = 0; index < to[axis]; index++) {
            long sourceIndex = from[axis] == 1 ? 0 : index;
            repeat(from, to, axis + 1, values, Math.toIntExact(read + sourceIndex * readBlock), out,
                    Math.toIntExact(write + index * writeBlock));
        }
    }

    /** {@code array} as {@code type}, or itself when it already is. */
    public static INDArray cast(INDArray array, DataType type) {
        return array.dataType() == type ? array : array.castTo(type);
    }

    /**
     * A new FLOAT array of {@code shape} holding {@code values} in row-major order, copied in bulk:
     * {@code Nd4j.create(float[], ...)} copies element by element through {@code DataBuffer.put}, which made it the
     * largest cost of a tape training step (the MNIST network's kernel is 401,408 floats).
     */
    public static INDArray fromFloats(float[] values, long[] shape) {
        if (values.length != Shapes.size(shape)) {
            throw new IllegalArgumentException("fusenet bug: " + values.length + " values for shape "
                    + Shapes.format(shape));
        }
        if (values.length == 0) {
            return Nd4j.create(DataType.FLOAT, shape, 'c');
        }
        // Every element is written below, so ND4J need not clear the memory first.
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        array.data().asNioFloat().put(values, 0, values.length);
        return array;
    }

    /** The elements of {@code array} in row-major order, as floats, into {@code destination} of its length. */
    public static void copyFloats(INDArray array, float[] destination) {
        if (array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isView()
                && array.offset() == 0) {
            array.data().asNioFloat().get(destination, 0, destination.length);
        } else {
            float[] values = toFloats(array);
            System.arraycopy(values, 0, destination, 0, values.length);
        }
    }

    /**
     * Elements {@code [from, to)} in row-major order of a contiguous FLOAT array, copied in bulk; null for any other
     * array (a view, another type).
     */
    public static float[] floatsBetween(INDArray array, int from, int to) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView() || array.offset() != 0) {
            return null;
        }
        float[] values = new float[to - from];
        array.data().asNioFloat().position(from).get(values, 0, values.length);
        return values;
    }

    /** Whether {@link #copyFloats(INDArray, long, float[], int)} can read {@code array}: contiguous FLOAT values. */
    public static boolean readableInBulk(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isView()
                && array.offset() == 0;
    }

    /**
     * Elements {@code [from, from + length)} in row-major order of an array {@link #readableInBulk readable in
     * bulk}, into {@code destination} from index 0, without an array of the whole.
     */
    public static void copyFloats(INDArray array, long from, float[] destination, int length) {
        if (!readableInBulk(array)) {
            throw new IllegalArgumentException("fusenet bug: a bulk read of a " + array.dataType() + " array "
                    + (array.isView() ? "view" : "in order " + array.ordering()));
        }
        array.data().asNioFloat().get(Math.toIntExact(from), destination, 0, length);
    }

    /** The elements of a FLOAT array in row-major order, copied in bulk when they are contiguous. */
    public static float[] toFloats(INDArray array) {
        if (array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isView()
                && array.offset() == 0) {
            float[] values = new float[Math.toIntExact(array.length())];
            array.data().asNioFloat().get(values, 0, values.length);
            return values;
        }
        return flat(cast(array, DataType.FLOAT)).toFloatVector();
    }

    /** The elements of {@code array} in row-major order, as one flat rank-1 array. */
    public static INDArray flat(INDArray array) {
        return contiguous(array).reshape('c', new long[] {array.length()});
    }
}
