package dev.fusenet.runtime.compiled;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A row-major float matrix in ND4J's off-heap memory, where the matrix products run, with the views made once:
 * a {@link FloatBuffer} for bulk copies to and from the heap arrays where element-wise work runs (the JIT
 * vectorizes loops over heap arrays, not over buffers), and a JavaCPP pointer for OpenBLAS. Making a view per
 * call would allocate on every training step.
 */
public final class OffHeapMatrix {

    final int rows;
    final int columns;
    final INDArray array;
    final FloatBuffer buffer;
    final FloatPointer pointer;

    public OffHeapMatrix(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.array = Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
        this.buffer = array.data().asNioFloat();
        this.pointer = new FloatPointer(array.data().addressPointer());
    }

    private OffHeapMatrix(OffHeapMatrix owner, int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.array = owner.array;
        this.buffer = owner.buffer;
        this.pointer = owner.pointer;
    }

    /**
     * The same memory seen as a (rows, columns) matrix of as many values: a convolution's (batch, height · width
     * · filters) outputs seen as (batch · height · width, filters), the rows its product writes.
     */
    public OffHeapMatrix view(int rows, int columns) {
        if ((long) rows * columns != (long) this.rows * this.columns) {
            throw new IllegalArgumentException("cannot view (" + this.rows + "," + this.columns + ") as (" + rows
                    + "," + columns + ")");
        }
        return new OffHeapMatrix(this, rows, columns);
    }

    /** Copies the first {@code count} values of {@code heap} into this matrix. */
    public void copyFrom(float[] heap, int count) {
        buffer.put(0, heap, 0, count);
    }

    /** Copies the first {@code count} values of this matrix into {@code heap}. */
    public void copyTo(float[] heap, int count) {
        buffer.get(0, heap, 0, count);
    }
}
