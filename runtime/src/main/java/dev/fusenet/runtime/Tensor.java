package dev.fusenet.runtime;

import dev.fusenet.runtime.ops.BinaryOp;
import dev.fusenet.runtime.ops.BroadcastTo;
import dev.fusenet.runtime.ops.Cast;
import dev.fusenet.runtime.ops.Comparison;
import dev.fusenet.runtime.ops.MatMul;
import dev.fusenet.runtime.ops.Op;
import dev.fusenet.runtime.ops.Ops;
import dev.fusenet.runtime.ops.Reduction;
import dev.fusenet.runtime.ops.Reshape;
import dev.fusenet.runtime.ops.SliceRows;
import dev.fusenet.runtime.ops.Softmax;
import dev.fusenet.runtime.ops.TensorDot;
import dev.fusenet.runtime.ops.Transpose;
import dev.fusenet.runtime.ops.UnaryOp;
import dev.fusenet.runtime.ops.Where;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import dev.fusenet.runtime.tensor.TensorFormat;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable n-dimensional array: the values a model computes with. It holds an ND4J {@link INDArray}, or (for
 * float32 results of the ops that compute in Java) its values on the heap until an ND4J operation needs them.
 *
 * <p>A tensor has a rank (number of axes), a shape and a {@link DType}. Operations return new tensors and
 * never modify their operands; binary operations broadcast as numpy does and promote mixed dtypes to the wider
 * one ({@link DType#promote}); a {@code double} operand takes the tensor's dtype, as a Python number does in
 * TensorFlow. Every differentiable operation is recorded by the {@link dev.fusenet.runtime.autodiff.GradientTape}s
 * that watch its inputs. Bad shapes raise an {@link IllegalArgumentException} that names the operation and the
 * shapes involved.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [[1., 2., 3.], [4., 5., 6.]]
 * Tensor y = x.mul(2).add(Tensor.of(new float[] {10, 20, 30})); // broadcast over rows
 * Tensor z = x.matmul(x.transpose());                             // (2,3) · (3,2) → (2,2)
 * }</pre>
 *
 * <p>{@link #of(INDArray)} and {@link #toNd4j()} pass arrays both ways without a copy (for a tensor on the heap,
 * {@code toNd4j()} copies once); the array must not be modified while a tensor wraps it. {@link #wrap} and
 * {@link #readFloats()} do the same for heap float arrays. A tensor may be read from several threads at once.
 */
public final class Tensor {

    static {
        Nd4jArrays.init();
    }

    /**
     * The ND4J array: given, or for a tensor made from heap floats made on first use (two threads may both make
     * it; they make equal arrays and either may stay).
     */
    private volatile INDArray array;
    /**
     * The FLOAT32 values in row-major order for a tensor that element-wise kernels computed on the heap, else
     * null. They stay on the heap until an ND4J operation needs them: a chain of such operations (a bias, an
     * activation, a loss and their gradients) then makes no off-heap buffer, whose allocation cost 20-150 µs on
     * these machines and whose release waits for a garbage collection.
     */
    private final float[] heapFloats;
    private final long[] shape;
    private final DType dtype;

    private Tensor(INDArray array) {
        this.array = Objects.requireNonNull(array, "array");
        this.heapFloats = null;
        this.shape = array.shape().clone();
        this.dtype = DType.of(array.dataType());
    }

    private Tensor(float[] values, long[] shape) {
        this.array = null;
        this.heapFloats = values;
        this.shape = shape.clone();
        this.dtype = DType.FLOAT32;
    }

    // ---------------------------------------------------------------- factories

    /** Wraps an ND4J array without copying it. */
    public static Tensor of(INDArray array) {
        return new Tensor(array);
    }

    /** A FLOAT32 tensor of the given shape holding {@code values} in row-major order (rank 1 when no shape). */
    public static Tensor of(float[] values, long... shape) {
        return of(floatArray(values, shapeFor("Tensor.of", values.length, shape)));
    }

    /**
     * A FLOAT32 tensor of exactly {@code shape} (an empty one is a scalar) over {@code values} in row-major order,
     * without a copy: for kernels that made the array and hand it over. Nothing may modify the array afterwards.
     *
     * @throws IllegalArgumentException when the shape does not hold {@code values.length} elements
     */
    public static Tensor wrap(float[] values, long[] shape) {
        checkShape("Tensor.wrap", shape);
        if (Shapes.size(shape) != values.length) {
            throw new IllegalArgumentException("Tensor.wrap: " + values.length + " values cannot fill shape "
                    + Shapes.format(shape) + " of " + Shapes.size(shape) + " elements");
        }
        return new Tensor(values, shape);
    }

    private static INDArray floatArray(float[] values, long[] shape) {
        if (shape.length == 0 || values.length == 0) {
            return fromFlat(Nd4j.create(values, new long[] {values.length}, DataType.FLOAT), shape).array;
        }
        return Nd4jArrays.fromFloats(values, shape);
    }

    /** A FLOAT64 tensor of the given shape holding {@code values} in row-major order (rank 1 when no shape). */
    public static Tensor of(double[] values, long... shape) {
        long[] target = shapeFor("Tensor.of", values.length, shape);
        return fromFlat(Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE), target);
    }

    /** A tensor of {@code dtype} holding {@code values} converted to it, e.g. the lecture's float16 constants. */
    public static Tensor of(double[] values, DType dtype, long... shape) {
        return of(values, shape).castTo(dtype);
    }

    /** An INT32 tensor of the given shape holding {@code values} in row-major order (rank 1 when no shape). */
    public static Tensor of(int[] values, long... shape) {
        long[] target = shapeFor("Tensor.of", values.length, shape);
        return fromFlat(Nd4j.createFromArray(values), target);
    }

    /** An INT64 tensor of the given shape holding {@code values} in row-major order (rank 1 when no shape). */
    public static Tensor of(long[] values, long... shape) {
        long[] target = shapeFor("Tensor.of", values.length, shape);
        return fromFlat(Nd4j.createFromArray(values), target);
    }

    /**
     * A UINT8 tensor of the given shape holding {@code values} read as unsigned bytes ({@code (byte) 255} is 255),
     * as image pixels are stored.
     */
    public static Tensor of(byte[] values, long... shape) {
        long[] target = shapeFor("Tensor.of", values.length, shape);
        return fromFlat(Nd4j.createFromArray(values).castTo(DataType.UINT8), target);
    }

    /** A BOOL tensor of the given shape holding {@code values} in row-major order (rank 1 when no shape). */
    public static Tensor of(boolean[] values, long... shape) {
        long[] target = shapeFor("Tensor.of", values.length, shape);
        return fromFlat(Nd4j.createFromArray(values), target);
    }

    /** A FLOAT32 matrix from its rows, e.g. {@code Tensor.of(new float[][] {{1, 2}, {3, 4}})}. */
    public static Tensor of(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("Tensor.of: row " + r + " has " + rows[r].length
                        + " values, row 0 has " + columns + "; every row needs the same length");
            }
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return of(flat, rows.length, columns);
    }

    /** A FLOAT32 scalar (rank 0), as {@code tf.constant(3.0)}. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /** A rank-0 tensor of {@code dtype}. */
    public static Tensor scalar(double value, DType dtype) {
        return of(Nd4j.scalar(value).castTo(dtype.nd4j()));
    }

    /** An INT32 scalar. */
    public static Tensor scalar(int value) {
        return of(Nd4j.scalar(value));
    }

    /** An INT64 scalar. */
    public static Tensor scalar(long value) {
        return of(Nd4j.scalar(value));
    }

    /** A BOOL scalar. */
    public static Tensor scalar(boolean value) {
        return of(Nd4j.scalar(value));
    }

    /** FLOAT32 zeros of the given shape. */
    public static Tensor zeros(long... shape) {
        return zeros(shape, DType.FLOAT32);
    }

    public static Tensor zeros(long[] shape, DType dtype) {
        return of(Nd4j.zeros(dtype.nd4j(), checkShape("zeros", shape)));
    }

    /** FLOAT32 ones of the given shape. */
    public static Tensor ones(long... shape) {
        return ones(shape, DType.FLOAT32);
    }

    public static Tensor ones(long[] shape, DType dtype) {
        return full(shape, 1, dtype);
    }

    /** A tensor of the given shape and dtype with every element {@code value}. */
    public static Tensor full(long[] shape, double value, DType dtype) {
        INDArray filled = Nd4j.valueArrayOf(checkShape("full", shape), value, DataType.DOUBLE);
        return of(Nd4jArrays.cast(filled, dtype.nd4j()));
    }

    /**
     * Uniformly distributed values in {@code [min, max)}, the same for the same seed on every machine
     * (drawn with {@link SplittableRandom}).
     */
    public static Tensor randomUniform(long[] shape, double min, double max, DType dtype, long seed) {
        requireFloatingPoint("randomUniform", dtype);
        if (!(min < max)) {
            throw new IllegalArgumentException("randomUniform: min must be below max, got [" + min + ", " + max + ")");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(Shapes.size(checkShape("randomUniform", shape)))];
        Arrays.setAll(values, i -> random.nextDouble(min, max));
        return of(values, shape).castTo(dtype);
    }

    /** Normally distributed values, the same for the same seed on every machine. */
    public static Tensor randomNormal(long[] shape, double mean, double stddev, DType dtype, long seed) {
        requireFloatingPoint("randomNormal", dtype);
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("randomNormal: stddev must be non-negative, got " + stddev);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(Shapes.size(checkShape("randomNormal", shape)))];
        Arrays.setAll(values, i -> mean + stddev * random.nextGaussian());
        return of(values, shape).castTo(dtype);
    }

    /** Zeros of this tensor's shape and dtype. */
    public Tensor zerosLike() {
        return zeros(shape(), dtype);
    }

    /** Ones of this tensor's shape and dtype. */
    public Tensor onesLike() {
        return ones(shape(), dtype);
    }

    // ---------------------------------------------------------------- keys

    /** The number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return shape.length;
    }

    /** The size of each axis; a new array every call. */
    public long[] shape() {
        return shape.clone();
    }

    /** The size of one axis; negative axes count from the end. */
    public long dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape)];
    }

    /** The number of elements. */
    public long size() {
        return Shapes.size(shape);
    }

    public DType dtype() {
        return dtype;
    }

    /** The ND4J array behind this tensor, without a copy. Do not modify it. */
    public INDArray toNd4j() {
        INDArray made = array;
        if (made == null) {
            made = floatArray(heapFloats, shape);
            array = made;
        }
        return made;
    }

    /**
     * The FLOAT32 values in row-major order for reading: the tensor's own array when it holds its values on the
     * heap, else a copy. For kernels; do not modify the array.
     *
     * @throws IllegalStateException for a tensor that is not FLOAT32
     */
    public float[] readFloats() {
        if (heapFloats != null) {
            return heapFloats;
        }
        if (dtype != DType.FLOAT32) {
            throw new IllegalStateException("readFloats: this " + dtype + " " + Shapes.format(shape) + " tensor "
                    + "has no float32 values; cast it first, e.g. castTo(DType.FLOAT32), or copy them with "
                    + "toFloatArray()");
        }
        return toFloatArray();
    }

    /** Whether the values live on the heap (see {@link #readFloats()}), so that reading them copies nothing. */
    public boolean onHeap() {
        return heapFloats != null;
    }

    // ---------------------------------------------------------------- element-wise arithmetic

    public Tensor add(Tensor other) {
        return binary(BinaryOp.ADD, other);
    }

    public Tensor add(double value) {
        return binary(BinaryOp.ADD, weakScalar(BinaryOp.ADD.opName(), value));
    }

    public Tensor sub(Tensor other) {
        return binary(BinaryOp.SUB, other);
    }

    public Tensor sub(double value) {
        return binary(BinaryOp.SUB, weakScalar(BinaryOp.SUB.opName(), value));
    }

    public Tensor mul(Tensor other) {
        return binary(BinaryOp.MUL, other);
    }

    public Tensor mul(double value) {
        return binary(BinaryOp.MUL, weakScalar(BinaryOp.MUL.opName(), value));
    }

    /** True division: integer operands give FLOAT64, as numpy's {@code /}. */
    public Tensor div(Tensor other) {
        return binary(BinaryOp.DIV, other);
    }

    public Tensor div(double value) {
        return binary(BinaryOp.DIV, weakScalar(BinaryOp.DIV.opName(), value));
    }

    /** Element-wise power; integer operands give FLOAT64. */
    public Tensor pow(Tensor exponent) {
        return binary(BinaryOp.POW, exponent);
    }

    public Tensor pow(double exponent) {
        return binary(BinaryOp.POW, weakScalar(BinaryOp.POW.opName(), exponent));
    }

    /** The element-wise larger of the two. */
    public Tensor maximum(Tensor other) {
        return binary(BinaryOp.MAXIMUM, other);
    }

    public Tensor maximum(double value) {
        return binary(BinaryOp.MAXIMUM, weakScalar(BinaryOp.MAXIMUM.opName(), value));
    }

    /** The element-wise smaller of the two. */
    public Tensor minimum(Tensor other) {
        return binary(BinaryOp.MINIMUM, other);
    }

    public Tensor minimum(double value) {
        return binary(BinaryOp.MINIMUM, weakScalar(BinaryOp.MINIMUM.opName(), value));
    }

    public Tensor neg() {
        return unary(UnaryOp.NEG);
    }

    public Tensor abs() {
        return unary(UnaryOp.ABS);
    }

    public Tensor square() {
        return unary(UnaryOp.SQUARE);
    }

    public Tensor sqrt() {
        return unary(UnaryOp.SQRT);
    }

    public Tensor exp() {
        return unary(UnaryOp.EXP);
    }

    /** The natural logarithm. */
    public Tensor log() {
        return unary(UnaryOp.LOG);
    }

    // ---------------------------------------------------------------- activations

    /** max(x, 0). */
    public Tensor relu() {
        return unary(UnaryOp.RELU);
    }

    /** 1 / (1 + exp(-x)). */
    public Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    public Tensor tanh() {
        return unary(UnaryOp.TANH);
    }

    /** The error function, erf(x) = 2/√π ∫₀ˣ exp(-t²) dt (tf.math.erf). */
    public Tensor erf() {
        return unary(UnaryOp.ERF);
    }

    /** x for x &gt;= 0, {@code slope · x} otherwise (tf.nn.leaky_relu). */
    public Tensor leakyRelu(double slope) {
        return maximum(mul(slope));
    }

    /** x for x &gt; 0, exp(x) - 1 otherwise (tf.nn.elu, alpha 1). */
    public Tensor elu() {
        // exp of the clamped value: the unselected branch must stay finite, or its zero gradient becomes NaN.
        return where(greater(0), this, minimum(0).exp().sub(1));
    }

    /** x · Φ(x) with the normal CDF Φ(x) = (1 + erf(x / √2)) / 2: the exact GELU (tf.nn.gelu). */
    public Tensor gelu() {
        return mul(div(Math.sqrt(2)).erf().add(1).mul(0.5));
    }

    /** x · sigmoid(x), also called SiLU (tf.nn.silu). */
    public Tensor swish() {
        return mul(sigmoid());
    }

    /** min(max(x, 0), 6) (tf.nn.relu6). */
    public Tensor relu6() {
        return relu().minimum(6);
    }

    /** relu6(x + 3) / 6 (keras.activations.hard_sigmoid, Keras 3). */
    public Tensor hardSigmoid() {
        return add(3).relu6().div(6);
    }

    /** x · hard_sigmoid(x), hard swish (keras.activations.hard_silu). */
    public Tensor hardSilu() {
        return mul(hardSigmoid());
    }

    /**
     * The activation a layer declares, as Keras defines it: LINEAR is the identity, SOFTMAX is over the last
     * axis, LEAKY_RELU has slope 0.2, ELU alpha 1, GELU is exact.
     */
    public Tensor activate(dev.fusenet.annotations.Activation activation) {
        return switch (activation) {
            case LINEAR -> this;
            case RELU -> relu();
            case SIGMOID -> sigmoid();
            case TANH -> tanh();
            case SOFTMAX -> softmax();
            case LEAKY_RELU -> leakyRelu(0.2);
            case ELU -> elu();
            case GELU -> gelu();
            case SWISH -> swish();
            case RELU6 -> relu6();
            case HARD_SIGMOID -> hardSigmoid();
            case HARD_SILU -> hardSilu();
        };
    }

    /** Softmax over the last axis. */
    public Tensor softmax() {
        return softmax(-1);
    }

    /** exp(x) / Σ exp(x) over {@code axis}. */
    public Tensor softmax(int axis) {
        requireRankAtLeast("softmax", 1);
        int normalised = Shapes.axis("softmax", axis, shape());
        return Ops.apply(new Softmax(normalised), floatingPoint());
    }

    /** log(softmax(x)) over {@code axis}, computed stably as {@code x - max - log(Σ exp(x - max))}. */
    public Tensor logSoftmax(int axis) {
        requireRankAtLeast("logSoftmax", 1);
        Tensor input = floatingPoint();
        Tensor shifted = input.sub(input.max(axis, true));
        return shifted.sub(shifted.exp().sum(axis, true).log());
    }

    /** Every element limited to {@code [min, max]}; the gradient is zero where a limit applies (tf.clip_by_value). */
    public Tensor clip(double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clip: min must not exceed max, got [" + min + ", " + max + "]");
        }
        return maximum(min).minimum(max);
    }

    /** {@code x} where {@code condition} holds, else {@code y}, with broadcasting (tf.where). */
    public static Tensor where(Tensor condition, Tensor x, Tensor y) {
        if (condition.dtype != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be bool, got " + condition.dtype
                    + "; compare first, e.g. x.greater(0)");
        }
        DType dtype = DType.promote(x.dtype, y.dtype);
        Shapes.broadcast("where", Shapes.broadcast("where", condition.shape(), x.shape()), y.shape());
        return Ops.apply(Where.INSTANCE, condition, x.castTo(dtype), y.castTo(dtype));
    }

    // ---------------------------------------------------------------- comparisons

    public Tensor equal(Tensor other) {
        return compare(Comparison.EQUAL, other);
    }

    public Tensor equal(double value) {
        return compare(Comparison.EQUAL, comparable(value));
    }

    public Tensor notEqual(Tensor other) {
        return compare(Comparison.NOT_EQUAL, other);
    }

    public Tensor notEqual(double value) {
        return compare(Comparison.NOT_EQUAL, comparable(value));
    }

    public Tensor greater(Tensor other) {
        return compare(Comparison.GREATER, other);
    }

    public Tensor greater(double value) {
        return compare(Comparison.GREATER, comparable(value));
    }

    public Tensor greaterEqual(Tensor other) {
        return compare(Comparison.GREATER_EQUAL, other);
    }

    public Tensor greaterEqual(double value) {
        return compare(Comparison.GREATER_EQUAL, comparable(value));
    }

    public Tensor less(Tensor other) {
        return compare(Comparison.LESS, other);
    }

    public Tensor less(double value) {
        return compare(Comparison.LESS, comparable(value));
    }

    public Tensor lessEqual(Tensor other) {
        return compare(Comparison.LESS_EQUAL, other);
    }

    public Tensor lessEqual(double value) {
        return compare(Comparison.LESS_EQUAL, comparable(value));
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a scalar. Bool and integer sums are INT64 (bools count). */
    public Tensor sum() {
        return reduce(Reduction.Kind.SUM, new int[0], false);
    }

    public Tensor sum(int axis) {
        return reduce(Reduction.Kind.SUM, new int[] {axis}, false);
    }

    public Tensor sum(int axis, boolean keepDims) {
        return reduce(Reduction.Kind.SUM, new int[] {axis}, keepDims);
    }

    /** The sum over {@code axes} (all when empty); {@code keepDims} keeps them as size 1, as numpy's keepdims. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return reduce(Reduction.Kind.SUM, axes, keepDims);
    }

    /** The mean of all elements; integer means are FLOAT64, as numpy's. */
    public Tensor mean() {
        return reduce(Reduction.Kind.MEAN, new int[0], false);
    }

    public Tensor mean(int axis) {
        return reduce(Reduction.Kind.MEAN, new int[] {axis}, false);
    }

    public Tensor mean(int axis, boolean keepDims) {
        return reduce(Reduction.Kind.MEAN, new int[] {axis}, keepDims);
    }

    public Tensor mean(int[] axes, boolean keepDims) {
        return reduce(Reduction.Kind.MEAN, axes, keepDims);
    }

    public Tensor max() {
        return reduce(Reduction.Kind.MAX, new int[0], false);
    }

    public Tensor max(int axis) {
        return reduce(Reduction.Kind.MAX, new int[] {axis}, false);
    }

    public Tensor max(int axis, boolean keepDims) {
        return reduce(Reduction.Kind.MAX, new int[] {axis}, keepDims);
    }

    public Tensor max(int[] axes, boolean keepDims) {
        return reduce(Reduction.Kind.MAX, axes, keepDims);
    }

    public Tensor min() {
        return reduce(Reduction.Kind.MIN, new int[0], false);
    }

    public Tensor min(int axis) {
        return reduce(Reduction.Kind.MIN, new int[] {axis}, false);
    }

    public Tensor min(int axis, boolean keepDims) {
        return reduce(Reduction.Kind.MIN, new int[] {axis}, keepDims);
    }

    public Tensor min(int[] axes, boolean keepDims) {
        return reduce(Reduction.Kind.MIN, axes, keepDims);
    }

    /** The index of the largest element along {@code axis} (the first on ties), as INT64. */
    public Tensor argmax(int axis) {
        requireRankAtLeast("argmax", 1);
        int normalised = Shapes.axis("argmax", axis, shape());
        requireNonEmptyAxis("argmax", normalised);
        INDArray indices = numericArray("argmax").argMax(normalised);
        return of(Nd4jArrays.reshape(indices.castTo(DataType.INT64), Shapes.reduce(shape(), new int[] {normalised},
                false)));
    }

    /** The index of the largest element of the flattened tensor, as an INT64 scalar. */
    public Tensor argmax() {
        if (size() == 0) {
            throw new IllegalArgumentException("argmax: an empty tensor " + Shapes.format(shape()) + " has no maximum");
        }
        return of(Nd4jArrays.flat(numericArray("argmax")).argMax(0).castTo(DataType.INT64)).reshape();
    }

    // ---------------------------------------------------------------- products

    /**
     * numpy's {@code take} (TensorFlow's {@code gather}): the entries at {@code indices} along {@code axis}, shaped
     * {@code shape[:axis] + indices.shape + shape[axis + 1:]}. Indices are integers in [-n, n), negative ones
     * counting from the end; repeats are allowed (their gradients add up). Differentiable.
     *
     * <pre>{@code
     * Tensor x = Tensor.of(new float[] {10, 11, 12, 13}, 4);
     * x.take(Tensor.of(new int[] {3, 0, 0}), 0);    // [13., 10., 10.]
     * }</pre>
     */
    public Tensor take(Tensor indices, int axis) {
        requireRankAtLeast("take", 1);
        int normalised = Shapes.axis("take", axis, shape());
        if (indices.dtype().isFloatingPoint() || indices.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("take: indices must be integers, got " + indices.dtype());
        }
        long n = dim(normalised);
        long[] flat = indices.castTo(DType.INT64).toLongArray();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < -n || flat[i] >= n) {
                throw new IllegalArgumentException("take: index " + flat[i] + " is out of range for axis "
                        + normalised + " of size " + n + " in " + Shapes.format(shape()) + "; use -" + n
                        + " <= index < " + n);
            }
            flat[i] = flat[i] < 0 ? flat[i] + n : flat[i];
        }
        Tensor taken = Ops.apply(new dev.fusenet.runtime.ops.Take(flat, normalised, shape(), false), this);
        long[] resultShape = Shapes.concat(Shapes.concat(java.util.Arrays.copyOf(shape(), normalised),
                indices.shape()), java.util.Arrays.copyOfRange(shape(), normalised + 1, rank()));
        return java.util.Arrays.equals(resultShape, taken.shape()) ? taken : taken.reshape(resultShape);
    }

    /** TensorFlow's name for {@link #take}. */
    public Tensor gather(Tensor indices, int axis) {
        return take(indices, axis);
    }

    /**
     * Python's slice {@code x[start:stop:step]} along {@code axis} ({@code x[:, 2:5]} is {@code x.slice(1, 2, 5,
     * 1)}): negative {@code start} and {@code stop} count from the end, values beyond the ends are clamped as
     * Python clamps them (so {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} stand for the open ends: {@code
     * x.slice(0, Long.MAX_VALUE, Long.MIN_VALUE, -1)} is {@code x[::-1]}), and {@code step} may be negative but not
     * 0. Differentiable.
     */
    public Tensor slice(int axis, long start, long stop, long step) {
        requireRankAtLeast("slice", 1);
        int normalised = Shapes.axis("slice", axis, shape());
        if (step == 0) {
            throw new IllegalArgumentException("slice: step cannot be 0");
        }
        long n = dim(normalised);
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? n : n - 1;
        long first = clampSliceEnd(start, n, lower, upper);
        long last = clampSliceEnd(stop, n, lower, upper);
        long count = step > 0 ? (last > first ? (last - first - 1) / step + 1 : 0)
                : (first > last ? (first - last - 1) / (-step) + 1 : 0);
        long[] indices = new long[Math.toIntExact(count)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = first + i * step;
        }
        return Ops.apply(new dev.fusenet.runtime.ops.Take(indices, normalised, shape(), false), this);
    }

    private static long clampSliceEnd(long end, long n, long lower, long upper) {
        long value = end < 0 ? end + n : end;
        return Math.max(lower, Math.min(upper, value));
    }

    /**
     * numpy's {@code concatenate}: the tensors joined along {@code axis}; all other sizes must agree. Differentiable
     * in every input.
     */
    public static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = tensors[0];
        first.requireRankAtLeast("concat", 1);
        int normalised = Shapes.axis("concat", axis, first.shape());
        DType common = first.dtype();
        for (Tensor tensor : tensors) {
            long[] a = first.shape();
            long[] b = tensor.shape();
            boolean fits = a.length == b.length;
            for (int i = 0; fits && i < a.length; i++) {
                fits = i == normalised || a[i] == b[i];
            }
            if (!fits) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.format(a) + " and "
                        + Shapes.format(b) + " differ outside axis " + normalised);
            }
            common = DType.promote(common, tensor.dtype());
        }
        Tensor[] cast = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            cast[i] = tensors[i].castTo(common);
        }
        return Ops.apply(new dev.fusenet.runtime.ops.Concat(normalised), cast);
    }

    /** numpy's {@code stack}: the tensors, all of one shape, along a new axis {@code axis}. Differentiable. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!java.util.Arrays.equals(tensors[i].shape(), tensors[0].shape())) {
                throw new IllegalArgumentException("stack: every tensor needs the same shape, but "
                        + Shapes.format(tensors[0].shape()) + " and " + Shapes.format(tensors[i].shape()) + " differ");
            }
            expanded[i] = tensors[i].expandDims(axis);
        }
        return concat(axis, expanded);
    }

    /** numpy's {@code expand_dims}: a new axis of size 1 at {@code axis} (negative counts from the end). */
    public Tensor expandDims(int axis) {
        int position = axis < 0 ? axis + rank() + 1 : axis;
        if (position < 0 || position > rank()) {
            throw new IllegalArgumentException("expandDims: axis " + axis + " is out of range for "
                    + Shapes.format(shape()) + "; use -" + (rank() + 1) + " <= axis <= " + rank());
        }
        long[] shape = new long[rank() + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            shape[i] = i == position ? 1 : dim(j++);
        }
        return reshape(shape);
    }

    /** numpy's {@code squeeze}: without axes, every axis of size 1 removed; with axes, those (each of size 1). */
    public Tensor squeeze(int... axes) {
        boolean[] drop = new boolean[rank()];
        if (axes.length == 0) {
            for (int i = 0; i < rank(); i++) {
                drop[i] = dim(i) == 1;
            }
        }
        for (int axis : axes) {
            int normalised = Shapes.axis("squeeze", axis, shape());
            if (dim(normalised) != 1) {
                throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shapes.format(shape())
                        + " has size " + dim(normalised) + ", not 1");
            }
            drop[normalised] = true;
        }
        java.util.List<Long> kept = new java.util.ArrayList<>();
        for (int i = 0; i < rank(); i++) {
            if (!drop[i]) {
                kept.add(dim(i));
            }
        }
        return reshape(kept.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * A random permutation of {@code 0 .. n - 1} as an INT64 tensor, the same for the same seed (numpy's
     * {@code permutation}, Fisher-Yates over a {@code SplittableRandom}).
     */
    public static Tensor permutation(long n, long seed) {
        long[] order = new long[Math.toIntExact(n)];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return Tensor.of(order, n);
    }

    /**
     * The rows (axis 0) in the random order of {@link #permutation}{@code (dim(0), seed)}: shuffle inputs and
     * labels with the same seed and they stay paired. Differentiable.
     */
    public Tensor shuffle(long seed) {
        requireRankAtLeast("shuffle", 1);
        return take(permutation(dim(0), seed), 0);
    }

    /**
     * A 2D convolution of channels-last images, as {@code tf.nn.conv2d} with Keras's layout: this tensor is
     * (samples, height, width, channels), {@code kernel} is (kernelHeight, kernelWidth, channels, filters), and
     * the result is (samples, outHeight, outWidth, filters), with Keras's output sizes for {@code padding}.
     * {@code strides} is one value or (vertical, horizontal). Differentiable in both arguments: it is
     * {@link #extractPatches} times the kernel seen as a matrix.
     *
     * <pre>{@code
     * Tensor images = Tensor.randomNormal(new long[] {8, 28, 28, 1}, 0, 1, DType.FLOAT32, 1);
     * Tensor kernel = Tensor.randomNormal(new long[] {3, 3, 1, 32}, 0, 0.1, DType.FLOAT32, 2);
     * images.conv2d(kernel, new int[] {1}, Padding.VALID);   // (8, 26, 26, 32)
     * }</pre>
     */
    public Tensor conv2d(Tensor kernel, int[] strides, dev.fusenet.annotations.Padding padding) {
        return conv2d(kernel, strides, padding, new int[] {1});
    }

    /**
     * {@link #conv2d(Tensor, int[], dev.fusenet.annotations.Padding)} with a dilated kernel, as
     * {@code keras.ops.conv}'s {@code dilation_rate}: tap (ky, kx) reads the pixel {@code dilationRate} times
     * further than its neighbour, so a 3×3 kernel of rate 2 spans 5×5 pixels and VALID gives {@code n - 4}.
     * {@code dilationRate} is one value or (vertical, horizontal).
     */
    public Tensor conv2d(Tensor kernel, int[] strides, dev.fusenet.annotations.Padding padding, int[] dilationRate) {
        long[] k = kernel.shape();
        if (k.length != 4) {
            throw new IllegalArgumentException("conv2d: the kernel must be (kernelHeight, kernelWidth, channels, "
                    + "filters), got " + Shapes.format(k));
        }
        requireImages("conv2d");
        if (k[2] != dim(3)) {
            throw new IllegalArgumentException("conv2d: the kernel " + Shapes.format(k) + " expects " + k[2]
                    + " input channels, but the images " + Shapes.format(shape()) + " have " + dim(3));
        }
        DType promoted = promoteNumeric("conv2d", kernel);
        DType common = promoted.isFloatingPoint() ? promoted : DType.FLOAT32;
        Tensor patches = castTo(common).extractPatches(new int[] {(int) k[0], (int) k[1]}, strides, padding,
                dilationRate);
        long[] p = patches.shape();
        return patches.reshape(p[0] * p[1] * p[2], p[3]).matmul(kernel.castTo(common).reshape(p[3], k[3]))
                .reshape(p[0], p[1], p[2], k[3]);
    }

    /** {@link #conv2d(Tensor, int[], dev.fusenet.annotations.Padding)} with strides 1 and VALID padding. */
    public Tensor conv2d(Tensor kernel) {
        return conv2d(kernel, new int[] {1}, dev.fusenet.annotations.Padding.VALID);
    }

    /**
     * A transposed convolution of (batch, height, width, channels) images with a (kernelHeight, kernelWidth,
     * filters, channels) kernel, as Keras's Conv2DTranspose and tf.nn.conv2d_transpose: the input-gradient of the
     * convolution from the output back to the input, so each pixel times the kernel's transpose is spread onto its
     * window of the output. Output sizes as Keras's: {@code in · stride} with SAME, {@code in · stride +
     * max(kernel - stride, 0)} with VALID. On the tape as a product and the patches' transpose.
     */
    public Tensor conv2dTranspose(Tensor kernel, int[] strides, dev.fusenet.annotations.Padding padding) {
        long[] k = kernel.shape();
        requireImages("conv2dTranspose");
        if (k.length != 4 || k[3] != dim(3)) {
            throw new IllegalArgumentException("conv2dTranspose: the kernel must be (kernelHeight, kernelWidth, "
                    + "filters, channels) with the images' channels, got " + Shapes.format(k) + " for images "
                    + Shapes.format(shape()));
        }
        int[] size = {(int) k[0], (int) k[1]};
        dev.fusenet.model.Window window = window("conv2dTranspose", size, strides, padding);
        long[] out = new long[4];
        out[0] = dim(0);
        out[3] = k[2];
        int[] stride = {window.strideHeight(), window.strideWidth()};
        for (int axis = 0; axis < 2; axis++) {
            out[axis + 1] = dim(axis + 1) * stride[axis]
                    + (padding == dev.fusenet.annotations.Padding.VALID ? Math.max(size[axis] - stride[axis], 0) : 0);
        }
        long pixels = dim(0) * dim(1) * dim(2);
        Tensor spread = reshape(pixels, k[3]).matmul(kernel.reshape(k[0] * k[1] * k[2], k[3]).transpose())
                .reshape(dim(0), dim(1), dim(2), k[0] * k[1] * k[2]);
        return Ops.apply(new dev.fusenet.runtime.ops.Patches(window, true, out), spread);
    }

    /**
     * A depthwise convolution of (batch, height, width, channels) images with a (kernelHeight, kernelWidth,
     * channels, multiplier) kernel, as tf.nn.depthwise_conv2d: each channel convolved alone with its own kernels,
     * output channel {@code c · multiplier + k}. Recorded on the tape as its per-channel convolutions.
     */
    public Tensor depthwiseConv2d(Tensor kernel, int[] strides, dev.fusenet.annotations.Padding padding) {
        return depthwiseConv2d(kernel, strides, padding, new int[] {1});
    }

    /** {@link #depthwiseConv2d(Tensor, int[], dev.fusenet.annotations.Padding)} with a dilated kernel. */
    public Tensor depthwiseConv2d(Tensor kernel, int[] strides, dev.fusenet.annotations.Padding padding,
                                  int[] dilationRate) {
        long[] k = kernel.shape();
        if (k.length != 4 || rank() != 4 || k[2] != shape()[3]) {
            throw new IllegalArgumentException("depthwiseConv2d: the kernel must be (kernelHeight, kernelWidth, "
                    + "channels, multiplier) with the images' channels, got " + Shapes.format(k) + " for images "
                    + Shapes.format(shape()));
        }
        int channels = Math.toIntExact(k[2]);
        Tensor[] parts = new Tensor[channels];
        for (int c = 0; c < channels; c++) {
            parts[c] = slice(3, c, c + 1, 1).conv2d(kernel.slice(2, c, c + 1, 1), strides, padding, dilationRate);
        }
        return channels == 1 ? parts[0] : concat(-1, parts);
    }

    /**
     * TensorFlow's {@code extract_patches} on channels-last images (samples, height, width, channels): each
     * window of {@code size} becomes one vector of size[0] · size[1] · channels values, ordered (row, column,
     * channel) as a Keras kernel's rows are, giving (samples, outHeight, outWidth, size[0] · size[1] · channels).
     * Zeros where a SAME window hangs over the border. Differentiable (its gradient sums each value back onto the
     * pixel it came from).
     */
    public Tensor extractPatches(int[] size, int[] strides, dev.fusenet.annotations.Padding padding) {
        return extractPatches(size, strides, padding, new int[] {1});
    }

    /**
     * As above, each window's taps {@code rates} pixels apart, as {@code tf.image.extract_patches}'s rates: a 3×3
     * window of rate 2 takes every other pixel of a 5×5 span.
     */
    public Tensor extractPatches(int[] size, int[] strides, dev.fusenet.annotations.Padding padding, int[] rates) {
        dev.fusenet.model.Window window = window("extractPatches", size, strides, padding, rates);
        return Ops.apply(new dev.fusenet.runtime.ops.Patches(window, false, shape()), this);
    }

    /**
     * Max pooling of channels-last images (samples, height, width, channels), as {@code tf.nn.max_pool2d}:
     * each window's maximum per channel; SAME padding never wins. {@code strides} defaults to the window's size
     * when empty. The gradient goes to each window's first maximum.
     */
    public Tensor maxPool2d(int[] poolSize, int[] strides, dev.fusenet.annotations.Padding padding) {
        return pool(dev.fusenet.runtime.ops.Pooling.Kind.MAX, "maxPool2d", poolSize, strides, padding);
    }

    /** Max pooling over square windows of {@code poolSize}, strides the window's size, VALID. */
    public Tensor maxPool2d(int poolSize) {
        return maxPool2d(new int[] {poolSize}, new int[0], dev.fusenet.annotations.Padding.VALID);
    }

    /**
     * Average pooling of channels-last images, as {@code tf.nn.avg_pool2d}: each window's mean per channel over
     * the input pixels it covers (SAME padding is not counted). {@code strides} defaults to the window's size
     * when empty.
     */
    public Tensor avgPool2d(int[] poolSize, int[] strides, dev.fusenet.annotations.Padding padding) {
        return pool(dev.fusenet.runtime.ops.Pooling.Kind.AVERAGE, "avgPool2d", poolSize, strides, padding);
    }

    /** Average pooling over square windows of {@code poolSize}, strides the window's size, VALID. */
    public Tensor avgPool2d(int poolSize) {
        return avgPool2d(new int[] {poolSize}, new int[0], dev.fusenet.annotations.Padding.VALID);
    }

    private Tensor pool(dev.fusenet.runtime.ops.Pooling.Kind kind, String name, int[] poolSize, int[] strides,
                        dev.fusenet.annotations.Padding padding) {
        dev.fusenet.model.Window window = window(name, poolSize, strides.length == 0 ? poolSize : strides, padding);
        Tensor input = dtype().isFloatingPoint() ? this : castTo(DType.FLOAT32);
        return Ops.apply(new dev.fusenet.runtime.ops.Pooling(kind, window, shape()), input);
    }

    private void requireImages(String op) {
        if (rank() != 4) {
            throw new IllegalArgumentException(op + ": expects channels-last images (samples, height, width, "
                    + "channels), got " + Shapes.format(shape()) + (rank() == 3 ? "; for one image, add the "
                    + "samples axis: x.reshape(1, " + dim(0) + ", " + dim(1) + ", " + dim(2) + ")" : ""));
        }
    }

    /** The window of an image op, checked against this tensor's shape with the rules' own messages. */
    private dev.fusenet.model.Window window(String op, int[] size, int[] strides,
                                            dev.fusenet.annotations.Padding padding) {
        return window(op, size, strides, padding, new int[] {1});
    }

    /** As above, with the spacing of the window's taps. */
    private dev.fusenet.model.Window window(String op, int[] size, int[] strides,
                                            dev.fusenet.annotations.Padding padding, int[] dilation) {
        requireImages(op);
        for (int[] values : new int[][] {size, strides, dilation}) {
            if (values.length < 1 || values.length > 2 || java.util.Arrays.stream(values).anyMatch(v -> v <= 0)) {
                throw new IllegalArgumentException(op + ": window sizes, strides and dilation rates take one or two "
                        + "positive values, got " + java.util.Arrays.toString(values));
            }
        }
        dev.fusenet.model.Window window = new dev.fusenet.model.Window(
                java.util.Arrays.stream(size).boxed().toList(), java.util.Arrays.stream(strides).boxed().toList(),
                padding, java.util.Arrays.stream(dilation).boxed().toList());
        if (!window.over((int) dim(1), (int) dim(2)).fits()) {
            throw new IllegalArgumentException(op + ": a " + window.describe() + " window" + window.dilationWords()
                    + " does not fit the " + dim(1) + "×" + dim(2) + " images of " + Shapes.format(shape())
                    + "; use Padding.SAME or a smaller window");
        }
        return window;
    }

    /**
     * The matrix product over the last two axes, broadcasting the leading (batch) axes, as numpy's matmul:
     * (2,3)·(3,4) → (2,4); (8,2,3)·(3,4) → (8,2,4). A rank-1 operand is a row (left) or a column (right)
     * vector, and that axis is removed from the result.
     */
    public Tensor matmul(Tensor other) {
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: scalars are not matrices: " + Shapes.format(shape()) + " · "
                    + Shapes.format(other.shape()) + "; use mul for scaling");
        }
        Tensor a = rank() == 1 ? reshape(1, dim(0)) : this;
        Tensor b = other.rank() == 1 ? other.reshape(other.dim(0), 1) : other;
        long inner = a.dim(-1);
        long otherInner = b.dim(-2);
        if (inner != otherInner) {
            throw new IllegalArgumentException("matmul: cannot contract axis of size " + inner + " with axis of size "
                    + otherInner + ": " + Shapes.format(shape()) + " · " + Shapes.format(other.shape()));
        }
        try {
            MatMul.batchShape(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch axes do not broadcast: " + Shapes.format(shape())
                    + " · " + Shapes.format(other.shape()), e);
        }
        DType common = promoteNumeric("matmul", other);
        Tensor product = Ops.apply(MatMul.INSTANCE, a.castTo(common), b.castTo(common));
        // Drop the axes that lifted rank-1 operands: the column of b first, then the row of a.
        long[] resultShape = product.shape();
        if (other.rank() == 1) {
            resultShape = withoutAxis(resultShape, resultShape.length - 1);
        }
        if (rank() == 1) {
            resultShape = withoutAxis(resultShape, resultShape.length - (other.rank() == 1 ? 1 : 2));
        }
        return product.reshape(resultShape);
    }

    /**
     * The tensor product that contracts the last axis of {@code a} with the first axis of {@code b}
     * (the lecture's table): A(2,3,4,5)·B(5,6,7) → (2,3,4,6,7), A(5)·B(5) → a scalar.
     */
    public static Tensor tensordot(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("tensordot: a scalar has no axis to contract: "
                    + Shapes.format(a.shape()) + " · " + Shapes.format(b.shape()) + "; use mul for scaling");
        }
        return tensordot(a, b, new int[] {-1}, new int[] {0});
    }

    /**
     * Sums the products over the paired axes {@code axesA[i]} of {@code a} and {@code axesB[i]} of {@code b}
     * (numpy.tensordot); the result has a's remaining axes, then b's.
     */
    public static Tensor tensordot(Tensor a, Tensor b, int[] axesA, int[] axesB) {
        String shapes = Shapes.format(a.shape()) + " · " + Shapes.format(b.shape());
        if (axesA.length != axesB.length) {
            throw new IllegalArgumentException("tensordot: " + axesA.length + " axes of a " + Arrays.toString(axesA)
                    + " cannot pair with " + axesB.length + " axes of b " + Arrays.toString(axesB) + ": " + shapes);
        }
        int[] normalisedA = distinctAxes(axesA, a.shape(), shapes);
        int[] normalisedB = distinctAxes(axesB, b.shape(), shapes);
        for (int i = 0; i < normalisedA.length; i++) {
            long sizeA = a.shape()[normalisedA[i]];
            long sizeB = b.shape()[normalisedB[i]];
            if (sizeA != sizeB) {
                throw new IllegalArgumentException("tensordot: cannot contract axis of size " + sizeA
                        + " with axis of size " + sizeB + ": " + shapes);
            }
        }
        DType common = a.promoteNumeric("tensordot", b);
        return Ops.apply(new TensorDot(normalisedA, normalisedB), a.castTo(common), b.castTo(common));
    }

    // ---------------------------------------------------------------- shape

    /** The same elements in row-major order under a new shape; one size may be -1 and is inferred. */
    public Tensor reshape(long... shape) {
        long[] target = Shapes.inferReshape(shape(), shape);
        if (Arrays.equals(target, shape())) {
            return this;
        }
        return Ops.apply(new Reshape(target), this);
    }

    /** Reverses the axes: a matrix's transpose. */
    public Tensor transpose() {
        int[] reversed = IntStream.range(0, rank()).map(i -> rank() - 1 - i).toArray();
        return transpose(reversed);
    }

    /** Permutes the axes: axis i of the result is axis {@code permutation[i]} of this tensor. */
    public Tensor transpose(int... permutation) {
        int[] normalised;
        try {
            normalised = Shapes.axes("transpose", permutation, shape());
        } catch (IllegalArgumentException e) {
            normalised = null;
        }
        if (normalised == null || permutation.length != rank()) {
            throw new IllegalArgumentException("transpose: " + Arrays.toString(permutation)
                    + " is not a permutation of the " + rank() + " axes of " + Shapes.format(shape()));
        }
        int[] axes = IntStream.of(permutation).map(axis -> axis < 0 ? axis + rank() : axis).toArray();
        return Ops.apply(new Transpose(axes), this);
    }

    /** This tensor repeated along its size-1 and missing leading axes to {@code shape} (tf.broadcast_to). */
    public Tensor broadcastTo(long... shape) {
        long[] broadcast = Shapes.broadcast("broadcastTo", shape(), shape);
        if (!Arrays.equals(broadcast, shape)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + Shapes.format(shape()) + " to "
                    + Shapes.format(shape));
        }
        if (Arrays.equals(shape, shape())) {
            return this;
        }
        return Ops.apply(new BroadcastTo(shape.clone()), this);
    }

    /** Rows {@code [start, end)} along the first axis, e.g. one batch of a data set. */
    public Tensor slice(long start, long end) {
        requireRankAtLeast("slice", 1);
        long rows = dim(0);
        if (start < 0 || start > end || end > rows) {
            throw new IllegalArgumentException("slice: rows [" + start + ", " + end + ") are out of range for "
                    + Shapes.format(shape()) + "; use 0 <= start <= end <= " + rows);
        }
        return Ops.apply(new SliceRows(start, end), this);
    }

    /** Row {@code index} along the first axis, one rank lower; negative indices count from the end. */
    public Tensor get(long index) {
        requireRankAtLeast("get", 1);
        long rows = dim(0);
        if (index < -rows || index >= rows) {
            throw new IllegalArgumentException("get: index " + index + " is out of range for the " + rows
                    + " rows of " + Shapes.format(shape()));
        }
        long row = index < 0 ? index + rows : index;
        return slice(row, row + 1).reshape(Arrays.copyOfRange(shape(), 1, rank()));
    }

    /** The same values as {@code dtype}; between floating-point types the tape differentiates through it. */
    public Tensor castTo(DType dtype) {
        if (dtype == this.dtype) {
            return this;
        }
        return Ops.apply(new Cast(dtype), this);
    }

    // ---------------------------------------------------------------- values

    /** The elements in row-major order as floats. */
    public float[] toFloatArray() {
        if (heapFloats != null) {
            return heapFloats.clone();
        }
        return size() == 0 ? new float[0] : Nd4jArrays.toFloats(toNd4j());
    }

    /**
     * Copies the elements in row-major order, as floats, into {@code destination}, which holds exactly
     * {@link #size()} values: a loop that reads a tensor every step reuses one array instead of allocating.
     */
    public void copyInto(float[] destination) {
        if (destination.length != size()) {
            throw new IllegalArgumentException("copyInto: a " + Shapes.format(shape()) + " tensor has " + size()
                    + " elements but the array holds " + destination.length);
        }
        if (heapFloats != null) {
            System.arraycopy(heapFloats, 0, destination, 0, destination.length);
        } else if (size() > 0) {
            Nd4jArrays.copyFloats(toNd4j(), destination);
        }
    }

    public double[] toDoubleArray() {
        return size() == 0 ? new double[0] : flatAs(DataType.DOUBLE).toDoubleVector();
    }

    public int[] toIntArray() {
        return size() == 0 ? new int[0] : flatAs(DataType.INT32).toIntVector();
    }

    public long[] toLongArray() {
        return size() == 0 ? new long[0] : flatAs(DataType.INT64).toLongVector();
    }

    /** The elements as unsigned bytes ({@code 255} is {@code (byte) 255}), e.g. pixels. */
    public byte[] toByteArray() {
        int[] values = toIntArray();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    public boolean[] toBooleanArray() {
        int[] values = castTo(DType.BOOL).toIntArray();
        boolean[] booleans = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            booleans[i] = values[i] != 0;
        }
        return booleans;
    }

    /** The value of a one-element tensor, as numpy's {@code item()}. */
    public double doubleValue() {
        return toDoubleArray()[requireSingleElement("doubleValue")];
    }

    public float floatValue() {
        return toFloatArray()[requireSingleElement("floatValue")];
    }

    public int intValue() {
        return toIntArray()[requireSingleElement("intValue")];
    }

    public long longValue() {
        return toLongArray()[requireSingleElement("longValue")];
    }

    public boolean booleanValue() {
        return toBooleanArray()[requireSingleElement("booleanValue")];
    }

    /**
     * Whether the shapes are equal and every pair of elements satisfies |a - b| &lt;= atol + rtol·|b|
     * (numpy.allclose; NaNs are never close).
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape(), other.shape())) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Equal when the dtype, the shape and every element are equal (NaN equals NaN here). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Tensor that)) {
            return false;
        }
        return dtype == that.dtype && Arrays.equals(shape(), that.shape())
                && Arrays.equals(toDoubleArray(), that.toDoubleArray());
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape()), Arrays.hashCode(toDoubleArray()));
    }

    /** numpy's notation: {@code [[5., 7.], [9., 11.]]}, with {@code , dtype=float16} for other than float32. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---------------------------------------------------------------- helpers

    private Tensor binary(BinaryOp op, Tensor other) {
        DType common = promoteNumeric(op.opName(), other);
        if ((op == BinaryOp.DIV || op == BinaryOp.POW) && !common.isFloatingPoint()) {
            common = DType.FLOAT64;
        }
        Shapes.broadcast(op.opName(), shape(), other.shape());
        if (common.isInteger() && (op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL)) {
            requireIntegerResult(op, common, this, other);
        }
        return Ops.apply(op, castTo(common), other.castTo(common));
    }

    private Tensor unary(UnaryOp op) {
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException(op.opName() + ": arithmetic on a bool tensor "
                    + Shapes.format(shape()) + " is not defined; cast it first, e.g. castTo(DType.INT32)");
        }
        Tensor input = op.needsFloatingPoint() ? floatingPoint() : this;
        if (input.dtype.isInteger() && (op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SQUARE)) {
            requireIntegerResult(op, dtype, this, null);
        }
        return Ops.apply(op, input);
    }

    private Tensor compare(Comparison comparison, Tensor other) {
        DType common = DType.promote(dtype, other.dtype);
        return comparison.apply(castTo(common), other.castTo(common));
    }

    private Tensor reduce(Reduction.Kind kind, int[] axes, boolean keepDims) {
        int[] normalised = Shapes.axes(kind.opName(), axes, shape());
        Tensor input = this;
        if (kind == Reduction.Kind.MEAN && !dtype.isFloatingPoint()) {
            input = castTo(DType.FLOAT64);
        } else if (dtype == DType.BOOL || (kind == Reduction.Kind.SUM && dtype.isInteger())) {
            input = castTo(DType.INT64);
        }
        if (kind == Reduction.Kind.MAX || kind == Reduction.Kind.MIN) {
            for (int axis : normalised) {
                requireNonEmptyAxis(kind.opName(), axis);
            }
        }
        return Ops.apply(new Reduction(kind, normalised, keepDims), input);
    }

    /** This tensor, or as FLOAT64 when it holds integers, for functions defined on real numbers only. */
    private Tensor floatingPoint() {
        return dtype.isFloatingPoint() ? this : castTo(DType.FLOAT64);
    }

    /** A scalar operand that adopts this tensor's dtype when it can hold the value, as TensorFlow's Python numbers. */
    /**
     * A Java number as the other operand of {@code op}, typed as numpy 2 types a Python scalar (NEP 50): it takes
     * this tensor's dtype, or FLOAT64 when it is a fraction next to integers. An integer that this dtype cannot
     * hold is refused, as numpy 2 and TensorFlow refuse it, rather than wrapped ({@code uint8 200 + 300} would
     * give 244).
     */
    private Tensor weakScalar(String op, double value) {
        if (dtype.isFloatingPoint()) {
            return scalar(value, dtype);
        }
        if (!isIntegral(value)) {
            return scalar(value, DType.FLOAT64);
        }
        DType integers = dtype == DType.BOOL ? DType.INT64 : dtype;
        if (!integers.holds(value)) {
            DType wider = DType.wideEnoughFor(value);
            throw new IllegalArgumentException(op + ": " + formatIntegral(value) + " does not fit this " + dtype
                    + " " + Shapes.format(shape()) + " tensor's values (" + formatIntegral(integers.minValue())
                    + " to " + formatIntegral(integers.maxValue()) + "), and fusenet does not wrap it around as C "
                    + "would; cast the tensor first, e.g. castTo(DType." + wider.name() + ")");
        }
        return scalar(value, integers);
    }

    /** A Java number to compare with: out of this integer dtype's range, both sides widen so the answer is right. */
    private Tensor comparable(double value) {
        if (!dtype.isFloatingPoint() && isIntegral(value) && !(dtype == DType.BOOL ? DType.INT64 : dtype).holds(value)) {
            return scalar(value, DType.wideEnoughFor(value));
        }
        return weakScalar("compare", value);
    }

    private static boolean isIntegral(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value);
    }

    private static String formatIntegral(double value) {
        return Math.abs(value) < 0x1p63 ? Long.toString((long) value) : String.format("%.6g", value);
    }

    /**
     * Integer arithmetic whose exact result leaves its dtype's range is refused, not wrapped around as numpy and
     * TensorFlow wrap it: each element's result is computed exactly in long arithmetic and checked first.
     */
    private static void requireIntegerResult(Op op, DType type, Tensor left, Tensor right) {
        long[] shape = right == null ? left.shape() : Shapes.broadcast(op.opName(), left.shape(), right.shape());
        long[] a = left.castTo(DType.INT64).broadcastTo(shape).toLongArray();
        long[] b = right == null ? null : right.castTo(DType.INT64).broadcastTo(shape).toLongArray();
        for (int i = 0; i < a.length; i++) {
            String outside;
            try {
                long exact = op == BinaryOp.ADD ? Math.addExact(a[i], b[i])
                        : op == BinaryOp.SUB ? Math.subtractExact(a[i], b[i])
                        : op == BinaryOp.MUL ? Math.multiplyExact(a[i], b[i])
                        : op == UnaryOp.NEG ? Math.negateExact(a[i])
                        : op == UnaryOp.ABS ? Math.absExact(a[i])
                        : Math.multiplyExact(a[i], a[i]);
                if (type.holds(exact)) {
                    continue;
                }
                outside = Long.toString(exact);
            } catch (ArithmeticException longOverflow) {
                outside = "a value beyond int64";
            }
            String operands = right == null ? Long.toString(a[i]) : a[i] + " and " + b[i];
            throw new ArithmeticException(op.opName() + ": " + operands + " (element " + i + ") gives "
                    + outside + ", which " + type + " cannot hold (" + formatIntegral(type.minValue()) + " to "
                    + formatIntegral(type.maxValue()) + "); fusenet refuses integer overflow rather than wrap around "
                    + "as numpy does. Cast an operand to a wider dtype first, e.g. castTo(DType."
                    + (type == DType.INT64 ? "FLOAT64" : "INT64") + ")");
        }
    }

    private DType promoteNumeric(String op, Tensor other) {
        DType common = DType.promote(dtype, other.dtype);
        if (common == DType.BOOL) {
            throw new IllegalArgumentException(op + ": arithmetic on bool tensors " + Shapes.format(shape()) + " and "
                    + Shapes.format(other.shape()) + " is not defined; cast them first, e.g. castTo(DType.INT32)");
        }
        return common;
    }

    private INDArray numericArray(String op) {
        INDArray values = toNd4j();
        return dtype == DType.BOOL || dtype == DType.FLOAT16 ? values.castTo(DataType.FLOAT) : values;
    }

    private INDArray flatAs(DataType type) {
        return Nd4jArrays.flat(Nd4jArrays.cast(toNd4j(), type));
    }

    private void requireRankAtLeast(String op, int rank) {
        if (rank() < rank) {
            throw new IllegalArgumentException(op + ": needs a tensor of rank " + rank + " or more, got "
                    + Shapes.format(shape()));
        }
    }

    private void requireNonEmptyAxis(String op, int axis) {
        if (shape()[axis] == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " of " + Shapes.format(shape())
                    + " is empty and has no extreme value");
        }
    }

    private int requireSingleElement(String op) {
        if (size() != 1) {
            throw new IllegalArgumentException(op + ": needs a tensor with one element, got "
                    + Shapes.format(shape()) + " with " + size());
        }
        return 0;
    }

    private static void requireFloatingPoint(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating-point dtype, got " + dtype);
        }
    }

    private static int[] distinctAxes(int[] axes, long[] shape, String shapes) {
        int[] normalised = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int axis = axes[i];
            if (axis < -shape.length || axis >= shape.length) {
                throw new IllegalArgumentException("tensordot: axis " + axis + " is out of range for "
                        + Shapes.format(shape) + ": " + shapes);
            }
            normalised[i] = axis < 0 ? axis + shape.length : axis;
        }
        if (IntStream.of(normalised).distinct().count() != normalised.length) {
            throw new IllegalArgumentException("tensordot: axes " + Arrays.toString(axes)
                    + " name an axis twice: " + shapes);
        }
        return normalised;
    }

    private static long[] withoutAxis(long[] shape, int axis) {
        long[] result = new long[shape.length - 1];
        System.arraycopy(shape, 0, result, 0, axis);
        System.arraycopy(shape, axis + 1, result, axis, shape.length - axis - 1);
        return result;
    }

    private static long[] checkShape(String op, long[] shape) {
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(op + ": sizes must be non-negative, got " + Shapes.format(shape));
            }
        }
        return shape;
    }

    private static long[] shapeFor(String op, int count, long[] shape) {
        if (shape.length == 0) {
            return new long[] {count};
        }
        checkShape(op, shape);
        if (Shapes.size(shape) != count) {
            throw new IllegalArgumentException(op + ": " + count + " values cannot fill shape " + Shapes.format(shape)
                    + " of " + Shapes.size(shape) + " elements");
        }
        return shape;
    }

    private static Tensor fromFlat(INDArray flat, long[] shape) {
        if (Shapes.size(shape) == 0) {
            return of(Nd4j.create(flat.dataType(), shape));
        }
        return of(Nd4jArrays.reshape(flat, shape));
    }
}
