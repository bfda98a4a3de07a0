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
        enterSingleThreaded();
        try {
            if (type == DataType.FLOAT) {
                cblas_sgemm(CblasRowMajor, left.flag(), right.flag(), m, n, k, 1f, floats(a), left.leading,
                        floats(b), right.leading, 0f, floats(c), n);
            } else {
                cblas_dgemm(CblasRowMajor, left.flag(), right.flag(), m, n, k, 1.0, doubles(a), left.leading,
                        doubles(b), right.leading, 0.0, doubles(c), n);
            }
        } finally {
            exitSingleThreaded();
        }
        return Optional.of(c);
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

    private static FloatPointer floats(INDArray array) {
        return new FloatPointer(array.data().addressPointer()).position(offsetInBuffer(array));
    }

    private static DoublePointer doubles(INDArray array) {
        return new DoublePointer(array.data().addressPointer()).position(offsetInBuffer(array));
    }

    /**
     * Where the array starts from its buffer's address. A view's buffer usually is itself a view whose address
     * already includes the array's offset (then this is 0); a view sharing its owner's whole buffer is not.
     */
    private static long offsetInBuffer(INDArray array) {
        return array.offset() - array.data().offset();
    }
}
