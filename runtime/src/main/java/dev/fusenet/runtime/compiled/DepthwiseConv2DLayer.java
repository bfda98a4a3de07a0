package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A depthwise 2D convolution of a compiled model over channels-last images, as Keras's: output channel
 * {@code c · m + k} (m the depth multiplier) is input channel {@code c} convolved with kernel
 * {@code depthwise_kernel[:, :, c, k]}. No channel meets another, so there is no matrix product: direct loops over
 * each window, the channels innermost (contiguous in the input, the kernel and the output). With a depth
 * multiplier of 1 and the JDK's Vector API, {@link DepthwiseKernels} computes the same sums a vector of channels at
 * a time, in registers (the same bits; the loops here are its definition and its fallback). Forward and backward
 * side by side, on one shard's samples; each shard sums its own kernel and bias gradients, and the update adds
 * the shards' sums in shard order: the same bits on one core or two. Bias and activation are
 * {@link ActivationKernels}, over (batch · positions, channels · m).
 */
public final class DepthwiseConv2DLayer implements InterpretedLayer {

    private final String name;
    private final Window.Placement at;
    /** Which taps meet which pixels, for {@link DepthwiseKernels}. */
    private final WindowTaps rows;
    private final WindowTaps columns;
    private final int channels;
    private final int multiplier;
    private final int units;
    private final int positions;
    private final Activation activation;
    private final Weight kernelWeight;
    private final Weight biasWeight;
    private final List<Weight> weights;
    private final float[] kernel;
    /** What the activation kernels add: the bias, or zeros without one. */
    private final float[] addedBias;
    /** Each shard's kernel and bias gradients from its own samples. */
    private final ShardSums kernelPartials;
    private final ShardSums biasPartials;

    public DepthwiseConv2DLayer(String name, Shape input, Window window, int multiplier, boolean useBias,
                                Activation activation) {
        this.name = name;
        this.at = window.over(input.dim(0), input.dim(1));
        this.rows = WindowTaps.rows(at);
        this.columns = WindowTaps.columns(at);
        this.channels = input.dim(2);
        this.multiplier = multiplier;
        this.units = channels * multiplier;
        this.positions = at.outputHeight() * at.outputWidth();
        this.activation = activation;
        this.kernelWeight = new Weight("depthwise_kernel", new long[] {window.height(), window.width(), channels,
                multiplier}, true);
        this.biasWeight = useBias ? new Weight("bias", new long[] {units}, true) : null;
        this.weights = useBias ? List.of(kernelWeight, biasWeight) : List.of(kernelWeight);
        this.kernel = kernelWeight.values;
        this.addedBias = useBias ? biasWeight.values : new float[units];
        this.kernelPartials = new ShardSums(kernel.length);
        this.biasPartials = new ShardSums(units);
    }

    /** Draws the weights from {@code random}, depthwise kernel then bias, with Keras's fans for the kernel's shape. */
    public void initialise(Initializer kernelInitializer, Initializer biasInitializer, SplittableRandom random) {
        // keras.initializers' compute_fans of (kh, kw, in, m): the receptive field times in, and times m
        int field = at.height() * at.width();
        Initializers.fill(kernel, kernelInitializer, field * channels, field * multiplier, random);
        if (biasWeight != null) {
            Initializers.fill(biasWeight.values, biasInitializer, field * channels, field * multiplier, random);
        }
    }

    /** Samples {@code [from, to)}: {@code z} = each window of {@code in} times its channel's kernels, no bias. */
    public void forward(float[] in, float[] z, int from, int to) {
        if (vectorKernels()) {
            DepthwiseKernels.forward(at, rows, columns, channels, in, kernel, z, from, to);
        } else {
            forwardLoops(in, z, from, to);
        }
    }

    /** Whether {@link DepthwiseKernels} runs this layer. */
    private boolean vectorKernels() {
        return multiplier == 1 && Products.VECTOR_API;
    }

    /** {@link #forward}'s definition, one value at a time. */
    void forwardLoops(float[] in, float[] z, int from, int to) {
        int height = at.inputHeight();
        int width = at.inputWidth();
        Arrays.fill(z, from * positions * units, to * positions * units, 0f);
        for (int n = from; n < to; n++) {
            int sample = n * height * width * channels;
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int out = ((n * at.outputHeight() + oy) * at.outputWidth() + ox) * units;
                    for (int ky = 0; ky < at.height(); ky++) {
                        int y = at.row(oy, ky);
                        if (y < 0 || y >= height) {
                            continue;
                        }
                        for (int kx = 0; kx < at.width(); kx++) {
                            int x = at.column(ox, kx);
                            if (x < 0 || x >= width) {
                                continue;
                            }
                            int pixel = sample + (y * width + x) * channels;
                            int tap = (ky * at.width() + kx) * units;
                            if (multiplier == 1) {
                                for (int c = 0; c < channels; c++) {
                                    z[out + c] += in[pixel + c] * kernel[tap + c];
                                }
                            } else {
                                for (int c = 0; c < channels; c++) {
                                    float v = in[pixel + c];
                                    for (int k = 0; k < multiplier; k++) {
                                        z[out + c * multiplier + k] += v * kernel[tap + c * multiplier + k];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Samples {@code [from, to)}, shard {@code shard}'s, from {@code dz} (the gradient with respect to the
     * pre-activations): that shard's kernel and bias gradients, and, where {@code inGradient} is not null, the
     * input's gradient, written: each input pixel's, the sum over the windows that read it.
     */
    public void backward(float[] in, float[] dz, float[] inGradient, int shard, int from, int to) {
        if (!vectorKernels()) {
            backwardLoops(in, dz, inGradient, shard, from, to);
            return;
        }
        biasPartials.columnSums(shard, dz, from * positions, to * positions);
        DepthwiseKernels.addKernelGradient(at, rows, columns, channels, in, dz, kernelPartials.start(shard), from,
                to);
        if (inGradient != null) {
            DepthwiseKernels.inputGradient(at, rows, columns, channels, dz, kernel, inGradient, from, to);
        }
    }

    /** {@link #backward}'s definition, one value at a time. */
    void backwardLoops(float[] in, float[] dz, float[] inGradient, int shard, int from, int to) {
        int height = at.inputHeight();
        int width = at.inputWidth();
        float[] kernelGradient = kernelPartials.start(shard);
        float[] biasGradient = biasPartials.start(shard);
        if (inGradient != null) {
            Arrays.fill(inGradient, from * height * width * channels, to * height * width * channels, 0f);
        }
        for (int n = from; n < to; n++) {
            int sample = n * height * width * channels;
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int out = ((n * at.outputHeight() + oy) * at.outputWidth() + ox) * units;
                    for (int u = 0; u < units; u++) {
                        biasGradient[u] += dz[out + u];
                    }
                    for (int ky = 0; ky < at.height(); ky++) {
                        int y = at.row(oy, ky);
                        if (y < 0 || y >= height) {
                            continue;
                        }
                        for (int kx = 0; kx < at.width(); kx++) {
                            int x = at.column(ox, kx);
                            if (x < 0 || x >= width) {
                                continue;
                            }
                            int pixel = sample + (y * width + x) * channels;
                            int tap = (ky * at.width() + kx) * units;
                            for (int c = 0; c < channels; c++) {
                                float v = in[pixel + c];
                                float back = 0f;
                                for (int k = 0; k < multiplier; k++) {
                                    int u = c * multiplier + k;
                                    kernelGradient[tap + u] += v * dz[out + u];
                                    back += dz[out + u] * kernel[tap + u];
                                }
                                if (inGradient != null) {
                                    inGradient[pixel + c] += back;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Part {@code part} of the kernel's rows and of the bias, for a batch of {@code rows}: the gradients of the
     * shards that had rows, added in shard order.
     */
    public void weightGradient(int rows, int part) {
        int kernelRows = kernel.length / multiplier;
        kernelPartials.sumInto(kernelWeight.gradient, Shards.from(part, kernelRows) * multiplier,
                Shards.to(part, kernelRows) * multiplier, rows);
        if (biasWeight != null) {
            biasPartials.sumInto(biasWeight.gradient, Shards.from(part, units), Shards.to(part, units), rows);
        }
    }

    /** What the activation kernels add to {@code z}: the bias, or zeros. */
    public float[] biasBuffer() {
        return addedBias;
    }

    public Activation activation() {
        return activation;
    }

    public Window.Placement placement() {
        return at;
    }

    public int depthMultiplier() {
        return multiplier;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "DepthwiseConv2D";
    }

    @Override
    public long[] outputShape() {
        return new long[] {at.outputHeight(), at.outputWidth(), units};
    }

    @Override
    public List<Weight> weights() {
        return weights;
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        LayerBuffers out = memory.out;
        forward(memory.in(), out.z, from, to);
        ActivationKernels.forward(activation, out.z, addedBias, out.a, from * positions, to * positions, units);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        ActivationKernels.backward(activation, out.z, out.a, out.gradient, from * positions, to * positions, units);
        backward(memory.in(), out.gradient, memory.step.passesGradient() ? memory.gradientTarget.gradient : null,
                shard, from, to);
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        weightGradient(memory.out.rows, part);
    }

    /** The layer of a plan's depthwise convolution step, its weights drawn from {@code random}. */
    static DepthwiseConv2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        DepthwiseConv2DSpec spec = (DepthwiseConv2DSpec) step.layer();
        DepthwiseConv2DLayer made = new DepthwiseConv2DLayer(spec.name(), step.input(), spec.window(),
                spec.depthMultiplier(), spec.useBias(), spec.activation());
        made.initialise(spec.depthwiseInitializer(), spec.biasInitializer(), random);
        return made;
    }
}
