package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy's {@code concatenate} along one axis; its gradient gives each input its slice of the upstream gradient
 * (through {@link Take}, so it is differentiable again).
 */
public record Concat(int axis) implements Op {

    @Override
    public String opName() {
        return "concat";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray[] parts = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            parts[i] = inputs[i].dup('c');
        }
        return Nd4j.concat(axis, parts).dup('c');
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        Tensor[] gradients = new Tensor[inputs.length];
        long start = 0;
        for (int i = 0; i < inputs.length; i++) {
            long size = inputs[i].shape()[axis];
            gradients[i] = upstream.slice(axis, start, start + size, 1);
            start += size;
        }
        return gradients;
    }
}
