package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable operation: its forward computation and its backward rule, side by side.
 *
 * <p>The forward works on raw ND4J arrays and must not modify its inputs. The backward is written in
 * {@link Tensor} operations, so that a tape that watches the backward computation (a nested tape)
 * can differentiate it again.
 */
public interface Op {

    /** The name errors and the tape use in messages, e.g. {@code "matmul"}. */
    String opName();

    /** Computes the output from the inputs' arrays. */
    INDArray forward(INDArray... inputs);

    /**
     * Computes the output in Java on heap floats ({@link Tensor#wrap}), or returns null to let {@link #forward}
     * compute it in ND4J: ops with a float kernel take FLOAT32 inputs here, so that a chain of them makes no
     * off-heap buffer. Both forms must give the same values.
     */
    default Tensor forwardOnHeap(Tensor... inputs) {
        return null;
    }

    /**
     * The gradient of the target with respect to each input, given the gradient {@code upstream} with respect to
     * {@code output}. An element is {@code null} when that input gets no gradient (an integer condition, say).
     * Each gradient has its input's shape.
     */
    Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream);

    /**
     * {@link #backward(Tensor[], Tensor, Tensor)} when the tape needs the gradients of only some inputs
     * ({@code needed[i]}): an op whose partials are costly skips the others (a network's first product need not
     * compute the gradient of the images) and returns {@code null} for them.
     */
    default Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream, boolean[] needed) {
        return backward(inputs, output, upstream);
    }
}
