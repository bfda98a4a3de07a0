package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.ActivationKernels;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise functions of two tensors with numpy broadcasting; each constant holds its forward and its
 * partial derivatives. Operands arrive with equal dtypes (the {@link Tensor} methods promote them first).
 */
public enum BinaryOp implements Op {
    ADD("add") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = a[aFrom + i] + b[bFrom + i];
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return a.add(b);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return new Tensor[] {upstream, upstream};
        }
    },
    SUB("sub") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = a[aFrom + i] - b[bFrom + i];
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return a.sub(b);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return new Tensor[] {upstream, needed[1] ? upstream.neg() : null};
        }
    },
    MUL("mul") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = a[aFrom + i] * b[bFrom + i];
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return a.mul(b);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return new Tensor[] {needed[0] ? upstream.mul(b) : null, needed[1] ? upstream.mul(a) : null};
        }
    },
    DIV("div") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = a[aFrom + i] / b[bFrom + i];
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return a.div(b);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
            return new Tensor[] {needed[0] ? upstream.div(b) : null,
                                 needed[1] ? upstream.mul(a).div(b.square()).neg() : null};
        }
    },
    POW("pow") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = (float) Math.pow(a[aFrom + i], b[bFrom + i]);
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return Transforms.pow(a, b, true);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·log(a), taken as 0 where a <= 0 (as TensorFlow does)
            Tensor dA = needed[0] ? upstream.mul(b).mul(a.pow(b.sub(1))) : null;
            if (!needed[1]) {
                return new Tensor[] {dA, null};
            }
            Tensor positive = a.greater(0);
            Tensor logA = Tensor.where(positive, a, a.onesLike()).log();
            return new Tensor[] {dA, Tensor.where(positive, upstream.mul(out).mul(logA), upstream.zerosLike())};
        }
    },
    /**
     * ReLU's backward: {@code a} (the gradient) where {@code b} (ReLU's output) is positive, 0 elsewhere. One op
     * with generated code's kernel instead of a mask and a product: the mask's select compiled to a branch that
     * mispredicted on half the values (300 µs on 128 × 512). Linear in a, so its own backward is itself; b is a
     * constant of it (ReLU'' = 0).
     */
    RELU_GRADIENT("reluGradient") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            ActivationKernels.reluGradient(a, aFrom, b, bFrom, out, from, length);
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return a.mul(Transforms.step(b, true));
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return new Tensor[] {needed[0] ? Ops.apply(RELU_GRADIENT, upstream, b) : null, null};
        }
    },
    MAXIMUM("maximum") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = Math.max(a[aFrom + i], b[bFrom + i]);
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return Transforms.max(a, b, true);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return routeToWinner(a, b, upstream, true, needed);
        }
    },
    MINIMUM("minimum") {
        @Override
        void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length) {
            for (int i = 0; i < length; i++) {
                out[from + i] = Math.min(a[aFrom + i], b[bFrom + i]);
            }
        }

        @Override
        INDArray apply(INDArray a, INDArray b) {
            return Transforms.min(a, b, true);
        }

        @Override
        Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed) {
            return routeToWinner(a, b, upstream, false, needed);
        }
    };

    private final String name;

    /**
     * The partials of maximum ({@code greater}) or minimum: {@code upstream} where the operand is the one chosen,
     * 0 elsewhere; ties send the gradient to a, as TensorFlow does. The choice is a constant of the backward pass,
     * made in one loop: as a comparison and two selections in ND4J custom ops, it cost about 1 ms per training
     * step on the 128×10 probabilities a loss clips. Products with {@code upstream} keep the partials
     * differentiable for nested tapes. Only the needed partials are made (a loss clips its predictions against
     * constants).
     */
    private static Tensor[] routeToWinner(Tensor a, Tensor b, Tensor upstream, boolean greater, boolean[] needed) {
        if (upstream.size() == 0) {
            return new Tensor[] {upstream, upstream};
        }
        long[] shape = upstream.shape();
        float[] toA = new float[Math.toIntExact(upstream.size())];
        if (Ops.allFloat32(a, b)) {
            float[] left = Ops.floatsAs(a, shape);
            float[] right = Ops.floatsAs(b, shape);
            for (int i = 0; i < toA.length; i++) {
                toA[i] = (greater ? left[i] >= right[i] : left[i] <= right[i]) ? 1f : 0f;
            }
        } else {
            double[] left = Nd4jArrays.flat(Nd4jArrays.broadcastTo(a.toNd4j(), shape)).toDoubleVector();
            double[] right = Nd4jArrays.flat(Nd4jArrays.broadcastTo(b.toNd4j(), shape)).toDoubleVector();
            for (int i = 0; i < toA.length; i++) {
                toA[i] = (greater ? left[i] >= right[i] : left[i] <= right[i]) ? 1f : 0f;
            }
        }
        Tensor[] partials = new Tensor[2];
        if (needed[0]) {
            partials[0] = upstream.mul(Tensor.wrap(toA, shape).castTo(upstream.dtype()));
        }
        if (needed[1]) {
            float[] toB = toA.clone();
            for (int i = 0; i < toB.length; i++) {
                toB[i] = 1f - toB[i];
            }
            partials[1] = upstream.mul(Tensor.wrap(toB, shape).castTo(upstream.dtype()));
        }
        return partials;
    }

    BinaryOp(String name) {
        this.name = name;
    }

    /** The function on two arrays of the same shape. */
    abstract INDArray apply(INDArray a, INDArray b);

    /**
     * The function on {@code length} values of two float arrays from their own starts into {@code out}, in Java
     * (other types run in ND4J). Why: ND4J's call costs 20-30 µs even for 1,280 values, and on two cores its
     * OpenMP threads made a 65,536-value product take 75-240 µs; this loop takes a few.
     */
    abstract void floats(float[] a, int aFrom, float[] b, int bFrom, float[] out, int from, int length);

    /**
     * The function on float operands broadcast to {@code shape}. An operand that repeats along the leading axes (a
     * bias over a batch's rows, a scalar) is read in tiles of its period instead of being repeated to the full
     * size first (a scalar divisor of the 47-million-value MNIST images would have cost 188 MB).
     */
    private float[] broadcastFloats(Tensor a, Tensor b, long[] shape) {
        float[] out = new float[Math.toIntExact(Shapes.size(shape))];
        long[] aShape = a.shape();
        long[] bShape = b.shape();
        boolean aFull = Arrays.equals(aShape, shape);
        boolean bFull = Arrays.equals(bShape, shape);
        if (aFull && bFull) {
            floats(a.readFloats(), 0, b.readFloats(), 0, out, 0, out.length);
        } else if (aFull && repeatsAlongLeadingAxes(bShape, shape)) {
            float[] tile = tile(b.readFloats(), out.length);
            float[] values = a.readFloats();
            for (int from = 0; from < out.length; from += tile.length) {
                floats(values, from, tile, 0, out, from, Math.min(tile.length, out.length - from));
            }
        } else if (bFull && repeatsAlongLeadingAxes(aShape, shape)) {
            float[] tile = tile(a.readFloats(), out.length);
            float[] values = b.readFloats();
            for (int from = 0; from < out.length; from += tile.length) {
                floats(tile, 0, values, from, out, from, Math.min(tile.length, out.length - from));
            }
        } else {
            floats(Ops.floatsAs(a, shape), 0, Ops.floatsAs(b, shape), 0, out, 0, out.length);
        }
        return out;
    }

    /** Whether {@code operand}'s values, repeated end to end, are its broadcast to {@code shape}. */
    private static boolean repeatsAlongLeadingAxes(long[] operand, long[] shape) {
        long[] padded = Shapes.padLeft(operand, shape.length);
        int first = 0;
        while (first < padded.length && padded[first] == 1) {
            first++;
        }
        return Arrays.equals(Arrays.copyOfRange(padded, first, padded.length),
                Arrays.copyOfRange(shape, first, shape.length));
    }

    /** {@code period} repeated to at least 4,096 values (whole periods), or to {@code limit} if that is less. */
    private static float[] tile(float[] period, int limit) {
        if (period.length == 0) {
            return period;
        }
        int copies = Math.max(1, Math.min(limit, 4096) / period.length);
        float[] tile = new float[copies * period.length];
        for (int copy = 0; copy < copies; copy++) {
            System.arraycopy(period, 0, tile, copy * period.length, period.length);
        }
        return tile;
    }

    /** The gradients with respect to a and b, in the broadcast (output) shape. */
    abstract Tensor[] partials(Tensor a, Tensor b, Tensor out, Tensor upstream, boolean[] needed);

    @Override
    public String opName() {
        return name;
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        INDArray a = inputs[0];
        INDArray b = inputs[1];
        if (!Arrays.equals(a.shape(), b.shape())) {
            long[] shape = Ops.broadcastShape(name, a, b);
            a = Nd4jArrays.broadcastTo(a, shape);
            b = Nd4jArrays.broadcastTo(b, shape);
        }
        return apply(a, b);
    }

    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        if (!Ops.allFloat32(inputs)) {
            return null;
        }
        long[] shape = Shapes.broadcast(name, inputs[0].shape(), inputs[1].shape());
        if (Shapes.size(shape) >= Integer.MAX_VALUE - 8) {
            return null;
        }
        return Tensor.wrap(broadcastFloats(inputs[0], inputs[1], shape), shape);
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return backward(inputs, output, upstream, new boolean[] {true, true});
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream, boolean[] needed) {
        Tensor[] partials = partials(inputs[0], inputs[1], output, upstream, needed);
        Tensor[] gradients = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            if (needed[i] && partials[i] != null) {
                gradients[i] = Ops.unbroadcast(partials[i], inputs[i].shape());
            }
        }
        return gradients;
    }
}
