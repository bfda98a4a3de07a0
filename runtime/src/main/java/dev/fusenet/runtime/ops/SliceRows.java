package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
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

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        long rows = inputs[0].shape()[0];
        return new Tensor[] {Ops.apply(new PadRows(start, rows - end), upstream)};
    }
}
