package dev.fusenet.runtime.ops;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise functions of one tensor; each constant holds its forward and its derivative. */
public enum UnaryOp implements Op {
    NEG("neg") {
        @Override
        float[] floats(float[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = -x[i];
            }
            return out;
        }

        @Override
        INDArray apply(INDArray x) {
            return x.neg();
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return upstream.neg();
        }
    },
    ABS("abs") {
        @Override
        float[] floats(float[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = Math.abs(x[i]);
            }
            return out;
        }

        @Override
        INDArray apply(INDArray x) {
            return Transforms.abs(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            Tensor sign = x.greater(0).castTo(x.dtype()).sub(x.less(0).castTo(x.dtype()));
            return upstream.mul(sign);
        }
    },
    SQUARE("square") {
        @Override
        float[] floats(float[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[i] * x[i];
            }
            return out;
        }

        @Override
        INDArray apply(INDArray x) {
            return x.mul(x);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return upstream.mul(x).mul(2);
        }
    },
    SQRT("sqrt") {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.sqrt(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return upstream.div(y.mul(2));
        }
    },
    EXP("exp") {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.exp(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return upstream.mul(y);
        }
    },
    LOG("log") {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.log(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return upstream.div(x);
        }
    },
    RELU("relu") {
        @Override
        float[] floats(float[] x) {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = Math.max(x[i], 0f);
            }
            return out;
        }

        @Override
        INDArray apply(INDArray x) {
            return Transforms.relu(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            return Ops.apply(BinaryOp.RELU_GRADIENT, upstream.castTo(y.dtype()), y);
        }
    },
    SIGMOID("sigmoid") {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.sigmoid(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            // σ'(x) = σ(x)·(1 - σ(x))
            return upstream.mul(y).mul(y.neg().add(1));
        }
    },
    ERF("erf") {
        @Override
        INDArray apply(INDArray x) {
            double[] values = Nd4jArrays.flat(x.castTo(DataType.DOUBLE)).toDoubleVector();
            for (int i = 0; i < values.length; i++) {
                values[i] = Erf.erf(values[i]);
            }
            return Nd4jArrays.reshape(Nd4j.createFromArray(values), x.shape()).castTo(x.dataType());
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            // erf'(x) = 2/√π · exp(-x²)
            return upstream.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI)));
        }
    },
    TANH("tanh") {
        @Override
        INDArray apply(INDArray x) {
            return Transforms.tanh(x, true);
        }

        @Override
        Tensor derivative(Tensor x, Tensor y, Tensor upstream) {
            // tanh'(x) = 1 - tanh(x)²
            return upstream.mul(y.square().neg().add(1));
        }
    };

    /** The functions {@link #floats} computes (asked once, on no values). */
    private static final Set<UnaryOp> WITH_FLOAT_KERNEL = EnumSet.noneOf(UnaryOp.class);

    static {
        for (UnaryOp op : values()) {
            if (op.floats(new float[0]) != null) {
                WITH_FLOAT_KERNEL.add(op);
            }
        }
    }

    private final String name;

    UnaryOp(String name) {
        this.name = name;
    }

    abstract INDArray apply(INDArray x);

    /**
     * The function on a float array, in Java, or null for a function that runs in ND4J (the transcendental ones,
     * whose ND4J loops are vectorised). Why: ND4J's call costs 20-30 µs even on a few values, and its OpenMP
     * threads made a ReLU over 65,536 values take 90-320 µs on two cores.
     */
    float[] floats(float[] x) {
        return null;
    }

    abstract Tensor derivative(Tensor x, Tensor y, Tensor upstream);

    /** Whether the function is only defined on floating-point values (integers are promoted first). */
    public boolean needsFloatingPoint() {
        return this == SQRT || this == EXP || this == LOG || this == SIGMOID || this == TANH || this == ERF;
    }

    @Override
    public String opName() {
        return name;
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        return apply(inputs[0]);
    }

    @Override
    public Tensor forwardOnHeap(Tensor... inputs) {
        return WITH_FLOAT_KERNEL.contains(this) && Ops.allFloat32(inputs)
                ? Tensor.wrap(floats(inputs[0].readFloats()), inputs[0].shape()) : null;
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {derivative(inputs[0], output, upstream)};
    }
}
