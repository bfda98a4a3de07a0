package dev.fusenet.runtime.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the products need of ND4J: its GEMM takes only float and double. */
final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /**
     * {@code array} in a type ND4J's GEMM accepts: half precision is multiplied in float (as CPUs do anyway),
     * integers in double (exact for the sizes that fit in memory); the caller casts the product back.
     */
    static INDArray computable(INDArray array) {
        DataType type = array.dataType();
        if (type == DataType.FLOAT || type == DataType.DOUBLE) {
            return array;
        }
        return array.castTo(type == DataType.FLOAT16 ? DataType.FLOAT : DataType.DOUBLE);
    }
}
