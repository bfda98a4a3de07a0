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

    /** Copies the first {@code count} values of {@code heap} into this matrix. */
    public void copyFrom(float[] heap, int count) {
        buffer.put(0, heap, 0, count);
    }

    /** Copies the first {@code count} values of this matrix into {@code heap}. */
    public void copyTo(float[] heap, int count) {
        buffer.get(0, heap, 0, count);
    }
}
