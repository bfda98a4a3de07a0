package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a valid model runs: each layer with the shapes it takes and gives, where its input lives, and which
 * gradients the backward pass needs. One plan drives both front ends: the annotation processor writes it out as
 * straight-line code, the runtime DSL interprets it, so the two run the same kernels in the same order.
 *
 * <p>Buffers: each layer writes its outputs to its own buffers, except {@code Flatten}, which reads and writes
 * nothing and hands on the buffers of the layer before it (the same values, seen flat). Gradients: nothing flows
 * below the first layer with weights, since nothing there needs one; in particular the model's input never gets
 * a gradient.
 */
public record ModelPlan(ModelSpec spec, Shape inputShape, List<Step> steps) {

    /** The buffers index of the model's input. */
    public static final int INPUT = -1;

    /**
     * One layer in the plan.
     *
     * @param source the index of the step whose buffers hold this layer's input, or {@link #INPUT}
     * @param buffers the index of the step whose buffers hold this layer's output: itself, or for a flatten
     *     layer its source
     * @param feedsProduct whether a dense layer multiplies this layer's outputs, so they must also be where
     *     matrix products read them
     * @param passesGradient whether the backward pass sends a gradient to this layer's input: there is a layer
     *     with weights before it
     * @param last whether it is the model's output layer
     * @param reluMovesPastPooling for a ReLU convolution followed by max pooling: the ReLU (and the bias) run on
     *     the pooled values instead, a quarter as many for 2×2 windows. Max pooling commutes with adding a
     *     per-channel bias and with ReLU, both non-decreasing (and {@code fl(z + b)} is non-decreasing in
     *     {@code z}, so the outputs are the same bits); the convolution then keeps only its product, and the
     *     pooling layer, which holds the maximum before the ReLU, sends each window's gradient to its winner
     *     where the ReLU passes it.
     */
    public record Step(int index, LayerSpec layer, Shape input, Shape output, long parameterCount, int source,
                       int buffers, boolean feedsProduct, boolean passesGradient, boolean last,
                       boolean reluMovesPastPooling) {

        /** Whether the layer has weights the optimizer trains. */
        public boolean hasWeights() {
            return hasWeights(layer);
        }

        /** Whether the layer does any work of its own: everything but a flatten, which is a view. */
        public boolean runs() {
            return !(layer instanceof FlattenSpec);
        }

        static boolean hasWeights(LayerSpec layer) {
            return layer instanceof DenseSpec || layer instanceof Conv2DSpec;
        }
    }

    public ModelPlan {
        steps = List.copyOf(steps);
    }

    /**
     * The plan of {@code spec}.
     *
     * @throws IllegalArgumentException listing the errors when {@link ModelRules} finds any
     */
    public static ModelPlan of(ModelSpec spec) {
        List<Problem> problems = ModelRules.check(spec);
        if (ModelRules.hasErrors(problems)) {
            throw new IllegalArgumentException("model " + spec.name() + " is not valid: " + problems);
        }
        return tryOf(spec).orElseThrow();
    }

    /** The plan when every layer's shape can be worked out, which a model without errors guarantees. */
    static Optional<ModelPlan> tryOf(ModelSpec spec) {
        List<LayerSpec> layers = spec.layers();
        if (layers.isEmpty() || layers.get(0).inputShape().filter(Shape::isPositive).isEmpty()) {
            return Optional.empty();
        }
        Shape inputShape = layers.get(0).inputShape().orElseThrow();
        List<Shape> inputs = new ArrayList<>();
        List<Shape> outputs = new ArrayList<>();
        Shape shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (ModelRules.hasErrors(layer.checkDeclaration(i))
                    || ModelRules.hasErrors(layer.checkInput(i, shape, "the input"))) {
                return Optional.empty();
            }
            inputs.add(shape);
            shape = layer.outputShape(shape);
            outputs.add(shape);
        }
        int last = layers.size() - 1;
        int firstWithWeights = layers.size();
        for (int i = 0; i < layers.size(); i++) {
            if (Step.hasWeights(layers.get(i))) {
                firstWithWeights = i;
                break;
            }
        }
        List<Step> steps = new ArrayList<>();
        int previousBuffers = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            int buffers = layer instanceof FlattenSpec ? previousBuffers : i;
            steps.add(new Step(i, layer, inputs.get(i), outputs.get(i), layer.parameterCount(inputs.get(i)),
                    previousBuffers, buffers, feedsProduct(layers, buffers, i), i > firstWithWeights, i == last,
                    reluMovesPastPooling(layers, i)));
            previousBuffers = buffers;
        }
        return Optional.of(new ModelPlan(spec, inputShape, steps));
    }

    /** Whether layer {@code i} is a ReLU convolution whose outputs go straight into max pooling. */
    private static boolean reluMovesPastPooling(List<LayerSpec> layers, int i) {
        return layers.get(i) instanceof Conv2DSpec conv && conv.activation() == dev.fusenet.annotations.Activation.RELU
                && i + 1 < layers.size() && layers.get(i + 1) instanceof Pooling2DSpec pooling
                && pooling.type() == Pooling2DSpec.Kind.MAX;
    }

    /** Whether pooling step {@code step} applies the ReLU (and bias) of the convolution before it. */
    public boolean poolingTakesRelu(Step step) {
        return step.index() > 0 && steps.get(step.index() - 1).reluMovesPastPooling();
    }

    /** Whether a dense layer reads the buffers {@code buffers}, which layer {@code i} writes (or hands on). */
    private static boolean feedsProduct(List<LayerSpec> layers, int buffers, int i) {
        int next = i + 1;
        while (next < layers.size() && layers.get(next) instanceof FlattenSpec) {
            next++;
        }
        return buffers == i && next < layers.size() && layers.get(next) instanceof DenseSpec;
    }

    /** Whether the first layer that reads the model's input is a dense layer. */
    public boolean inputFeedsProduct() {
        for (Step step : steps) {
            if (step.runs()) {
                return step.layer() instanceof DenseSpec;
            }
        }
        return false;
    }

    /** The values in one input sample. */
    public int inputSize() {
        return Math.toIntExact(inputShape.size());
    }

    /** The values in one output sample. */
    public int outputSize() {
        return Math.toIntExact(output().output().size());
    }

    /** The output layer's step. */
    public Step output() {
        return steps.get(steps.size() - 1);
    }

    /**
     * The values per sample of the largest working buffer: the input, a layer's output, or a convolution's patch
     * matrix. It bounds the batch size: a batch's buffers are Java arrays.
     */
    public long largestSampleBuffer() {
        long largest = inputShape.size();
        for (Step step : steps) {
            largest = Math.max(largest, step.output().size());
            if (step.layer() instanceof Conv2DSpec conv) {
                Window window = conv.window();
                largest = Math.max(largest, (long) window.height() * window.width() * step.input().dim(2)
                        * step.output().dim(0) * step.output().dim(1));
            }
        }
        return largest;
    }

    /** The total number of trainable parameters. */
    public long parameterCount() {
        return steps.stream().mapToLong(Step::parameterCount).sum();
    }
}
