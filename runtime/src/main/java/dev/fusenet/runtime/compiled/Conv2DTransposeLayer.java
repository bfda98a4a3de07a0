package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A transposed convolution of a compiled model, as Keras's Conv2DTranspose: the input-gradient side of the
 * convolution it transposes, a {@link Conv2DLayer} from this layer's output shape back to its input shape whose
 * kernel, (kh · kw · filters, in), is Keras's (kh, kw, filters, in) read row-major. Forward: the input's rows
 * times the kernel's transpose, (rows · inPositions, kh · kw · filters), summed onto the output pixels each window
 * covers (col2im). Backward: the output gradient's windows gathered (im2col), times the kernel for the input's
 * gradient, and their transpose times the input for the kernel's. The bias, per filter, is this layer's own.
 */
public final class Conv2DTransposeLayer implements InterpretedLayer {

    private final String name;
    private final Conv2DLayer inner;
    private final int channels;
    private final int inPositions;
    private final int outPositions;
    private final int filters;
    private final long[] outputShape;
    private final Activation activation;
    private final Weight biasWeight;
    private final float[] addedBias;
    private final ShardSums biasPartials;
    private final List<Weight> weights;

    /** The working memory of one batch size: the input and its gradient off-heap, and the windows' buffers. */
    public static final class Work {
        final OffHeapMatrix[] input;
        final OffHeapMatrix[] inputGradient;
        final PatchBuffers windows;

        /** For batches of {@code rows}: {@code positions} input pixels of {@code channels}, windows of {@code patch}. */
        public Work(int rows, int positions, int channels, int patch) {
            OffHeapMatrix values = new OffHeapMatrix(Math.multiplyExact(rows, positions), channels);
            OffHeapMatrix gradient = new OffHeapMatrix(Math.multiplyExact(rows, positions), channels);
            this.input = new OffHeapMatrix[Shards.COUNT];
            this.inputGradient = new OffHeapMatrix[Shards.COUNT];
            for (int shard = 0; shard < Shards.COUNT; shard++) {
                int from = Shards.from(shard, rows) * positions;
                int to = Shards.to(shard, rows) * positions;
                input[shard] = values.rows(from, to);
                inputGradient[shard] = gradient.rows(from, to);
            }
            this.windows = PatchBuffers.whole(rows, positions, patch);
        }
    }

    public Conv2DTransposeLayer(String name, Shape input, int filters, Window window, Shape output, boolean useBias,
                                Activation activation) {
        this.name = name;
        this.channels = input.dim(2);
        this.filters = filters;
        this.activation = activation;
        this.inner = new Conv2DLayer(name, output, channels, window, false, Activation.LINEAR);
        inner.readKernelOffHeap(); // its products are OpenBLAS's (Gemm) under either choice
        this.inPositions = input.dim(0) * input.dim(1);
        this.outPositions = output.dim(0) * output.dim(1);
        this.outputShape = new long[] {output.dim(0), output.dim(1), filters};
        this.biasWeight = useBias ? new Weight("bias", new long[] {filters}, true) : null;
        this.addedBias = useBias ? biasWeight.values : new float[filters];
        this.biasPartials = new ShardSums(filters);
        this.weights = useBias ? List.of(inner.weights().get(0), biasWeight) : List.of(inner.weights().get(0));
    }

    /** Draws the kernel then the bias from {@code random}, with Keras's fans for a (kh, kw, filters, in) kernel. */
    public void initialise(Initializer kernelInitializer, Initializer biasInitializer, SplittableRandom random) {
        inner.initialise(kernelInitializer, Initializer.ZEROS, random);
        if (biasWeight != null) {
            Initializers.fill(biasWeight.values, biasInitializer, inner.fanIn(), inner.fanOut(), random);
        }
    }

    /** Shard {@code shard}'s samples: {@code out.z} = each input pixel's windows summed onto the output, no bias. */
    public void forward(float[] in, Work work, LayerBuffers out, int shard) {
        int from = Shards.from(shard, out.rows);
        int to = Shards.to(shard, out.rows);
        work.input[shard].pull(in);
        OffHeapMatrix spread = work.windows.gradientDeviceShards[shard];
        Gemm.multiply(work.input[shard], false, inner.kernelDevice, true, spread);
        spread.push(work.windows.gradient);
        inner.scatter(work.windows.gradient, out.z, from, to);
    }

    /**
     * Shard {@code shard}'s samples, from {@code out.gradient} (with respect to the pre-activations): the shard's
     * kernel and bias gradients and, where {@code inGradient} is not null, the input's gradient, written.
     */
    public void backward(float[] in, Work work, LayerBuffers out, float[] inGradient, int shard) {
        int from = Shards.from(shard, out.rows);
        int to = Shards.to(shard, out.rows);
        inner.gather(out.gradient, work.windows.patches, from, to);
        OffHeapMatrix windows = work.windows.deviceShards[shard];
        windows.pull(work.windows.patches);
        // the kernel's gradient: the output gradient's windows, transposed, times the input (whose rows the forward
        // pulled in)
        inner.shardKernelGradient(windows, work.input[shard], shard);
        if (inGradient != null) {
            Gemm.multiply(windows, false, inner.kernelDevice, false, work.inputGradient[shard]);
            work.inputGradient[shard].push(inGradient);
        }
        if (biasWeight != null) {
            biasPartials.columnSums(shard, out.gradient, from * outPositions, to * outPositions);
        }
    }

    /** Part {@code part} of the kernel's rows and of the bias, for a batch of {@code rows}: the shards' sums. */
    public void weightGradient(int rows, int part) {
        inner.sumShardKernelGradients(part, rows);
        if (biasWeight != null) {
            biasPartials.sumInto(biasWeight.gradient, Shards.from(part, filters), Shards.to(part, filters), rows);
        }
    }

    @Override
    public void update(dev.fusenet.runtime.optimizers.GradientOptimizer optimizer, int part) {
        inner.update(optimizer, part);
        if (biasWeight != null) {
            biasWeight.update(optimizer, part);
        }
    }

    /** What the activation kernels add to {@code z}: the bias, or zeros. */
    public float[] biasBuffer() {
        return addedBias;
    }

    public Activation activation() {
        return activation;
    }

    /** Where the transposed convolution's windows land on this layer's output: sizes, strides and padding. */
    public Window.Placement placement() {
        return inner.placement();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Conv2DTranspose";
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public List<Weight> weights() {
        return weights;
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public LayerBuffers outputBuffers(ModelPlan.Step step, int rows) {
        return new LayerBuffers(rows, Math.toIntExact(step.output().size()), filters);
    }

    @Override
    public Object workspace(ModelPlan.Step step, int rows) {
        return new Work(rows, inPositions, channels, Math.toIntExact(inner.kernelShape()[0] * inner.kernelShape()[1]
                * filters));
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        LayerBuffers out = memory.out;
        forward(memory.in(), (Work) memory.workspace, out, shard);
        ActivationKernels.forward(activation, out.z, addedBias, out.a, from * outPositions, to * outPositions,
                filters);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        ActivationKernels.backward(activation, out.z, out.a, out.gradient, from * outPositions, to * outPositions,
                filters);
        backward(memory.in(), (Work) memory.workspace, out,
                memory.step.passesGradient() ? memory.gradientTarget.gradient : null, shard);
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        weightGradient(memory.out.rows, part);
    }

    /** The layer of a plan's transposed convolution step, its weights drawn from {@code random}. */
    static Conv2DTransposeLayer of(ModelPlan.Step step, SplittableRandom random) {
        Conv2DTransposeSpec spec = (Conv2DTransposeSpec) step.layer();
        Conv2DTransposeLayer made = new Conv2DTransposeLayer(spec.name(), step.input(), spec.filters(),
                spec.window(), step.output(), spec.useBias(), spec.activation());
        made.initialise(spec.kernelInitializer(), spec.biasInitializer(), random);
        return made;
    }
}
