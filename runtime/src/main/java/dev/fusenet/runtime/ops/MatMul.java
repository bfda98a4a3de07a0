package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix product over the last two axes, with numpy broadcasting over the leading (batch) axes.
 * Both inputs have rank 2 or more here; {@link Tensor#matmul} lifts rank-1 operands first, as numpy does.
 */
public final class MatMul implements Op {

    public static final MatMul INSTANCE = new MatMul();

    private MatMul() {
    }

    @Override
    public String opName() {
        return "matmul";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray a = LinearAlgebra.computable(inputs[0]);
        INDArray b = LinearAlgebra.computable(inputs[1]);
        long[] aShape = a.shape();
        long[] bShape = b.shape();
        long m = aShape[aShape.length - 2];
        long k = aShape[aShape.length - 1];
        long n = bShape[bShape.length - 1];
        long[] batch = batchShape(aShape, bShape);
        INDArray product;
        if (batch.length == 0) {
            product = Nd4jArrays.contiguous(a).mmul(Nd4jArrays.contiguous(b));
        } else {
            long batches = Shapes.size(batch);
            INDArray a3 = Nd4jArrays.reshape(Nd4jArrays.broadcastTo(a, Shapes.concat(batch, new long[] {m, k})),
                    new long[] {batches, m, k});
            INDArray b3 = Nd4jArrays.reshape(Nd4jArrays.broadcastTo(b, Shapes.concat(batch, new long[] {k, n})),
                    new long[] {batches, k, n});
            INDArray c3 = Nd4j.create(a.dataType(), batches, m, n);
            for (long i = 0; i < batches; i++) {
                c3.slice(i).assign(a3.slice(i).mmul(b3.slice(i)));
            }
            product = Nd4jArrays.reshape(c3, Shapes.concat(batch, new long[] {m, n}));
        }
        return Nd4jArrays.cast(product, inputs[0].dataType());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        return new Tensor[] {Ops.unbroadcast(upstream.matmul(swapLastTwo(b)), a.shape()),
                             Ops.unbroadcast(swapLastTwo(a).matmul(upstream), b.shape())};
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
