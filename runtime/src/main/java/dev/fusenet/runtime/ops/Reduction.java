package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
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
    public Tensor forwardOnHeap(Tensor... inputs) {
        Tensor x = inputs[0];
        if ((kind != Kind.SUM && kind != Kind.MEAN) || axes.length == 0 || !Ops.allFloat32(x)) {
            return null;
        }
        long[] kept = Shapes.reduce(x.shape(), axes, true);
        double count = kind == Kind.MEAN ? (double) x.size() / Math.max(1, Shapes.size(kept)) : 1;
        return Tensor.wrap(sumFloats(x.readFloats(), x.shape(), axes, count),
                Shapes.reduce(x.shape(), axes, keepDims));
    }

    /**
     * Sums of {@code x} (row-major, of {@code shape}) over {@code axes}, in row-major order of the kept shape, in
     * one pass: ND4J's reduction cost 130-160 µs for a bias gradient's 128 × 512 values on two cores. Each output
     * adds its inputs in row-major order, in double precision (a mean over a whole data set stays exact to float),
     * and is divided by {@code divisor} (1 for a sum, the count for a mean) before its one rounding to float.
     */
    static float[] sumFloats(float[] x, long[] shape, int[] axes, double divisor) {
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int outSize = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            boolean reduced = Arrays.binarySearch(axes, axis) >= 0;
            outStrides[axis] = reduced ? 0 : outSize;
            outSize *= reduced ? 1 : (int) shape[axis];
        }
        double[] sums = new double[outSize];
        int width = (int) shape[rank - 1];
        if (x.length == 0 || width == 0) {
            return new float[outSize];
        }
        int[] index = new int[rank];
        int base = 0;
        for (int start = 0; start < x.length; start += width) {
            if (outStrides[rank - 1] == 0) {
                double total = sums[base];
                for (int c = 0; c < width; c++) {
                    total += x[start + c];
                }
                sums[base] = total;
            } else {
                for (int c = 0; c < width; c++) {
                    sums[base + c] += x[start + c];
                }
            }
            // The next row: count up the index over all but the last axis, moving the output offset with it.
            for (int axis = rank - 2; axis >= 0; axis--) {
                base += outStrides[axis];
                if (++index[axis] < shape[axis]) {
                    break;
                }
                base -= outStrides[axis] * index[axis];
                index[axis] = 0;
            }
        }
        float[] result = new float[outSize];
        for (int i = 0; i < outSize; i++) {
            result[i] = (float) (sums[i] / divisor);
        }
        return result;
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
