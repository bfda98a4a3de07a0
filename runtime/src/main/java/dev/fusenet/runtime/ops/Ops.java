package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.Recording;
import dev.fusenet.runtime.tensor.Nd4jArrays;
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
        Tensor output = op.forwardOnHeap(inputs);
        if (output == null) {
            INDArray[] arrays = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                arrays[i] = inputs[i].toNd4j();
            }
            output = Tensor.of(op.forward(arrays));
        }
        Recording.record(op, inputs, output);
        return output;
    }

    /** Whether every input is FLOAT32, so that an op's float kernel can take them. */
    static boolean allFloat32(Tensor... inputs) {
        for (Tensor input : inputs) {
            if (input.dtype() != DType.FLOAT32 || input.size() >= Integer.MAX_VALUE - 8) {
                return false;
            }
        }
        return true;
    }

    /** A FLOAT32 tensor's values broadcast to {@code shape}, row-major: its own array when it has that shape. */
    static float[] floatsAs(Tensor tensor, long[] shape) {
        long[] own = tensor.shape();
        return Arrays.equals(own, shape) ? tensor.readFloats()
                : Nd4jArrays.floatsBroadcastTo(tensor.readFloats(), own, shape);
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
