package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Converts elements to another dtype; between floating-point types the gradient is cast back. */
public record Cast(DType dtype) implements Op {

    @Override
    public String opName() {
        return "castTo";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        return inputs[0].castTo(dtype.nd4j());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        DType source = inputs[0].dtype();
        return new Tensor[] {source.isFloatingPoint() ? upstream.castTo(source) : null};
    }
}
