package dev.fusenet.runtime.tensor;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * OpenBLAS, called directly: its thread count, and the matrix product of two ND4J matrices. ND4J's own {@code mmul}
 * took 3.3–6.5 ms for a (128, 784) · (784, 512) float product on these machines where {@code cblas_sgemm} on the
 * same memory takes 0.5 ms, and it copies a transposed view before multiplying; here a transposed view is
 * passed to GEMM as a transpose flag, so the tape's backward products ({@code upstream · Wᵀ}) copy no weights.
 */
public final class Blas {

    private static final Object THREADS_LOCK = new Object();
    /** Single-threaded sections in progress on any thread; guarded by {@link #THREADS_LOCK}. */
    private static int singleThreaded;
    /**
     * OpenBLAS's thread count setter, looked up once: the preset's {@code blas_set_num_threads} looks the symbol
     * up and allocates on every call.
     */
    private static final BlasThreads SET_BLAS_THREADS;
    /**
     * OpenBLAS's thread count outside single-threaded sections: what ND4J sets at start-up, {@code OMP_NUM_THREADS}
     * or the core count (OpenBLAS's getter is not reachable through the preset here: it answers -1).
     */
    private static final int BLAS_THREADS = blasThreads();

    static {
        Nd4jArrays.init();
        Loader.load(openblas_nolapack.class);
        SET_BLAS_THREADS = new BlasThreads(Loader.addressof("openblas_set_num_threads"));
    }

    /** {@code openblas_set_num_threads} as a function pointer made once; calling it allocates nothing. */
    private static final class BlasThreads extends org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads {
        BlasThreads(Pointer function) {
            super();
            put(function);
        }
    }

    private static int blasThreads() {
        String configured = System.getenv("OMP_NUM_THREADS");
        try {
            return configured == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(configured);
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private Blas() {
    }

    /**
     * Starts a section whose products run on one OpenBLAS thread; {@link #exitSingleThreaded()} ends it. OpenBLAS's
     * count is global, so it is one while any section on any thread is in progress and restored when the last
     * ends. Why: OpenBLAS's two threads gave different bits than one (a model must train to the same weights on
     * every machine), and they compete with ND4J's OpenMP threads for the two cores: the tape's MNIST epoch took
     * 6.5-8 s with both pools, 2.1-2.9 s with one OpenBLAS thread.
     */
    public static void enterSingleThreaded() {
        synchronized (THREADS_LOCK) {
            if (singleThreaded++ == 0) {
                SET_BLAS_THREADS.call(1);
            }
        }
    }

    /** Ends a section begun by {@link #enterSingleThreaded()}. */
    public static void exitSingleThreaded() {
        synchronized (THREADS_LOCK) {
            if (--singleThreaded == 0) {
                SET_BLAS_THREADS.call(BLAS_THREADS);
            }
        }
    }

    /**
     * {@code a · b} for float or double rank-2 arrays of one type, as a new row-major array; empty when an
     * operand's layout is neither row-major rows nor the transpose of them (the caller copies it first).
     */
    public static Optional<INDArray> multiply(INDArray a, INDArray b) {
        return plan(a, b).map(product -> {
            product.computeOnOneThread();
            return product.result();
        });
    }

    /**
     * The product {@code a · b} made ready, its result allocated but not computed, so that a caller can compute
     * its rows in parts on several threads ({@link Product#computeRows}); empty where {@link #multiply} is.
     */
    public static Optional<Product> plan(INDArray a, INDArray b) {
        DataType type = a.dataType();
        if (a.rank() != 2 || b.rank() != 2 || b.dataType() != type
                || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return Optional.empty();
        }
        int m = Math.toIntExact(a.size(0));
        int k = Math.toIntExact(a.size(1));
        int n = Math.toIntExact(b.size(1));
        if (m == 0 || k == 0 || n == 0 || b.size(0) != k) {
            return Optional.empty();
        }
        Layout left = Layout.of(a);
        Layout right = Layout.of(b);
        if (left == null || right == null) {
            return Optional.empty();
        }
        INDArray c = Nd4j.createUninitialized(type, new long[] {m, n}, 'c');
        return Optional.of(new Product(m, n, k, type == DataType.FLOAT, a.data().addressPointer(), offsetInBuffer(a),
                left, b.data().addressPointer(), offsetInBuffer(b), right, c.data().addressPointer(), c));
    }

    /**
     * One float matrix of {@link #planFloats}: an ND4J array that GEMM reads where it is, or row-major values on
     * the heap that are copied into this thread's scratch memory first.
     */
    public static final class FloatMatrix {

        private final INDArray array;
        private final float[] values;
        private final int storedRows;
        private final int storedColumns;
        private final boolean transposed;

        private FloatMatrix(INDArray array, float[] values, int storedRows, int storedColumns, boolean transposed) {
            this.array = array;
            this.values = values;
            this.storedRows = storedRows;
            this.storedColumns = storedColumns;
            this.transposed = transposed;
        }

        /** A FLOAT rank-2 ND4J array (or view). */
        public static FloatMatrix of(INDArray matrix) {
            return new FloatMatrix(matrix, null, 0, 0, false);
        }

        /** {@code rows × columns} values in row-major order. */
        public static FloatMatrix of(float[] values, int rows, int columns) {
            return new FloatMatrix(null, values, rows, columns, false);
        }

        /** The transpose, read through GEMM's flag: nothing is copied. */
        public FloatMatrix transpose() {
            return array != null ? of(array.transpose())
                    : new FloatMatrix(null, values, storedRows, storedColumns, !transposed);
        }

        int rows() {
            return array != null ? (int) array.size(0) : transposed ? storedColumns : storedRows;
        }

        int columns() {
            return array != null ? (int) array.size(1) : transposed ? storedRows : storedColumns;
        }
    }

    /** This thread's off-heap memory for heap operands and float results: grown when too small, never shrunk. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        private final FloatPointer[] slots = new FloatPointer[3];

        FloatPointer slot(int index, long floats) {
            FloatPointer slot = slots[index];
            if (slot == null || slot.capacity() < floats) {
                // The smaller one is freed when collected: pointers made from it may still refer to it.
                slot = new FloatPointer(Math.max(floats, 1));
                slots[index] = slot;
            }
            return slot;
        }
    }

    /**
     * The float product {@code a · b} made ready in this thread's scratch memory: heap operands are copied there,
     * ND4J operands are read where they are, and the result is computed there and handed back on the heap by
     * {@link Product#resultFloats()}, so a product allocates no off-heap buffer (allocating one cost 20-150 µs
     * here, more than some products). Empty where {@link #plan} is, and for a result too large for a Java array.
     * Compute and read the result before this thread plans another product.
     */
    public static Optional<Product> planFloats(FloatMatrix a, FloatMatrix b) {
        int m = a.rows();
        int k = a.columns();
        int n = b.columns();
        if (m == 0 || k == 0 || n == 0 || b.rows() != k || (long) m * n >= Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        Scratch scratch = SCRATCH.get();
        Placed left = place(a, scratch, 0);
        Placed right = place(b, scratch, 1);
        if (left == null || right == null) {
            return Optional.empty();
        }
        FloatPointer c = scratch.slot(2, (long) m * n);
        return Optional.of(new Product(m, n, k, true, left.base, left.start, left.layout, right.base, right.start,
                right.layout, c, null));
    }

    /** Where GEMM finds an operand: memory, the offset of its first element there, and its layout. */
    private record Placed(Pointer base, long start, Layout layout) {
    }

    private static Placed place(FloatMatrix matrix, Scratch scratch, int slot) {
        if (matrix.array != null) {
            if (matrix.array.dataType() != DataType.FLOAT || matrix.array.rank() != 2) {
                return null;
            }
            Layout layout = Layout.of(matrix.array);
            return layout == null ? null
                    : new Placed(matrix.array.data().addressPointer(), offsetInBuffer(matrix.array), layout);
        }
        FloatPointer copy = scratch.slot(slot, matrix.values.length);
        copy.position(0).put(matrix.values, 0, matrix.values.length);
        return new Placed(copy, 0, new Layout(matrix.transposed, Math.max(1, matrix.storedColumns)));
    }

    /**
     * A matrix product {@code c = a · b} whose rows are computed by {@link #computeRows}: GEMM on a band of rows
     * of {@code a} and {@code c} gives exactly the rows GEMM on the whole would, so two threads can each take a
     * band. The caller holds one OpenBLAS thread ({@link #enterSingleThreaded()}) while computing.
     */
    public static final class Product {

        private final int m;
        private final int n;
        private final int k;
        private final boolean single;
        private final Pointer a;
        private final long aStart;
        private final Layout left;
        private final Pointer b;
        private final long bStart;
        private final Layout right;
        private final Pointer c;
        private final INDArray result;

        private Product(int m, int n, int k, boolean single, Pointer a, long aStart, Layout left, Pointer b,
                        long bStart, Layout right, Pointer c, INDArray result) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.single = single;
            this.a = a;
            this.aStart = aStart;
            this.left = left;
            this.b = b;
            this.bStart = bStart;
            this.right = right;
            this.c = c;
            this.result = result;
        }

        /** The rows of the result. */
        public int rows() {
            return m;
        }

        /** The columns of the result. */
        public int columns() {
            return n;
        }

        /** Multiply-adds of the whole product: what decides whether splitting it pays. */
        public long multiplyAdds() {
            return (long) m * n * k;
        }

        /** The ND4J result of a {@link #plan}ned product; complete once every row has been computed. */
        public INDArray result() {
            return result;
        }

        /** The result of a {@link #planFloats} product, row-major, as a new heap array. */
        public float[] resultFloats() {
            float[] values = new float[m * n];
            floatsAt(c, 0).get(values);
            return values;
        }

        /** Computes the whole result with one OpenBLAS thread. */
        public void computeOnOneThread() {
            enterSingleThreaded();
            try {
                computeRows(0, m);
            } finally {
                exitSingleThreaded();
            }
        }

        /** Computes rows {@code from} (inclusive) to {@code to} (exclusive) of the result. */
        public void computeRows(int from, int to) {
            if (from < 0 || to > m || from > to) {
                throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of a product with " + m
                        + " rows");
            }
            int rows = to - from;
            if (rows == 0) {
                return;
            }
            // Row r of op(a) starts r rows into a stored a, or r elements in when a is stored transposed.
            long aFirst = aStart + (long) from * (left.transposed ? 1 : left.leading);
            long cFirst = (long) from * n;
            if (single) {
                cblas_sgemm(CblasRowMajor, left.flag(), right.flag(), rows, n, k, 1f, floatsAt(a, aFirst),
                        left.leading, floatsAt(b, bStart), right.leading, 0f, floatsAt(c, cFirst), n);
            } else {
                cblas_dgemm(CblasRowMajor, left.flag(), right.flag(), rows, n, k, 1.0, doublesAt(a, aFirst),
                        left.leading, doublesAt(b, bStart), right.leading, 0.0, doublesAt(c, cFirst), n);
            }
        }
    }

    /** How GEMM reads a matrix: as stored rows, or as the transpose of stored rows, {@code leading} apart. */
    private record Layout(boolean transposed, int leading) {

        /** Null when the matrix is neither: a strided view of a larger array's columns, for example. */
        static Layout of(INDArray matrix) {
            long rows = matrix.size(0);
            long columns = matrix.size(1);
            long rowStride = matrix.stride(0);
            long columnStride = matrix.stride(1);
            if ((columnStride == 1 || columns == 1) && rowStride >= columns) {
                return new Layout(false, Math.toIntExact(Math.max(1, rows == 1 ? columns : rowStride)));
            }
            if ((rowStride == 1 || rows == 1) && columnStride >= rows) {
                return new Layout(true, Math.toIntExact(Math.max(1, columns == 1 ? rows : columnStride)));
            }
            return null;
        }

        int flag() {
            return transposed ? CblasTrans : CblasNoTrans;
        }
    }

    private static FloatPointer floatsAt(Pointer base, long element) {
        return new FloatPointer(base).position(element);
    }

    private static DoublePointer doublesAt(Pointer base, long element) {
        return new DoublePointer(base).position(element);
    }

    /**
     * Where the array starts from its buffer's address. A view's buffer usually is itself a view whose address
     * already includes the array's offset (then this is 0); a view sharing its owner's whole buffer is not.
     */
    private static long offsetInBuffer(INDArray array) {
        return array.offset() - array.data().offset();
    }
}
