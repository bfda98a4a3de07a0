package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.Shards;
import dev.fusenet.runtime.tensor.Blas;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix product over the last two axes, with numpy broadcasting over the leading (batch) axes.
 * Both inputs have rank 2 or more here; {@link Tensor#matmul} lifts rank-1 operands first, as numpy does.
 *
 * <p>Of two matrices, the product may read either operand transposed ({@code op(a) · op(b)}): the gradients
 * {@code upstream · bᵀ} and {@code aᵀ · upstream} pass the transpose to GEMM as a flag instead of copying a
 * weight matrix on every backward pass, and stay differentiable for nested tapes.
 */
public final class MatMul implements Op {

    public static final MatMul INSTANCE = new MatMul(false, false);

    /** Products smaller than this (about 50 µs on one core) run on one thread: splitting would not pay. */
    private static final long SPLIT_MULTIPLY_ADDS = 1L << 22;

    private final boolean transposeA;
    private final boolean transposeB;

    private MatMul(boolean transposeA, boolean transposeB) {
        this.transposeA = transposeA;
        this.transposeB = transposeB;
    }

    /** {@code op(a) · op(b)} of two matrices. */
    private static Tensor matrices(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        return Ops.apply(new MatMul(transposeA, transposeB), a, b);
    }

    @Override
    public String opName() {
        return "matmul";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray a = transposeA ? LinearAlgebra.computable(inputs[0]).transpose()
                : LinearAlgebra.computable(inputs[0]);
        INDArray b = transposeB ? LinearAlgebra.computable(inputs[1]).transpose()
                : LinearAlgebra.computable(inputs[1]);
        long[] aShape = a.shape();
        long[] bShape = b.shape();
        long m = aShape[aShape.length - 2];
        long k = aShape[aShape.length - 1];
        long n = bShape[bShape.length - 1];
        long[] batch = batchShape(aShape, bShape);
        INDArray product;
        if (batch.length == 0) {
            product = Blas.plan(a, b).map(planned -> compute(planned).result())
                    .orElseGet(() -> Nd4jArrays.contiguous(a).mmul(Nd4jArrays.contiguous(b)));
        } else {
            long batches = Shapes.size(batch);
            INDArray a3 = Nd4jArrays.reshape(Nd4jArrays.broadcastTo(a, Shapes.concat(batch, new long[] {m, k})),
                    new long[] {batches, m, k});
            INDArray b3 = Nd4jArrays.reshape(Nd4jArrays.broadcastTo(b, Shapes.concat(batch, new long[] {k, n})),
                    new long[] {batches, k, n});
            INDArray c3 = Nd4j.create(a.dataType(), batches, m, n);
            for (long i = 0; i < batches; i++) {
                INDArray left = a3.slice(i);
                INDArray right = b3.slice(i);
                c3.slice(i).assign(Blas.multiply(left, right).orElseGet(() -> left.mmul(right)));
            }
            product = Nd4jArrays.reshape(c3, Shapes.concat(batch, new long[] {m, n}));
        }
        return Nd4jArrays.cast(product, inputs[0].dataType());
    }

    /**
     * Two float matrices: multiplied in this thread's scratch memory ({@link Blas#planFloats}), operands on the heap
     * copied there, ND4J ones read where they are, and the result handed back on the heap, where the element-wise
     * kernels that usually follow read it without a copy.
     */
    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        if (!Ops.allFloat32(inputs) || inputs[0].rank() != 2 || inputs[1].rank() != 2) {
            return null;
        }
        Blas.FloatMatrix a = operand(inputs[0], transposeA);
        Blas.FloatMatrix b = operand(inputs[1], transposeB);
        return Blas.planFloats(a, b).map(product -> {
            compute(product);
            return Tensor.wrap(product.resultFloats(), new long[] {product.rows(), product.columns()});
        }).orElse(null);
    }

    private static Blas.FloatMatrix operand(Tensor matrix, boolean transposed) {
        Blas.FloatMatrix operand = matrix.onHeap()
                ? Blas.FloatMatrix.of(matrix.readFloats(), (int) matrix.dim(0), (int) matrix.dim(1))
                : Blas.FloatMatrix.of(matrix.toNd4j());
        return transposed ? operand.transpose() : operand;
    }

    /**
     * Computes a planned product, a large one on both cores: its rows in {@link Shards}' two bands (a fixed split,
     * so the bits do not depend on the machine). The MNIST step's two large products, (128, 784) · (784, 512) and
     * its kernel's gradient, took 2.7 ms of a 7 ms tape step on one core.
     */
    private static Blas.Product compute(Blas.Product product) {
        int rows = product.rows();
        if (product.multiplyAdds() >= SPLIT_MULTIPLY_ADDS && rows >= Shards.COUNT) {
            Shards.run(shard -> product.computeRows(Shards.from(shard, rows), Shards.to(shard, rows)));
        } else {
            product.computeOnOneThread();
        }
        return product;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return backward(inputs, output, upstream, new boolean[] {true, true});
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream, boolean[] needed) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        if (a.rank() == 2 && b.rank() == 2) {
            return new Tensor[] {needed[0] ? matrixGradientOfA(a, b, upstream) : null,
                                 needed[1] ? matrixGradientOfB(a, b, upstream) : null};
        }
        return new Tensor[] {needed[0] ? Ops.unbroadcast(upstream.matmul(swapLastTwo(b)), a.shape()) : null,
                             needed[1] ? Ops.unbroadcast(swapLastTwo(a).matmul(upstream), b.shape()) : null};
    }

    /** With {@code a' = op(a)}: {@code da' = upstream · op(b)ᵀ}, and {@code da = da'ᵀ} when a was read transposed. */
    private Tensor matrixGradientOfA(Tensor a, Tensor b, Tensor upstream) {
        return transposeA ? matrices(b, transposeB, upstream, true) : matrices(upstream, false, b, !transposeB);
    }

    /** With {@code b' = op(b)}: {@code db' = op(a)ᵀ · upstream}, and {@code db = db'ᵀ} when b was read transposed. */
    private Tensor matrixGradientOfB(Tensor a, Tensor b, Tensor upstream) {
        return transposeB ? matrices(upstream, true, a, transposeA) : matrices(a, !transposeA, upstream, false);
    }

    private static Tensor swapLastTwo(Tensor x) {
        int rank = x.rank();
        int[] permutation = new int[rank];
        Arrays.setAll(permutation, i -> i);
        permutation[rank - 2] = rank - 1;
        permutation[rank - 1] = rank - 2;
        return x.transpose(permutation);
    }

    /** The broadcast of the two operands' batch axes (all but the last two). */
    public static long[] batchShape(long[] aShape, long[] bShape) {
        return Shapes.broadcast("matmul",
                Arrays.copyOf(aShape, aShape.length - 2), Arrays.copyOf(bShape, bShape.length - 2));
    }
}
