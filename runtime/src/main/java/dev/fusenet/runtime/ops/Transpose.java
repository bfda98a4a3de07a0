package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Permutes the axes: output axis i is input axis {@code permutation[i]} (numpy's transpose). */
public record Transpose(int[] permutation) implements Op {

    @Override
    public String opName() {
        return "transpose";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray x = inputs[0];
        if (x.rank() < 2) {
            return x.dup('c');
        }
        return x.permute(permutation).dup('c');
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {upstream.transpose(Shapes.invert(permutation))};
    }
}
