package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reduction over some axes ({@code sum}, {@code mean}, {@code max}, {@code min}), with numpy's
 * {@code keepdims}. The axes are normalised and sorted; all axes reduce to a scalar.
 */
public record Reduction(Kind kind, int[] axes, boolean keepDims) implements Op {

    /** The reducing functions, each with its forward and its backward. */
    public enum Kind {
        SUM("sum") {
            @Override
            INDArray apply(INDArray x, int[] axes) {
                return x.sum(true, axes);
            }

            @Override
            Tensor derivative(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes) {
                return keptUpstream.broadcastTo(x.shape());
            }
        },
        MEAN("mean") {
            @Override
            INDArray apply(INDArray x, int[] axes) {
                return x.mean(true, axes);
            }

            @Override
            Tensor derivative(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes) {
                long count = Shapes.size(x.shape()) / Math.max(1, Shapes.size(keptOutput.shape()));
                return keptUpstream.broadcastTo(x.shape()).div(count);
            }
        },
        MAX("max") {
            @Override
            INDArray apply(INDArray x, int[] axes) {
                return x.max(true, axes);
            }

            @Override
            Tensor derivative(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes) {
                return shareAmongExtremes(x, keptOutput, keptUpstream, axes);
            }
        },
        MIN("min") {
            @Override
            INDArray apply(INDArray x, int[] axes) {
                return x.min(true, axes);
            }

            @Override
            Tensor derivative(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes) {
                return shareAmongExtremes(x, keptOutput, keptUpstream, axes);
            }
        };

        private final String name;

        Kind(String name) {
            this.name = name;
        }

        /** The reduction with kept (size-1) axes. */
        abstract INDArray apply(INDArray x, int[] axes);

        /** The gradient with respect to x, from output and upstream in the kept-axes shape. */
        abstract Tensor derivative(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes);

        /** The op's name in messages, e.g. {@code "sum"}. */
        public String opName() {
            return name;
        }

        /** Ties share the gradient equally, as TensorFlow's reduce_max does. */
        private static Tensor shareAmongExtremes(Tensor x, Tensor keptOutput, Tensor keptUpstream, int[] axes) {
            Tensor isExtreme = x.equal(keptOutput).castTo(x.dtype());
            Tensor ties = isExtreme.sum(axes, true);
            return isExtreme.mul(keptUpstream.div(ties));
        }
    }

    @Override
    public String opName() {
        return kind.opName();
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray x = inputs[0];
        long[] shape = Shapes.reduce(x.shape(), axes, keepDims);
        INDArray kept = axes.length == 0 ? x.dup() : kind.apply(x, axes);
        return dev.fusenet.runtime.tensor.Nd4jArrays.reshape(kept, shape);
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        Tensor x = inputs[0];
        long[] keptShape = Shapes.reduce(x.shape(), axes, true);
        Tensor keptOutput = output.reshape(keptShape);
        Tensor keptUpstream = upstream.reshape(keptShape);
        return new Tensor[] {kind.derivative(x, keptOutput, keptUpstream, axes)};
    }
}
