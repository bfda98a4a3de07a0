package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** {@code where(condition, x, y)}: x where the condition holds, else y, with broadcasting (tf.where). */
public final class Where implements Op {

    public static final Where INSTANCE = new Where();

    private Where() {
    }

    @Override
    public String opName() {
        return "where";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        long[] shape = Shapes.broadcast("where", Shapes.broadcast("where", inputs[0].shape(), inputs[1].shape()),
                inputs[2].shape());
        INDArray condition = Nd4jArrays.broadcastTo(inputs[0], shape);
        INDArray x = Nd4jArrays.broadcastTo(inputs[1], shape);
        INDArray y = Nd4jArrays.broadcastTo(inputs[2], shape);
        INDArray out = Nd4j.create(x.dataType(), shape);
        // The native select picks element by element, so a NaN or infinity in the unpicked branch stays out.
        Nd4j.exec(DynamicCustomOp.builder("select").addInputs(condition, x, y).addOutputs(out).build());
        return out;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        Tensor condition = inputs[0];
        Tensor zeros = upstream.zerosLike();
        return new Tensor[] {null,
                             Ops.unbroadcast(Tensor.where(condition, upstream, zeros), inputs[1].shape()),
                             Ops.unbroadcast(Tensor.where(condition, zeros, upstream), inputs[2].shape())};
    }
}
