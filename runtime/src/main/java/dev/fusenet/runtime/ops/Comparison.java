package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Element-wise comparisons with broadcasting, giving BOOL tensors. They have no gradient and are not recorded. */
public enum Comparison {
    EQUAL("equal", "equals"),
    NOT_EQUAL("notEqual", "not_equals"),
    GREATER("greater", "greater"),
    GREATER_EQUAL("greaterEqual", "greater_equal"),
    LESS("less", "less"),
    LESS_EQUAL("lessEqual", "less_equal");

    private final String name;
    private final String nativeOp;

    Comparison(String name, String nativeOp) {
        this.name = name;
        this.nativeOp = nativeOp;
    }

    /** Compares {@code a} with {@code b} (of one dtype) element by element. */
    public Tensor apply(Tensor a, Tensor b) {
        long[] shape = Ops.broadcastShape(name, a.toNd4j(), b.toNd4j());
        INDArray out = Nd4j.create(DataType.BOOL, shape);
        Nd4j.exec(DynamicCustomOp.builder(nativeOp).addInputs(a.toNd4j(), b.toNd4j()).addOutputs(out).build());
        return Tensor.of(out);
    }
}
