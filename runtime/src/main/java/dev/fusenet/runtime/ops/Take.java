package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * numpy's {@code take} and TensorFlow's {@code gather} along one axis: the entries at {@code indices} (each in
 * [0, n), repeats allowed), giving shape {@code shape[:axis] + (k) + shape[axis + 1:]}. Its gradient puts each
 * upstream value back at its index, adding where an index repeats ({@code transpose}); that op's gradient is
 * {@code take} again, so the tape can differentiate slices, gathers and shuffles any number of times.
 */
public record Take(long[] indices, int axis, long[] inputShape, boolean transpose) implements Op {

    @Override
    public String opName() {
        return transpose ? "take_transpose" : "take";
    }

    private long outer() {
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= inputShape[i];
        }
        return outer;
    }

    private long inner() {
        long inner = 1;
        for (int i = axis + 1; i < inputShape.length; i++) {
            inner *= inputShape[i];
        }
        return inner;
    }

    /** The shape {@code take} gives. */
    public long[] outputShape() {
        long[] shape = inputShape.clone();
        shape[axis] = indices.length;
        return shape;
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        return transpose ? putBack(inputs[0]) : take(inputs[0]);
    }

    private INDArray take(INDArray x) {
        long[] shape = outputShape();
        if (indices.length == 0 || x.length() == 0) {
            return Nd4j.create(x.dataType(), shape, 'c');
        }
        INDArray blocks = x.dup('c').reshape('c', outer(), inputShape[axis], inner());
        INDArray taken = blocks.get(NDArrayIndex.all(), NDArrayIndex.indices(indices), NDArrayIndex.all());
        return taken.dup('c').reshape('c', shape);
    }

    /** Each value of {@code upstream} (shaped as {@code take}'s output) added at its index of the input's shape. */
    private INDArray putBack(INDArray upstream) {
        long outer = outer();
        long inner = inner();
        long n = inputShape[axis];
        double[] values = upstream.dup('c').castTo(DataType.DOUBLE).reshape(upstream.length()).toDoubleVector();
        double[] out = new double[Math.toIntExact(outer * n * inner)];
        for (long o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) {
                long from = (o * indices.length + j) * inner;
                long to = (o * n + indices[j]) * inner;
                for (long i = 0; i < inner; i++) {
                    out[(int) (to + i)] += values[(int) (from + i)];
                }
            }
        }
        return Nd4j.create(out, inputShape.clone(), 'c').castTo(upstream.dataType());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {Ops.apply(new Take(indices, axis, inputShape, !transpose), upstream)};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Take take && Arrays.equals(indices, take.indices) && axis == take.axis
                && Arrays.equals(inputShape, take.inputShape) && transpose == take.transpose;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + axis;
    }

    @Override
    public String toString() {
        return opName() + "(axis " + axis + ", " + indices.length + " indices)";
    }
}
