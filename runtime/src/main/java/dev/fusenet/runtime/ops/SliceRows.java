package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Rows {@code [start, end)} along the first axis: a batch. Its gradient pads with zero rows. */
public record SliceRows(long start, long end) implements Op {

    @Override
    public String opName() {
        return "slice";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray x = inputs[0];
        if (start == 0 && end == x.size(0)) {
            return x.dup('c');
        }
        if (start == end) {
            long[] shape = x.shape().clone();
            shape[0] = 0;
            return Nd4j.create(x.dataType(), shape);
        }
        return x.get(NDArrayIndex.interval(start, end)).dup('c');
    }

    /** Float rows copied to the heap in bulk: ND4J's view and copy made an off-heap buffer per batch. */
    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        Tensor x = inputs[0];
        long[] shape = x.shape();
        if (!Ops.allFloat32(x) || shape.length == 0) {
            return null;
        }
        long rowSize = Shapes.size(shape) / Math.max(1, shape[0]);
        int from = Math.toIntExact(start * rowSize);
        int to = Math.toIntExact(end * rowSize);
        float[] rows = x.onHeap() ? Arrays.copyOfRange(x.readFloats(), from, to)
                : Nd4jArrays.floatsBetween(x.toNd4j(), from, to);
        if (rows == null) {
            return null;
        }
        shape[0] = end - start;
        return Tensor.wrap(rows, shape);
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        long rows = inputs[0].shape()[0];
        return new Tensor[] {Ops.apply(new PadRows(start, rows - end), upstream)};
    }
}
