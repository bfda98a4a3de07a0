package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The same elements in row-major order under another shape (sizes already inferred). */
public record Reshape(long[] shape) implements Op {

    @Override
    public String opName() {
        return "reshape";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        return Nd4jArrays.reshape(inputs[0], shape);
    }

    /** A tensor on the heap shares its values: tensors never change them. */
    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        return inputs[0].onHeap() ? Tensor.wrap(inputs[0].readFloats(), shape) : null;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {upstream.reshape(inputs[0].shape())};
    }
}
