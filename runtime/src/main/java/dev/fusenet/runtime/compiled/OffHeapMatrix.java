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
 *
 * <p>A matrix may be a view of another's memory: the same values seen with other dimensions ({@link #view}), a
 * block of its rows ({@link #rows}), the shard of a batch, or a block of its columns ({@link #columns}), a part
 * of a weight. Its heap twin has the owner's layout, so a view copies to and from the same positions there.
 */
public final class OffHeapMatrix {

    final int rows;
    final int columns;
    /** The distance between the starts of two rows: the owner's width. */
    final int stride;
    /** Where this view starts in the owner's memory, in values. */
    final int offset;
    final INDArray array;
    final FloatBuffer buffer;
    final FloatPointer pointer;

    public OffHeapMatrix(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.stride = columns;
        this.offset = 0;
        this.array = Nd4j.create(DataType.FLOAT, new long[] {rows, columns}, 'c');
        this.buffer = array.data().asNioFloat();
        this.pointer = new FloatPointer(array.data().addressPointer());
    }

    private OffHeapMatrix(OffHeapMatrix owner, int rows, int columns, int stride, int offset) {
        this.rows = rows;
        this.columns = columns;
        this.stride = stride;
        this.offset = offset;
        this.array = owner.array;
        this.buffer = owner.buffer;
        this.pointer = offset == 0 ? owner.pointer
                : new FloatPointer(array.data().addressPointer()).position(offset);
    }

    /**
     * The same memory seen as a (rows, columns) matrix of as many values: a convolution's (batch, height · width
     * · filters) outputs seen as (batch · height · width, filters), the rows its product writes.
     */
    public OffHeapMatrix view(int rows, int columns) {
        if ((long) rows * columns != (long) this.rows * this.columns || stride != this.columns) {
            throw new IllegalArgumentException("cannot view (" + this.rows + "," + this.columns + ") as (" + rows
                    + "," + columns + ")");
        }
        return new OffHeapMatrix(this, rows, columns, columns, offset);
    }

    /** Rows {@code [from, to)}: a shard of a batch. */
    public OffHeapMatrix rows(int from, int to) {
        return new OffHeapMatrix(this, to - from, columns, stride, offset + from * stride);
    }

    /** Columns {@code [from, to)} of every row. */
    public OffHeapMatrix columns(int from, int to) {
        return new OffHeapMatrix(this, rows, to - from, stride, offset + from);
    }

    /**
     * Copies this matrix's values in from the same positions of {@code heap}, laid out as the owner: the whole
     * matrix, or a view of whole rows.
     */
    public void pull(float[] heap) {
        buffer.put(offset, heap, offset, rows * stride);
    }

    /** Copies this matrix's values out to the same positions of {@code heap}, laid out as the owner. */
    public void push(float[] heap) {
        buffer.get(offset, heap, offset, rows * stride);
    }
}
