package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The weights of a layer whose work is one matrix product, a dense or a convolutional layer: its {@link Weight}s
 * {@code kernel}, seen here as a (rows, units) row-major matrix, and {@code bias}, on the heap where the optimizer
 * updates them; a copy of the kernel off-heap for the products, and the shards' parts of the gradients. Allocated
 * once, when the model is made.
 */
public abstract class WeightedLayer implements InterpretedLayer {

    static {
        // Generated models may be the first to touch ND4J; loading it here keeps its start-up log quiet.
        dev.fusenet.runtime.tensor.Nd4jArrays.init();
    }

    private final String name;
    private final int units;
    private final boolean useBias;
    private final Activation activation;
    private final Weight kernelWeight;
    /** The bias, or null for a layer without one. */
    private final Weight biasWeight;
    private final List<Weight> weights;
    /** The kernel's and the bias's values and gradients, as the products and kernels read them. */
    final float[] kernel;
    final float[] bias;
    final float[] kernelGradient;
    final float[] biasGradient;
    /** What the activation kernels add: the bias, or zeros for a layer without one. */
    private final float[] addedBias;
    final OffHeapMatrix kernelDevice;
    /**
     * The kernel packed for {@link PackedProducts}, refreshed whenever the kernel changes (after an update, a load
     * or a {@code setWeights}), or null where {@link Products#PACKED} is false.
     */
    private final float[] kernelPacked;
    /** The kernel's transpose packed the same way, for the input gradient {@code dz · kernelᵀ}, or null. */
    private final float[] kernelTransposedPacked;
    /**
     * Whether a backward pass has asked for the input gradient: only then do the optimizer's steps repack the
     * transpose (a model's first layer never needs it, and transposing a 784×512 kernel every step cost more than
     * its product saved). Set by the shards in the backward pass, read in the update after they meet.
     */
    private volatile boolean transposeWanted;
    /** Whether {@link #kernelTransposedPacked} holds the current kernel. */
    private volatile boolean transposeCurrent;
    final OffHeapMatrix kernelGradientDevice;
    /** Each part's rows of the kernel and of its gradient, off-heap (see {@link Shards}). */
    private final OffHeapMatrix[] kernelParts;
    /**
     * Whether a product reads {@link #kernelDevice}: always under OpenBLAS; under the packed kernels only where a
     * layer built on this one multiplies through OpenBLAS ({@link #readKernelOffHeap}), so that an optimizer step
     * does not copy every kernel off-heap for nothing.
     */
    private boolean kernelReadOffHeap = !Products.PACKED;
    private final OffHeapMatrix[] kernelGradientParts;
    private final int kernelRows;
    /**
     * For layers whose shards each multiply their own rows into a whole kernel gradient (convolutions): each
     * shard's gradient off-heap, its rows per part, and a heap copy to add up.
     */
    private OffHeapMatrix[] kernelGradientShards;
    private OffHeapMatrix[][] kernelGradientShardParts;
    private float[][] kernelGradientShardValues;
    /** Whether shard s's last kernel gradient was written on the heap (else off-heap, to be copied in the sum). */
    private boolean[] kernelGradientShardOnHeap;
    /** Each shard's block-by-block sums of a kernel gradient narrower than a vector ({@link #shardKernelSums}). */
    private float[][] narrowKernelSums;
    /** Each shard's column sums of its rows of dz: the bias gradient's parts, added up per part in the update. */
    private final ShardSums biasPartials;

    /**
     * A layer whose kernel, of {@code kernelShape} as Keras stores it ((inputs, units), or (kh, kw, in, units)),
     * multiplies rows of all but its last dimension's values into {@code units} outputs.
     */
    WeightedLayer(String name, long[] kernelShape, boolean useBias, Activation activation) {
        this(name, "kernel", kernelShape, useBias, activation);
    }

    /** As above, the kernel's weight named {@code kernelName} (a separable convolution's {@code pointwise_kernel}). */
    WeightedLayer(String name, String kernelName, long[] kernelShape, boolean useBias, Activation activation) {
        this.name = name;
        this.units = Math.toIntExact(kernelShape[kernelShape.length - 1]);
        this.useBias = useBias;
        this.activation = activation;
        this.kernelWeight = new Weight(kernelName, kernelShape, true, this::pushKernel);
        this.biasWeight = useBias ? new Weight("bias", new long[] {units}, true) : null;
        this.weights = useBias ? List.of(kernelWeight, biasWeight) : List.of(kernelWeight);
        this.kernel = kernelWeight.values;
        this.bias = useBias ? biasWeight.values : new float[0];
        this.kernelGradient = kernelWeight.gradient;
        this.biasGradient = useBias ? biasWeight.gradient : new float[0];
        int kernelRows = kernel.length / units;
        this.addedBias = useBias ? bias : new float[units];
        this.kernelDevice = new OffHeapMatrix(kernelRows, units);
        this.kernelPacked = Products.PACKED ? new float[PackedProducts.packedSize(kernelRows, units)] : null;
        this.kernelTransposedPacked = Products.PACKED ? new float[PackedProducts.packedSize(units, kernelRows)]
                : null;
        this.kernelGradientDevice = new OffHeapMatrix(kernelRows, units);
        this.kernelRows = kernelRows;
        this.biasPartials = new ShardSums(useBias ? units : 0);
        this.kernelParts = new OffHeapMatrix[Shards.COUNT];
        this.kernelGradientParts = new OffHeapMatrix[Shards.COUNT];
        for (int part = 0; part < Shards.COUNT; part++) {
            int from = Shards.from(part, kernelRows);
            int to = Shards.to(part, kernelRows);
            kernelParts[part] = kernelDevice.rows(from, to);
            kernelGradientParts[part] = kernelGradientDevice.rows(from, to);
        }
    }

    /** The fan-in and fan-out the variance-scaling initializers use, as Keras computes them for this kind. */
    abstract int fanIn();

    abstract int fanOut();

    /** The kernel's shape as Keras stores it, e.g. (inputs, units) or (kh, kw, in, out). */
    public final long[] kernelShape() {
        return kernelWeight.shape();
    }

    @Override
    public List<Weight> weights() {
        return weights;
    }

    /** Draws the initial weights from {@code random}: kernel, then bias. */
    public void initialise(Initializer kernelInitializer, Initializer biasInitializer, SplittableRandom random) {
        Initializers.fill(kernel, kernelInitializer, fanIn(), fanOut(), random);
        Initializers.fill(bias, biasInitializer, fanIn(), fanOut(), random);
        pushKernel();
    }

    /**
     * Part {@code part} of this step's weight gradients over the whole batch: kernel rows {@code [k0, k1)} =
     * {@code input[:, k0:k1]ᵀ · dz}, from {@code inputParts[part]} (the columns of the layer's input matrix
     * that meet those rows) and {@code dz} (the gradient with respect to the pre-activations, one row per
     * sample or per position), and the bias gradient's columns of the part, from the shards' sums.
     */
    void weightGradient(OffHeapMatrix[] inputParts, OffHeapMatrix dz, int part, int rows) {
        if (Shards.to(part, kernelRows) > Shards.from(part, kernelRows)) {
            Gemm.multiply(inputParts[part], true, dz, false, kernelGradientParts[part]);
            kernelGradientParts[part].push(kernelGradient);
        }
        sumBiasParts(part, rows);
    }

    /**
     * {@link #weightGradient(OffHeapMatrix[], OffHeapMatrix, int, int)} with the packed kernels' products, from the
     * heap: {@code input} holds {@code rows} rows of the kernel's row count of values, {@code dz} {@code rows} rows
     * of {@link #units()}.
     */
    void weightGradient(float[] input, float[] dz, int part, int rows) {
        int from = Shards.from(part, kernelRows);
        int to = Shards.to(part, kernelRows);
        if (to > from) {
            PackedProducts.multiplyTransposed(input, from, kernelRows, to - from, rows, dz, 0, units, units,
                    kernelGradient, from * units);
        }
        sumBiasParts(part, rows);
    }

    /**
     * Shard {@code shard}'s whole kernel gradient from its own rows, {@code inputᵀ · dz}: for a convolution,
     * whose kernel is small next to its patches, each shard reads only the rows it has just computed, where
     * splitting the kernel's rows made both read every row. {@link #sumShardKernelGradients} adds them up.
     */
    void shardKernelGradient(OffHeapMatrix input, OffHeapMatrix dz, int shard) {
        if (kernelGradientShards == null) {
            throw new IllegalStateException("layer " + name + " sums no shard gradients");
        }
        Gemm.multiply(input, true, dz, false, kernelGradientShards[shard]);
        kernelGradientShardOnHeap[shard] = false;
    }

    /**
     * {@link #shardKernelGradient(OffHeapMatrix, OffHeapMatrix, int)} with the packed kernels' product, on the
     * heap: {@code rows} rows of {@code input} (the kernel's row count of values each) from {@code inputOffset},
     * and of {@code dz} ({@link #units()} each) from {@code dzOffset}.
     */
    void shardKernelGradient(float[] input, int inputOffset, float[] dz, int dzOffset, int rows, int shard) {
        if (kernelGradientShards == null) {
            throw new IllegalStateException("layer " + name + " sums no shard gradients");
        }
        PackedProducts.multiplyTransposed(input, inputOffset, kernelRows, kernelRows, rows, dz, dzOffset, units,
                units, kernelGradientShardValues[shard], 0);
        kernelGradientShardOnHeap[shard] = true;
    }

    /**
     * Starts shard {@code shard}'s kernel gradient summed over blocks of its rows in order
     * ({@link #addShardKernelGradient}, then {@link #endShardKernelGradient}): a convolution that gathers its
     * patches a block at a time, so that they stay in cache. The same bits as {@link #shardKernelGradient} over
     * all the rows at once.
     */
    void beginShardKernelGradient(int shard) {
        java.util.Arrays.fill(shardKernelSums(shard), 0f);
    }

    /** Adds {@code inputᵀ · dz} of {@code rows} more rows to shard {@code shard}'s kernel gradient. */
    void addShardKernelGradient(float[] input, int inputOffset, float[] dz, int dzOffset, int rows, int shard) {
        PackedProducts.addTransposed(input, inputOffset, kernelRows, kernelRows, rows, dz, dzOffset, units, units,
                shardKernelSums(shard), 0, PackedProducts.accumulatorStride(units));
    }

    /** Ends shard {@code shard}'s kernel gradient: in the layout {@link #sumShardKernelGradients} adds up. */
    void endShardKernelGradient(int shard) {
        float[] sums = shardKernelSums(shard);
        float[] values = kernelGradientShardValues[shard];
        if (sums != values) {
            int stride = PackedProducts.accumulatorStride(units);
            for (int row = 0; row < kernelRows; row++) {
                System.arraycopy(sums, row * stride, values, row * units, units);
            }
        }
        kernelGradientShardOnHeap[shard] = true;
    }

    /**
     * Where shard {@code shard} sums its kernel gradient block by block: its heap values, or, for fewer units than
     * a vector, rows a whole vector apart (made on first use, by that shard alone).
     */
    private float[] shardKernelSums(int shard) {
        if (kernelGradientShardValues == null) {
            throw new IllegalStateException("layer " + name + " sums no shard gradients");
        }
        int stride = PackedProducts.accumulatorStride(units);
        if (stride == units) {
            return kernelGradientShardValues[shard];
        }
        if (narrowKernelSums[shard] == null) {
            narrowKernelSums[shard] = new float[Math.multiplyExact(kernelRows, stride)];
        }
        return narrowKernelSums[shard];
    }

    /** Makes the buffers of {@link #shardKernelGradient}; a layer that uses it calls this once. */
    void sumShardGradients() {
        kernelGradientShards = new OffHeapMatrix[Shards.COUNT];
        kernelGradientShardParts = new OffHeapMatrix[Shards.COUNT][Shards.COUNT];
        kernelGradientShardValues = new float[Shards.COUNT][kernel.length];
        kernelGradientShardOnHeap = new boolean[Shards.COUNT];
        narrowKernelSums = new float[Shards.COUNT][];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            kernelGradientShards[shard] = new OffHeapMatrix(kernelRows, units);
            for (int part = 0; part < Shards.COUNT; part++) {
                kernelGradientShardParts[shard][part] = kernelGradientShards[shard].rows(Shards.from(part,
                        kernelRows), Shards.to(part, kernelRows));
            }
        }
    }

    /**
     * Part {@code part} of the weight gradients of a batch of {@code rows}: the shards' kernel gradients added up,
     * and the bias's. A shard without rows ran no backward, so what its buffers hold is an earlier batch's.
     */
    void sumShardKernelGradients(int part, int rows) {
        int from = Shards.from(part, kernelRows) * units;
        int to = Shards.to(part, kernelRows) * units;
        java.util.Arrays.fill(kernelGradient, from, to, 0f);
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            if (Shards.from(shard, rows) == Shards.to(shard, rows)) {
                continue;
            }
            float[] values = kernelGradientShardValues[shard];
            if (!kernelGradientShardOnHeap[shard]) {
                kernelGradientShardParts[shard][part].push(values);
            }
            for (int i = from; i < to; i++) {
                kernelGradient[i] += values[i];
            }
        }
        sumBiasParts(part, rows);
    }

    /**
     * The bias gradient's columns of part {@code part}: the sum of the column sums of the shards that had rows of
     * the batch of {@code rows}.
     */
    void sumBiasParts(int part, int rows) {
        if (useBias) {
            biasPartials.sumInto(biasGradient, Shards.from(part, units), Shards.to(part, units), rows);
        }
    }

    /**
     * In the backward pass of shard {@code shard}: the column sums of rows {@code [fromRow, toRow)} of
     * {@code dz}, that shard's part of the bias gradient. One pass over whole rows, which the JIT vectorizes;
     * summing a part's columns over every row in the update was a short inner loop per row.
     */
    void sumBiasGradient(float[] dz, int fromRow, int toRow, int shard) {
        if (!useBias) {
            return;
        }
        biasPartials.columnSums(shard, dz, fromRow, toRow);
    }

    /**
     * Applies this step's update to part {@code part} of the kernel's rows and of the bias, from the gradients
     * the weight gradient left on the heap (inside the optimizer's step). The parts are disjoint, so the shards
     * update them at once.
     */
    @Override
    public void update(GradientOptimizer optimizer, int part) {
        kernelWeight.update(optimizer, part);
        if (useBias) {
            biasWeight.update(optimizer, part);
        }
        if (kernelReadOffHeap) {
            kernelParts[part].pull(kernel);
        }
        if (kernelPacked != null) {
            int from = Shards.from(part, kernelRows);
            int to = Shards.to(part, kernelRows);
            PackedProducts.pack(kernel, kernelRows, units, from, to, kernelPacked);
            if (transposeWanted) {
                PackedProducts.packTransposed(kernel, kernelRows, units, from, to, kernelTransposedPacked);
            } else {
                transposeCurrent = false;
            }
        }
    }

    /**
     * {@code z[zOffset ..] = input[inputOffset ..] · kernel} for {@code rows} rows of the kernel's row count of
     * values each: the forward product, through the packed kernel or OpenBLAS ({@link Products}). {@code device}
     * and {@code zDevice} are the same rows off-heap, which OpenBLAS multiplies ({@code device} already holding
     * them); the packed kernel reads and writes the heap arrays directly.
     */
    final void multiplyByKernel(float[] input, int inputOffset, OffHeapMatrix device, int rows, float[] z,
                                int zOffset, OffHeapMatrix zDevice) {
        if (rows == 0) {
            return;
        }
        if (kernelPacked != null) {
            PackedProducts.multiplyOnBothCores(input, inputOffset, rows, kernelRows, kernelPacked, units, z, zOffset);
        } else {
            Gemm.multiply(device, false, kernelDevice, false, zDevice);
            zDevice.push(z);
        }
    }

    /**
     * {@code dx[dxOffset ..] = dz[dzOffset ..] · kernelᵀ} for {@code rows} rows of {@link #units()} values each:
     * the input gradient's product with the packed transpose, on the heap; only where {@link Products#PACKED}.
     */
    final void multiplyByKernelTransposed(float[] dz, int dzOffset, int rows, float[] dx, int dxOffset) {
        transposeWanted = true;
        if (!transposeCurrent) {
            throw new IllegalStateException("layer " + name + ": an input gradient was asked for after its weights "
                    + "were updated without one, so the packed transpose is stale");
        }
        if (rows > 0) {
            PackedProducts.multiply(dz, dzOffset, rows, units, kernelTransposedPacked, kernelRows, dx, dxOffset);
        }
    }

    /**
     * The bias and activation on values {@code [from, to)} of {@code out}'s pre-activations, in one pass, or with
     * {@code biasOnly} just the bias (the loss fuses the activation).
     */
    final void activate(LayerBuffers out, int from, int to, boolean biasOnly) {
        if (biasOnly) {
            ActivationKernels.addBias(out.z, biasBuffer(), from, to, units());
        } else {
            ActivationKernels.forward(activation(), out.z, biasBuffer(), out.a, from, to, units());
        }
    }

    /**
     * The live bias values the forward pass adds (zeros for a layer without a bias), for generated code; users
     * read the weights through {@link #bias()}.
     */
    public float[] biasBuffer() {
        return addedBias;
    }

    /**
     * Keeps {@link #kernelDevice} current under the packed kernels too, for a layer that multiplies by it through
     * OpenBLAS; called once, where the layer is made.
     */
    void readKernelOffHeap() {
        kernelReadOffHeap = true;
        kernelDevice.pull(kernel);
    }

    /** Refreshes the kernel's other forms after it changed: packed, and off-heap where a product reads it. */
    void pushKernel() {
        if (kernelReadOffHeap) {
            kernelDevice.pull(kernel);
        }
        if (kernelPacked != null) {
            PackedProducts.pack(kernel, kernelRows, units, 0, kernelRows, kernelPacked);
            PackedProducts.packTransposed(kernel, kernelRows, units, 0, kernelRows, kernelTransposedPacked);
            transposeCurrent = true;
        }
    }

    /** The number of outputs per position: a dense layer's units, a convolution's filters. */
    public int units() {
        return units;
    }

    public boolean useBias() {
        return useBias;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String name() {
        return name;
    }
}
