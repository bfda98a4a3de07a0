package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.SplittableRandom;

/**
 * The weights of a layer whose work is one matrix product, a dense or a convolutional layer: the kernel as a
 * (rows, units) row-major matrix and the bias on the heap, where the optimizer updates them; a copy of the kernel
 * off-heap for the products; their gradients; and the optimizer's state. Allocated once, when the model is made.
 */
public abstract class WeightedLayer implements Layer {

    static {
        // Generated models may be the first to touch ND4J; loading it here keeps its start-up log quiet.
        dev.fusenet.runtime.tensor.Nd4jArrays.init();
    }

    private final String name;
    private final int units;
    private final boolean useBias;
    private final Activation activation;
    final float[] kernel;
    final float[] bias;
    final float[] kernelGradient;
    final float[] biasGradient;
    /** What the activation kernels add: the bias, or zeros for a layer without one. */
    private final float[] addedBias;
    final OffHeapMatrix kernelDevice;
    final OffHeapMatrix kernelGradientDevice;
    /** Each part's rows of the kernel and of its gradient, off-heap (see {@link Shards}). */
    private final OffHeapMatrix[] kernelParts;
    private final OffHeapMatrix[] kernelGradientParts;
    private final int kernelRows;
    /**
     * For layers whose shards each multiply their own rows into a whole kernel gradient (convolutions): each
     * shard's gradient off-heap, its rows per part, and a heap copy to add up.
     */
    private OffHeapMatrix[] kernelGradientShards;
    private OffHeapMatrix[][] kernelGradientShardParts;
    private float[][] kernelGradientShardValues;
    /** Each shard's column sums of its rows of dz: the bias gradient's parts, added up per part in the update. */
    private final float[][] biasPartials;
    float[][] kernelSlots;
    float[][] biasSlots;

    /** A layer whose kernel multiplies rows of {@code kernelRows} values into {@code units} outputs. */
    WeightedLayer(String name, int kernelRows, int units, boolean useBias, Activation activation) {
        this.name = name;
        this.units = units;
        this.useBias = useBias;
        this.activation = activation;
        this.kernel = new float[Math.multiplyExact(kernelRows, units)];
        this.bias = new float[useBias ? units : 0];
        this.kernelGradient = new float[kernel.length];
        this.biasGradient = new float[bias.length];
        this.addedBias = useBias ? bias : new float[units];
        this.kernelDevice = new OffHeapMatrix(kernelRows, units);
        this.kernelGradientDevice = new OffHeapMatrix(kernelRows, units);
        this.kernelRows = kernelRows;
        this.biasPartials = new float[Shards.COUNT][useBias ? units : 0];
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
    public abstract long[] kernelShape();

    /** Draws the initial weights from {@code random}: kernel, then bias. */
    public void initialise(Initializer kernelInitializer, Initializer biasInitializer, SplittableRandom random) {
        Initializers.fill(kernel, kernelInitializer, fanIn(), fanOut(), random);
        Initializers.fill(bias, biasInitializer, fanIn(), fanOut(), random);
        pushKernel();
    }

    /** Makes the optimizer's state buffers for this layer's weights. */
    public void attach(GradientOptimizer optimizer) {
        kernelSlots = optimizer.newSlots(kernel.length);
        biasSlots = optimizer.newSlots(bias.length);
    }

    /**
     * Part {@code part} of this step's weight gradients over the whole batch: kernel rows {@code [k0, k1)} =
     * {@code input[:, k0:k1]ᵀ · dz}, from {@code inputParts[part]} (the columns of the layer's input matrix
     * that meet those rows) and {@code dz} (the gradient with respect to the pre-activations, one row per
     * sample or per position), and the bias gradient's columns of the part, from the shards' sums.
     */
    void weightGradient(OffHeapMatrix[] inputParts, OffHeapMatrix dz, int part) {
        if (Shards.to(part, kernelRows) > Shards.from(part, kernelRows)) {
            Gemm.multiply(inputParts[part], true, dz, false, kernelGradientParts[part]);
            kernelGradientParts[part].push(kernelGradient);
        }
        sumBiasParts(part);
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
    }

    /** Makes the buffers of {@link #shardKernelGradient}; a layer that uses it calls this once. */
    void sumShardGradients() {
        kernelGradientShards = new OffHeapMatrix[Shards.COUNT];
        kernelGradientShardParts = new OffHeapMatrix[Shards.COUNT][Shards.COUNT];
        kernelGradientShardValues = new float[Shards.COUNT][kernel.length];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            kernelGradientShards[shard] = new OffHeapMatrix(kernelRows, units);
            for (int part = 0; part < Shards.COUNT; part++) {
                kernelGradientShardParts[shard][part] = kernelGradientShards[shard].rows(Shards.from(part,
                        kernelRows), Shards.to(part, kernelRows));
            }
        }
    }

    /** Part {@code part} of the weight gradients: the shards' kernel gradients added up, and the bias's. */
    void sumShardKernelGradients(int part) {
        int from = Shards.from(part, kernelRows) * units;
        int to = Shards.to(part, kernelRows) * units;
        java.util.Arrays.fill(kernelGradient, from, to, 0f);
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            float[] values = kernelGradientShardValues[shard];
            kernelGradientShardParts[shard][part].push(values);
            for (int i = from; i < to; i++) {
                kernelGradient[i] += values[i];
            }
        }
        sumBiasParts(part);
    }

    /** The bias gradient's columns of part {@code part}: the sum of the shards' column sums. */
    void sumBiasParts(int part) {
        if (useBias) {
            int from = Shards.from(part, units);
            int to = Shards.to(part, units);
            java.util.Arrays.fill(biasGradient, from, to, 0f);
            for (float[] partial : biasPartials) {
                for (int c = from; c < to; c++) {
                    biasGradient[c] += partial[c];
                }
            }
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
        float[] sums = biasPartials[shard];
        java.util.Arrays.fill(sums, 0f);
        for (int r = fromRow; r < toRow; r++) {
            int start = r * units;
            for (int c = 0; c < units; c++) {
                sums[c] += dz[start + c];
            }
        }
    }

    /**
     * Applies this step's update to part {@code part} of the kernel's rows and of the bias, from the gradients
     * the weight gradient left on the heap (inside the optimizer's step). The parts are disjoint, so the shards
     * update them at once.
     */
    public void update(GradientOptimizer optimizer, int part) {
        int from = Shards.from(part, kernelRows);
        int to = Shards.to(part, kernelRows);
        optimizer.update(kernel, kernelGradient, kernelSlots, from * units, (to - from) * units);
        if (useBias) {
            int first = Shards.from(part, units);
            optimizer.update(bias, biasGradient, biasSlots, first, Shards.to(part, units) - first);
        }
        kernelParts[part].pull(kernel);
    }

    /**
     * Applies this step's update from gradients computed elsewhere, e.g. by a {@code GradientTape} (inside the
     * optimizer's step). The same optimizer kernel runs on the same buffers.
     */
    public void update(GradientOptimizer optimizer, Tensor kernelGradient, Tensor biasGradient) {
        copyGradient(kernelGradient, this.kernelGradient, "kernel");
        if (useBias) {
            copyGradient(biasGradient, this.biasGradient, "bias");
        }
        applyUpdate(optimizer);
    }

    private void copyGradient(Tensor gradient, float[] into, String weight) {
        float[] values = gradient.castTo(dev.fusenet.runtime.DType.FLOAT32).toFloatArray();
        if (values.length != into.length) {
            throw new IllegalArgumentException("layer " + name + ": the " + weight + " gradient has "
                    + values.length + " values, but the " + weight + " has " + into.length);
        }
        System.arraycopy(values, 0, into, 0, into.length);
    }

    private void applyUpdate(GradientOptimizer optimizer) {
        optimizer.update(kernel, kernelGradient, kernelSlots, 0, kernel.length);
        if (useBias) {
            optimizer.update(bias, biasGradient, biasSlots, 0, bias.length);
        }
        pushKernel();
    }

    /**
     * The live bias values the forward pass adds (zeros for a layer without a bias), for generated code; users
     * read the weights through {@link #bias()}.
     */
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

    public float[] biasBuffer() {
        return addedBias;
    }

    /** A copy of the kernel's gradient from the last training step, shaped as the kernel. */
    public Tensor kernelGradient() {
        return Tensor.of(kernelGradient.clone(), kernelShape());
    }

    /**
     * A copy of the bias's gradient from the last training step, shaped (units).
     *
     * @throws IllegalStateException for a layer without a bias
     */
    public Tensor biasGradient() {
        requireBias();
        return Tensor.of(biasGradient.clone(), units);
    }

    /** Copies the heap kernel to its off-heap twin after it changed. */
    void pushKernel() {
        kernelDevice.pull(kernel);
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

    @Override
    public long parameterCount() {
        return (long) kernel.length + bias.length;
    }

    @Override
    public Tensor kernel() {
        return Tensor.of(kernel.clone(), kernelShape());
    }

    @Override
    public Tensor bias() {
        requireBias();
        return Tensor.of(bias.clone(), units);
    }

    private void requireBias() {
        if (!useBias) {
            throw new IllegalStateException("layer " + name + " has no bias (useBias = false)");
        }
    }

    /** The raw buffers, for saving and restoring: kernel, bias, then each slot of each. */
    float[][] state() {
        float[][] state = new float[2 + kernelSlots.length + biasSlots.length][];
        state[0] = kernel;
        state[1] = bias;
        System.arraycopy(kernelSlots, 0, state, 2, kernelSlots.length);
        System.arraycopy(biasSlots, 0, state, 2 + kernelSlots.length, biasSlots.length);
        return state;
    }
}
