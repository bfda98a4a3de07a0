package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
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
            product = Blas.multiply(a, b)
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
