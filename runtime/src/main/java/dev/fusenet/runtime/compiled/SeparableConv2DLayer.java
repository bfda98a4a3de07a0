package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A depthwise separable convolution of a compiled model, as Keras's SeparableConv2D: its depthwise stage (a
 * {@link DepthwiseConv2DLayer} without bias or activation) writes the middle values, (rows · positions,
 * channels · m), which its pointwise stage (a 1×1 {@link Conv2DLayer}, one matrix product) turns into
 * {@code filters} channels; then bias and activation. Backward runs the two stages in reverse, the middle
 * values' gradient between them. Weights in Keras's order: depthwise_kernel, pointwise_kernel, bias.
 */
public final class SeparableConv2DLayer implements InterpretedLayer {

    private final String name;
    private final DepthwiseConv2DLayer depthwise;
    private final Conv2DLayer pointwise;
    private final Activation activation;
    private final int positions;
    private final int middle;
    private final int filters;
    private final List<Weight> weights;

    /** The working memory of one batch size: the middle values, their gradient and the 1×1 stage's patches. */
    public static final class Work {
        final float[] values;
        final float[] gradient;
        final PatchBuffers patches;

        /** For batches of {@code rows}: {@code positions} output positions of {@code middle} channels each. */
        public Work(int rows, int positions, int middle) {
            int size = Math.multiplyExact(Math.multiplyExact(rows, positions), middle);
            this.values = new float[size];
            this.gradient = new float[size];
            this.patches = new PatchBuffers(rows, positions, middle, true);
        }
    }

    public SeparableConv2DLayer(String name, Shape input, int filters, Window window, int multiplier,
                                boolean useBias, Activation activation) {
        this.name = name;
        this.activation = activation;
        this.depthwise = new DepthwiseConv2DLayer(name, input, window, multiplier, false, Activation.LINEAR);
        long[] middleShape = depthwise.outputShape();
        Shape middleInput = Shape.of((int) middleShape[0], (int) middleShape[1], (int) middleShape[2]);
        this.pointwise = new Conv2DLayer(name, "pointwise_kernel", middleInput, filters, new Window(List.of(1),
                List.of(1), Padding.VALID), useBias, Activation.LINEAR);
        this.positions = (int) (middleShape[0] * middleShape[1]);
        this.middle = (int) middleShape[2];
        this.filters = filters;
        List<Weight> all = new ArrayList<>(depthwise.weights());
        all.addAll(pointwise.weights());
        this.weights = List.copyOf(all);
    }

    /** Draws the weights from {@code random}: the depthwise kernel, then the pointwise kernel and the bias. */
    public void initialise(Initializer depthwiseInitializer, Initializer pointwiseInitializer,
                           Initializer biasInitializer, SplittableRandom random) {
        depthwise.initialise(depthwiseInitializer, Initializer.ZEROS, random);
        pointwise.initialise(pointwiseInitializer, biasInitializer, random);
    }

    /** Shard {@code shard}'s samples: {@code out.z} = the 1×1 product of the depthwise stage's values, no bias. */
    public void forward(float[] in, Work work, LayerBuffers out, int shard) {
        depthwise.forward(in, work.values, Shards.from(shard, out.rows), Shards.to(shard, out.rows));
        pointwise.forward(work.values, work.patches, out, shard);
    }

    /**
     * Shard {@code shard}'s samples, from the gradient with respect to the pre-activations: the 1×1 stage's
     * gradients and the middle values' gradient, then the depthwise stage's gradients and, where
     * {@code inGradient} is not null, the input's.
     */
    public void backward(float[] in, Work work, LayerBuffers out, float[] inGradient, int shard) {
        pointwise.backward(work.values, work.patches, out, work.gradient, shard);
        depthwise.backward(in, work.gradient, inGradient, shard, Shards.from(shard, out.rows),
                Shards.to(shard, out.rows));
    }

    /** Part {@code part} of both stages' weight gradients over the whole batch. */
    public void weightGradient(Work work, LayerBuffers out, int part) {
        depthwise.weightGradient(out.rows, part);
        pointwise.weightGradient(work.patches, out, part);
    }

    @Override
    public void update(GradientOptimizer optimizer, int part) {
        depthwise.update(optimizer, part);
        pointwise.update(optimizer, part);
    }

    /** What the activation kernels add to {@code z}: the bias, or zeros. */
    public float[] biasBuffer() {
        return pointwise.biasBuffer();
    }

    public Activation activation() {
        return activation;
    }

    /** The depthwise stage, for the ONNX export. */
    public DepthwiseConv2DLayer depthwise() {
        return depthwise;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "SeparableConv2D";
    }

    @Override
    public long[] outputShape() {
        long[] shape = depthwise.outputShape();
        return new long[] {shape[0], shape[1], filters};
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
        return new Work(rows, positions, middle);
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        LayerBuffers out = memory.out;
        forward(memory.in(), (Work) memory.workspace, out, shard);
        ActivationKernels.forward(activation, out.z, biasBuffer(), out.a, from * positions, to * positions, filters);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        ActivationKernels.backward(activation, out.z, out.a, out.gradient, from * positions, to * positions,
                filters);
        backward(memory.in(), (Work) memory.workspace, out,
                memory.step.passesGradient() ? memory.gradientTarget.gradient : null, shard);
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        weightGradient((Work) memory.workspace, memory.out, part);
    }

    /** The layer of a plan's separable convolution step, its weights drawn from {@code random}. */
    static SeparableConv2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        SeparableConv2DSpec spec = (SeparableConv2DSpec) step.layer();
        SeparableConv2DLayer made = new SeparableConv2DLayer(spec.name(), step.input(), spec.filters(), spec.window(),
                spec.depthMultiplier(), spec.useBias(), spec.activation());
        made.initialise(spec.depthwiseInitializer(), spec.pointwiseInitializer(), spec.biasInitializer(), random);
        return made;
    }
}
