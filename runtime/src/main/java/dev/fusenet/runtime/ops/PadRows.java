package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Adds zero rows before and after along the first axis; the gradient of {@link SliceRows}. */
public record PadRows(long before, long after) implements Op {

    @Override
    public String opName() {
        return "padRows";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray x = inputs[0];
        long[] shape = x.shape().clone();
        long rows = shape[0];
        shape[0] = before + rows + after;
        INDArray out = Nd4j.create(x.dataType(), shape, 'c');
        if (rows > 0) {
            out.get(NDArrayIndex.interval(before, before + rows)).assign(x);
        }
        return out;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {upstream.slice(before, before + inputs[0].shape()[0])};
    }
}
