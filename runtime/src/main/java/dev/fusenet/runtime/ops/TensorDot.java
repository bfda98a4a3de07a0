package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Blas;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code tensordot(a, b, axesA, axesB)}: sums the products over the paired axes; the result's axes are a's
 * remaining axes followed by b's (numpy.tensordot). Axes are normalised and already checked to pair up.
 */
public record TensorDot(int[] axesA, int[] axesB) implements Op {

    @Override
    public String opName() {
        return "tensordot";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray a = LinearAlgebra.computable(inputs[0]);
        INDArray b = LinearAlgebra.computable(inputs[1]);
        int[] freeA = free(a.rank(), axesA);
        int[] freeB = free(b.rank(), axesB);
        long[] freeShapeA = Shapes.pick(a.shape(), freeA);
        long[] freeShapeB = Shapes.pick(b.shape(), freeB);
        long rows = Shapes.size(freeShapeA);
        long inner = Shapes.size(Shapes.pick(a.shape(), axesA));
        long columns = Shapes.size(freeShapeB);
        // As one matrix product: a's free axes become rows, b's free axes columns.
        INDArray a2 = Nd4jArrays.reshape(permute(a, concat(freeA, axesA)), new long[] {rows, inner});
        INDArray b2 = Nd4jArrays.reshape(permute(b, concat(axesB, freeB)), new long[] {inner, columns});
        INDArray product = Blas.multiply(a2, b2).orElseGet(() -> a2.mmul(b2));
        INDArray result = Nd4jArrays.reshape(product, Shapes.concat(freeShapeA, freeShapeB));
        return Nd4jArrays.cast(result, inputs[0].dataType());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        int[] freeA = free(a.rank(), axesA);
        int[] freeB = free(b.rank(), axesB);
        int upstreamRank = upstream.rank();

        // dA: contract the upstream's b-part with b's free axes; what is left is a's free axes, then b's
        // contracted axes in ascending order, each of which stands for the a axis it was paired with.
        int[] upstreamTail = IntStream.range(freeA.length, upstreamRank).toArray();
        Tensor gradA = Tensor.tensordot(upstream, b, upstreamTail, freeB);
        int[] ownersA = concat(freeA, partnersInAscendingOrder(axesB, axesA));
        gradA = gradA.transpose(Shapes.invert(ownersA));

        // dB: contract a's free axes with the upstream's a-part; what is left is a's contracted axes in
        // ascending order (each standing for its partner in b), then b's free axes.
        int[] upstreamHead = IntStream.range(0, freeA.length).toArray();
        Tensor gradB = Tensor.tensordot(a, upstream, freeA, upstreamHead);
        int[] ownersB = concat(partnersInAscendingOrder(axesA, axesB), freeB);
        gradB = gradB.transpose(Shapes.invert(ownersB));
        return new Tensor[] {gradA, gradB};
    }

    /** For each axis of {@code these} in ascending order, the axis it is paired with in {@code partners}. */
    private static int[] partnersInAscendingOrder(int[] these, int[] partners) {
        return IntStream.range(0, these.length)
                .boxed()
                .sorted((i, j) -> Integer.compare(these[i], these[j]))
                .mapToInt(i -> partners[i])
                .toArray();
    }

    /** The axes of a rank-{@code rank} tensor that are not contracted, in order. */
    static int[] free(int rank, int[] contracted) {
        return IntStream.range(0, rank).filter(axis -> IntStream.of(contracted).noneMatch(c -> c == axis)).toArray();
    }

    private static INDArray permute(INDArray array, int[] permutation) {
        return array.rank() < 2 ? array : array.permute(permutation);
    }

    private static int[] concat(int[] a, int[] b) {
        return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
    }
}
