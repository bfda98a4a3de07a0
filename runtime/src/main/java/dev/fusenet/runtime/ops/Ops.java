package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.Recording;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs ops: computes the forward and lets every active tape record it. */
public final class Ops {

    private Ops() {
    }

    /** Runs {@code op} on {@code inputs} and records it on the tapes that watch any of them. */
    public static Tensor apply(Op op, Tensor... inputs) {
        INDArray[] arrays = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            arrays[i] = inputs[i].toNd4j();
        }
        Tensor output = Tensor.of(op.forward(arrays));
        Recording.record(op, inputs, output);
        return output;
    }

    /**
     * Sums a gradient of the broadcast shape back down to an input's {@code shape}: over the leading axes
     * the input lacks and over the axes where it has size 1.
     */
    public static Tensor unbroadcast(Tensor gradient, long[] shape) {
        long[] gradientShape = gradient.shape();
        if (Arrays.equals(gradientShape, shape)) {
            return gradient;
        }
        int extra = gradientShape.length - shape.length;
        int[] summed = IntStream.range(0, gradientShape.length)
                .filter(axis -> axis < extra || (shape[axis - extra] == 1 && gradientShape[axis] != 1))
                .toArray();
        Tensor reduced = summed.length == 0 ? gradient : gradient.sum(summed, true);
        return reduced.reshape(shape);
    }

    /** The shape a broadcast of all the inputs has. */
    static long[] broadcastShape(String op, INDArray a, INDArray b) {
        return Shapes.broadcast(op, a.shape(), b.shape());
    }
}
