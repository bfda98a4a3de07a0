package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Repeats a tensor along its size-1 and missing leading axes (tf.broadcast_to). */
public record BroadcastTo(long[] shape) implements Op {

    @Override
    public String opName() {
        return "broadcastTo";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        return Nd4jArrays.broadcastTo(inputs[0], shape).dup('c');
    }

    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        return Ops.allFloat32(inputs) && Shapes.size(shape) < Integer.MAX_VALUE - 8
                ? Tensor.wrap(Nd4jArrays.floatsBroadcastTo(inputs[0].readFloats(), inputs[0].shape(), shape), shape)
                : null;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {Ops.unbroadcast(upstream, inputs[0].shape())};
    }
}
