package dev.fusenet.runtime.compiled;

import java.util.SplittableRandom;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;

/**
 * A 2D convolution of a compiled model over channels-last images, computed as one matrix product: the input's
 * windows gathered into a patch matrix (im2col), times the kernel, a (kernelHeight · kernelWidth · channels,
 * filters) matrix, which is the Keras kernel (kh, kw, in, out) read row-major. Forward and backward are here side
 * by side, each on one shard's samples, and the weight gradient on one part of the kernel's rows over the whole
 * batch (see {@link Shards}); the bias and activation are {@link ActivationKernels}, over (batch · positions,
 * filters).
 */
public final class Conv2DLayer extends WeightedLayer implements InterpretedLayer {

    private final Shape input;
    private final Window.Placement at;
    private final int channels;
    private final int patchSize;
    private final int positions;
    /**
     * Whether every window is one input pixel (1×1, strides 1, no padding or dilation): the patch matrix would be
     * the input itself, so under the packed products the layer multiplies the input where it is and writes the
     * input's gradient straight from its product, with no im2col or col2im (the same values: col2im added each
     * to a zero).
     */
    private final boolean pixelWindows;
    /** A convolution of {@code filters} kernels of {@code window} over inputs of shape {@code input}. */
    public Conv2DLayer(String name, Shape input, int filters, Window window, boolean useBias,
                       Activation activation) {
        this(name, "kernel", input, filters, window, useBias, activation);
    }

    /** As above, the kernel's weight named {@code kernelName}: a separable convolution's 1×1 stage. */
    Conv2DLayer(String name, String kernelName, Shape input, int filters, Window window, boolean useBias,
                Activation activation) {
        super(name, kernelName, new long[] {window.height(), window.width(), input.dim(2), filters}, useBias,
                activation);
        this.input = input;
        this.at = window.over(input.dim(0), input.dim(1));
        this.channels = input.dim(2);
        this.patchSize = window.height() * window.width() * channels;
        this.positions = at.outputHeight() * at.outputWidth();
        this.pixelWindows = Products.PACKED && at.height() == 1 && at.width() == 1 && at.strideHeight() == 1
                && at.strideWidth() == 1 && at.padTop() == 0 && at.padLeft() == 0
                && at.outputHeight() == at.inputHeight() && at.outputWidth() == at.inputWidth();
        sumShardGradients();
    }

    @Override
    int fanIn() {
        return at.height() * at.width() * channels;
    }

    @Override
    int fanOut() {
        return at.height() * at.width() * units();
    }

    @Override
    public String type() {
        return "Conv2D";
    }

    @Override
    public long[] outputShape() {
        return new long[] {at.outputHeight(), at.outputWidth(), units()};
    }

    /** The shape of one input sample. */
    /** Where the kernel's window lands on the input: sizes, strides and padding. */
    public Window.Placement placement() {
        return at;
    }

    public Shape inputShape() {
        return input;
    }

    /** Output positions per sample, outHeight · outWidth. */
    public int positions() {
        return positions;
    }

    /** Patch buffers for batches of {@code rows} samples. */
    public PatchBuffers patchBuffers(int rows, boolean withGradient) {
        return new PatchBuffers(rows, positions, patchSize, withGradient);
    }

    /**
     * {@code out.z = patches(in) · kernel}, (rows · positions, filters), on shard {@code shard}'s samples of
     * {@code in}. The bias is added by the activation's forward, in the same pass as the activation. Under the
     * packed products the patches are gathered a block of windows at a time, each multiplied while it is in cache
     * ({@link PatchBuffers}); the backward gathers them again.
     */
    public void forward(float[] in, PatchBuffers work, LayerBuffers out, int shard) {
        int from = Shards.from(shard, out.rows) * positions;
        int to = Shards.to(shard, out.rows) * positions;
        if (!pixelWindows && work.device == null && PackedProducts.worthSplittingRows(to - from, patchSize, units())
                && Shards.claimIdleWorker()) {
            // one sample's forward pass, on the caller alone: the cores share its windows, each gathering and
            // multiplying its own. (Splitting only the product made the other core read its half of the patches
            // from this core's cache, nine times the input for 3×3 windows: a one-image convnet took 86 µs, 68 on
            // one core.)
            SplitForward split = SPLIT;
            split.set(this, in, work, out, from, to);
            try {
                split.runShared((to - from + SplitForward.WINDOWS - 1) / SplitForward.WINDOWS, 0);
            } finally {
                split.clear();
            }
            return;
        }
        forwardWindows(in, work, out, shard, from, to);
    }

    /** The windows a {@link #forward} shares: used only by the thread that holds the worker. */
    private static final SplitForward SPLIT = new SplitForward();

    /** One sample's convolution as parts of {@link #WINDOWS} windows, each gathered and multiplied by one core. */
    private static final class SplitForward extends SharedParts {
        /** Windows a part: four of the product's tiles, so that the two cores finish within a few of each other. */
        static final int WINDOWS = 24;
        private Conv2DLayer layer;
        private float[] in;
        private PatchBuffers work;
        private LayerBuffers out;
        private int from;
        private int to;

        void set(Conv2DLayer layer, float[] in, PatchBuffers work, LayerBuffers out, int from, int to) {
            this.layer = layer;
            this.in = in;
            this.work = work;
            this.out = out;
            this.from = from;
            this.to = to;
        }

        /** Lets go of the buffers, so that a model that is no longer used is not kept alive through them. */
        void clear() {
            layer = null;
            in = null;
            work = null;
            out = null;
        }

        @Override
        void part(int part, int shard) {
            int first = from + part * WINDOWS;
            layer.forwardWindows(in, work, out, shard, first, Math.min(to, first + WINDOWS));
        }
    }

    /** Windows {@code [from, to)} (numbered over the batch) gathered and multiplied with shard {@code shard}'s buffers. */
    private void forwardWindows(float[] in, PatchBuffers work, LayerBuffers out, int shard, int from, int to) {
        if (pixelWindows) {
            multiplyByKernel(in, from * patchSize, null, to - from, out.z, from * units(), null);
        } else if (work.blocked) {
            float[] block = work.block(shard);
            for (int first = from; first < to; first += work.blockWindows) {
                int last = Math.min(to, first + work.blockWindows);
                gatherWindows(in, block, first, last);
                multiplyByKernel(block, 0, null, last - first, out.z, first * units(), null);
            }
        } else {
            gatherWindows(in, work.patches, from * patchSize, from, to);
            if (work.device != null) {
                work.deviceShards[shard].pull(work.patches);
            }
            multiplyByKernel(work.patches, from * patchSize, work.deviceShards[shard], to - from, out.z,
                    from * units(), out.devicePerPositionShards[shard]);
        }
    }

    /**
     * On shard {@code shard}'s rows of {@code out.gradient}, the gradient with respect to the pre-activations:
     * the shard's kernel gradient {@code patchesᵀ · dZ} from its own rows, and its part of the bias gradient.
     * The layer's input, {@code in}, gets no gradient.
     */
    public void backward(float[] in, PatchBuffers work, LayerBuffers out, int shard) {
        backward(in, work, out, null, shard);
    }

    /**
     * {@link #backward(float[], PatchBuffers, LayerBuffers, int)}, then, where {@code inGradient} is not null, the
     * gradient with respect to the input on the shard's samples: {@code dZ · kernelᵀ}, the patches' gradient,
     * summed back onto the pixels each window read (col2im), into {@code inGradient}.
     */
    public void backward(float[] in, PatchBuffers work, LayerBuffers out, float[] inGradient, int shard) {
        int from = Shards.from(shard, out.rows) * positions;
        int to = Shards.to(shard, out.rows) * positions;
        if (pixelWindows) {
            shardKernelGradient(in, from * patchSize, out.gradient, from * units(), to - from, shard);
            if (inGradient != null) {
                multiplyByKernelTransposed(out.gradient, from * units(), to - from, inGradient, from * patchSize);
            }
        } else if (work.blocked) {
            backwardBlocks(in, work, out, inGradient, shard, from, to);
        } else if (work.device == null) {
            // the forward's patches, kept whole
            shardKernelGradient(work.patches, from * patchSize, out.gradient, from * units(), to - from, shard);
            if (inGradient != null) {
                multiplyByKernelTransposed(out.gradient, from * units(), to - from, work.gradient, from * patchSize);
                scatter(work.gradient, inGradient, Shards.from(shard, out.rows), Shards.to(shard, out.rows));
            }
        } else {
            OffHeapMatrix dz = out.gradientDevicePerPositionShards[shard];
            dz.pull(out.gradient);
            shardKernelGradient(work.deviceShards[shard], dz, shard);
            if (inGradient != null) {
                OffHeapMatrix patchGradient = work.gradientDeviceShards[shard];
                Gemm.multiply(dz, false, kernelDevice, true, patchGradient);
                patchGradient.push(work.gradient);
                scatter(work.gradient, inGradient, Shards.from(shard, out.rows), Shards.to(shard, out.rows));
            }
        }
        sumBiasGradient(out.gradient, from, to, shard);
    }

    /**
     * The packed products' backward over windows {@code [from, to)}, a block at a time: the block's patches
     * gathered again, its rows added to the shard's kernel gradient, and its patches' gradient scattered onto
     * {@code inGradient}. Blocks in order keep every sum in the order of one pass over all the windows.
     */
    private void backwardBlocks(float[] in, PatchBuffers work, LayerBuffers out, float[] inGradient, int shard,
                                int from, int to) {
        float[] block = work.block(shard);
        float[] blockGradient = inGradient == null ? null : work.blockGradient(shard);
        if (inGradient != null) {
            int sampleSize = at.inputHeight() * at.inputWidth() * channels;
            java.util.Arrays.fill(inGradient, from / positions * sampleSize, to / positions * sampleSize, 0f);
        }
        beginShardKernelGradient(shard);
        for (int first = from; first < to; first += work.blockWindows) {
            int last = Math.min(to, first + work.blockWindows);
            gatherWindows(in, block, first, last);
            addShardKernelGradient(block, 0, out.gradient, first * units(), last - first, shard);
            if (inGradient != null) {
                multiplyByKernelTransposed(out.gradient, first * units(), last - first, blockGradient, 0);
                scatterWindows(blockGradient, inGradient, first, last);
            }
        }
        endShardKernelGradient(shard);
    }

    /**
     * Part {@code part} of the weight gradients over the whole batch: the shards' kernel gradients added up over
     * kernel rows {@code [k0, k1)}, and the bias gradient's filters of that part.
     */
    public void weightGradient(PatchBuffers work, LayerBuffers out, int part) {
        sumShardKernelGradients(part, out.rows);
    }

    /**
     * im2col of samples {@code [fromSample, toSample)}: row {@code (n, oy, ox)} of {@code patches} holds window
     * (oy, ox) of sample n, zeros where padded.
     */
    void gather(float[] in, float[] patches, int fromSample, int toSample) {
        gatherWindows(in, patches, fromSample * positions * patchSize, fromSample * positions, toSample * positions);
    }

    /** im2col of windows {@code [fromWindow, toWindow)} (numbered over the batch) into {@code patches}' first rows. */
    void gatherWindows(float[] in, float[] patches, int fromWindow, int toWindow) {
        gatherWindows(in, patches, 0, fromWindow, toWindow);
    }

    /**
     * Windows {@code [fromWindow, toWindow)} as rows of {@code patches} from {@code next}. Channels-last makes each
     * kernel row of an undilated window one contiguous run of kernelWidth · channels inputs; a dilated window's
     * taps are copied one pixel's channels at a time.
     */
    private void gatherWindows(float[] in, float[] patches, int next, int fromWindow, int toWindow) {
        int height = at.inputHeight();
        int width = at.inputWidth();
        int run = at.width() * channels;
        int outWidth = at.outputWidth();
        int n = fromWindow / positions;
        int oy = fromWindow % positions / outWidth;
        int ox = fromWindow % outWidth;
        for (int window = fromWindow; window < toWindow; window++) {
            int sample = n * height * width * channels;
            int left = at.column(ox, 0);
            boolean inside = at.dense() && left >= 0 && left + at.width() <= width;
            for (int ky = 0; ky < at.height(); ky++) {
                int y = at.row(oy, ky);
                if (y < 0 || y >= height) {
                    java.util.Arrays.fill(patches, next, next + run, 0f);
                } else if (inside) {
                    copy(in, sample + (y * width + left) * channels, patches, next, run);
                } else {
                    for (int kx = 0; kx < at.width(); kx++) {
                        int x = at.column(ox, kx);
                        int to = next + kx * channels;
                        if (x < 0 || x >= width) {
                            java.util.Arrays.fill(patches, to, to + channels, 0f);
                        } else {
                            copy(in, sample + (y * width + x) * channels, patches, to, channels);
                        }
                    }
                }
                next += run;
            }
            if (++ox == outWidth) {
                ox = 0;
                if (++oy == at.outputHeight()) {
                    oy = 0;
                    n++;
                }
            }
        }
    }

    /** A copy of {@code length} values; a plain loop for short runs, where arraycopy's call costs more. */
    private static void copy(float[] from, int start, float[] to, int at, int length) {
        if (length < 16) {
            for (int i = 0; i < length; i++) {
                to[at + i] = from[start + i];
            }
        } else {
            System.arraycopy(from, start, to, at, length);
        }
    }

    /**
     * col2im of samples {@code [fromSample, toSample)}: their input gradient is each patch value added back onto
     * the input pixel it was read from; padding is dropped.
     */
    void scatter(float[] patchGradient, float[] inGradient, int fromSample, int toSample) {
        int sampleSize = at.inputHeight() * at.inputWidth() * channels;
        java.util.Arrays.fill(inGradient, fromSample * sampleSize, toSample * sampleSize, 0f);
        scatterWindows(patchGradient, fromSample * positions * patchSize, inGradient, fromSample * positions,
                toSample * positions);
    }

    /**
     * Adds the gradients of windows {@code [fromWindow, toWindow)}, {@code patchGradient}'s first rows, onto the
     * pixels they were read from, in the order of the windows.
     */
    void scatterWindows(float[] patchGradient, float[] inGradient, int fromWindow, int toWindow) {
        scatterWindows(patchGradient, 0, inGradient, fromWindow, toWindow);
    }

    /**
     * The walk of {@link #gatherWindows(float[], float[], int, int, int)} the other way round, kept as its own loop:
     * one walk for both directions, with a flag tested per run, made the residual network's epoch 5 % slower
     * (measured, 2026-12-07).
     */
    private void scatterWindows(float[] patchGradient, int next, float[] inGradient, int fromWindow, int toWindow) {
        int height = at.inputHeight();
        int width = at.inputWidth();
        int run = at.width() * channels;
        int outWidth = at.outputWidth();
        int n = fromWindow / positions;
        int oy = fromWindow % positions / outWidth;
        int ox = fromWindow % outWidth;
        for (int window = fromWindow; window < toWindow; window++) {
            int sample = n * height * width * channels;
            int left = at.column(ox, 0);
            boolean inside = at.dense() && left >= 0 && left + at.width() <= width;
            for (int ky = 0; ky < at.height(); ky++) {
                int y = at.row(oy, ky);
                if (y >= 0 && y < height) {
                    if (inside) {
                        add(patchGradient, next, inGradient, sample + (y * width + left) * channels, run);
                    } else {
                        for (int kx = 0; kx < at.width(); kx++) {
                            int x = at.column(ox, kx);
                            if (x >= 0 && x < width) {
                                add(patchGradient, next + kx * channels, inGradient,
                                        sample + (y * width + x) * channels, channels);
                            }
                        }
                    }
                }
                next += run;
            }
            if (++ox == outWidth) {
                ox = 0;
                if (++oy == at.outputHeight()) {
                    oy = 0;
                    n++;
                }
            }
        }
    }

    /**
     * {@code to[at..at+length) += from[start..start+length)}: a vector at a time where the JVM has the Vector API
     * ({@link ShortRuns}), else one loop the JIT vectorizes when the run is long enough.
     */
    private static void add(float[] from, int start, float[] to, int at, int length) {
        if (Products.VECTOR_API) {
            ShortRuns.add(from, start, to, at, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            to[at + i] += from[start + i];
        }
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public LayerBuffers outputBuffers(ModelPlan.Step step, int rows) {
        return new LayerBuffers(rows, Math.toIntExact(step.output().size()), units());
    }

    @Override
    public Object workspace(ModelPlan.Step step, int rows) {
        return patchBuffers(rows, step.passesGradient());
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.in(), (PatchBuffers) memory.workspace, memory.out, shard);
        if (!memory.step.reluMovesPastPooling()) {
            activate(memory.out, from * positions, to * positions, false);
        }
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        if (!memory.step.reluMovesPastPooling()) {
            ActivationKernels.backward(activation(), out.z, out.a, out.gradient, from * positions, to * positions,
                    units());
        }
        PatchBuffers patches = (PatchBuffers) memory.workspace;
        backward(memory.in(), patches, out, memory.step.passesGradient() ? memory.gradientTarget.gradient : null,
                shard);
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        weightGradient((PatchBuffers) memory.workspace, memory.out, part);
    }

    /** The layer of a plan's convolution step, its weights drawn from {@code random}. */
    static Conv2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        Conv2DSpec conv = (Conv2DSpec) step.layer();
        Conv2DLayer made = new Conv2DLayer(conv.name(), step.input(), conv.filters(), conv.window(), conv.useBias(),
                conv.activation());
        made.initialise(conv.kernelInitializer(), conv.biasInitializer(), random);
        return made;
    }
}
