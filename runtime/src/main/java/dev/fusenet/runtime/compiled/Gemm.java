package dev.fusenet.runtime.compiled;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * {@code c = op(a) · op(b)}, on whole matrices or views of their rows or columns, through OpenBLAS's {@code cblas_sgemm}, the library ND4J's own GEMM calls, on
 * off-heap matrices. Calling it directly instead of through {@code Nd4j.gemm} is as fast and allocates nothing,
 * where {@code Nd4j.gemm} allocates about 4.6 kB of Java objects per call (measured with ThreadMXBean).
 */
final class Gemm {

    private Gemm() {
    }

    static void multiply(OffHeapMatrix a, boolean transposeA, OffHeapMatrix b, boolean transposeB, OffHeapMatrix c) {
        int m = transposeA ? a.columns : a.rows;
        int k = transposeA ? a.rows : a.columns;
        int kB = transposeB ? b.columns : b.rows;
        int n = transposeB ? b.rows : b.columns;
        if (k != kB || c.rows != m || c.columns != n) {
            throw new IllegalArgumentException("gemm: cannot multiply (" + m + "," + k + ") by (" + kB + "," + n
                    + ") into (" + c.rows + "," + c.columns + ")");
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a.pointer, a.stride, b.pointer, b.stride, 0f, c.pointer, c.stride);
    }
}
