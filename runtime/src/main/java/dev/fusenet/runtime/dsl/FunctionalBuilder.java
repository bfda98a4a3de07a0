package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FlipMode;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.InputSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.Problem;
import dev.fusenet.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link Functional#build} hands its block: the model's input, then layers called on earlier layers' outputs
 * ({@link Node}s), as Keras's functional API; the last layer declared is the model's output. Nothing is checked
 * while the block runs; {@code build} checks the whole graph afterwards, with the rules and messages of an
 * {@code @Compile} interface, and reports every problem at once.
 *
 * <pre>{@code
 * Node image = g.input(28, 28, 1);
 * Node conv1 = g.conv2d(image, 32, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU));
 * Node conv2 = g.conv2d(conv1, 32, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU));
 * Node block = g.add(conv2, conv1);
 * }</pre>
 */
public final class FunctionalBuilder {

    private String name = "functional";
    private long seed = ModelSpec.DEFAULT_SEED;
    private InputSpec input;
    private final List<LayerSpec> layers = new ArrayList<>();
    private final List<List<String>> reads = new ArrayList<>();
    private final java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    private Node output;
    private CompileBuilder compile;

    FunctionalBuilder() {
    }

    /** The model's name (default {@code functional}): the summary's title and the compiled interface's name. */
    public FunctionalBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The seed the weights are drawn from (default {@link ModelSpec#DEFAULT_SEED}, as a compiled model's). */
    public FunctionalBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The model's input, one sample shaped {@code shape} (as {@code keras.Input(shape)}), named {@code input_layer}. */
    public Node input(int... shape) {
        return input("input_layer", shape);
    }

    /** The model's input named {@code name}, as an {@code @Input} method's name. */
    public Node input(String name, int... shape) {
        if (input != null) {
            throw new IllegalStateException("the model has an input already (" + input.name() + "); fusenet models "
                    + "take one input for now");
        }
        input = new InputSpec(name, Shape.of(shape));
        return new Node(this, name);
    }

    /** A dense layer of {@code units} outputs on {@code x}, linear. */
    public Node dense(Node x, int units) {
        return dense(x, units, d -> { });
    }

    /** A dense layer of {@code units} outputs on {@code x}, its options set in the block. */
    public Node dense(Node x, int units, Consumer<DenseBuilder> options) {
        DenseBuilder layer = new DenseBuilder(units, nextName("dense"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** A 2D convolution of {@code filters} square kernels of {@code kernelSize} on {@code x}. */
    public Node conv2d(Node x, int filters, int kernelSize, Consumer<Conv2DBuilder> options) {
        return conv2d(x, filters, new int[] {kernelSize}, options);
    }

    /** A 2D convolution with {@code {height, width}} kernels on {@code x}. */
    public Node conv2d(Node x, int filters, int[] kernelSize, Consumer<Conv2DBuilder> options) {
        Conv2DBuilder layer = new Conv2DBuilder(filters, kernelSize, nextName("conv2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** A transposed convolution of {@code x} into {@code filters}, square {@code kernelSize} windows. */
    public Node conv2dTranspose(Node x, int filters, int kernelSize) {
        return conv2dTranspose(x, filters, kernelSize, t -> { });
    }

    /** A transposed convolution of {@code x}, its options set in the block. */
    public Node conv2dTranspose(Node x, int filters, int kernelSize, Consumer<Conv2DTransposeBuilder> options) {
        return conv2dTranspose(x, filters, new int[] {kernelSize}, options);
    }

    /** A transposed convolution of {@code x} with {@code {height, width}} windows, its options set in the block. */
    public Node conv2dTranspose(Node x, int filters, int[] kernelSize, Consumer<Conv2DTransposeBuilder> options) {
        Conv2DTransposeBuilder layer = new Conv2DTransposeBuilder(filters, kernelSize, nextName("conv2d_transpose"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** A separable convolution of {@code x} into {@code filters}, square {@code kernelSize} windows. */
    public Node separableConv2d(Node x, int filters, int kernelSize) {
        return separableConv2d(x, filters, kernelSize, s -> { });
    }

    /** A separable convolution of {@code x}, its options set in the block. */
    public Node separableConv2d(Node x, int filters, int kernelSize, Consumer<SeparableConv2DBuilder> options) {
        return separableConv2d(x, filters, new int[] {kernelSize}, options);
    }

    /** A separable convolution of {@code x} with {@code {height, width}} windows, its options set in the block. */
    public Node separableConv2d(Node x, int filters, int[] kernelSize, Consumer<SeparableConv2DBuilder> options) {
        SeparableConv2DBuilder layer = new SeparableConv2DBuilder(filters, kernelSize, nextName("separable_conv2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** A depthwise convolution of {@code x} with square {@code kernelSize} windows, Keras's defaults else. */
    public Node depthwiseConv2d(Node x, int kernelSize) {
        return depthwiseConv2d(x, kernelSize, d -> { });
    }

    /** A depthwise convolution of {@code x}, its options set in the block. */
    public Node depthwiseConv2d(Node x, int kernelSize, Consumer<DepthwiseConv2DBuilder> options) {
        return depthwiseConv2d(x, new int[] {kernelSize}, options);
    }

    /** A depthwise convolution of {@code x} with {@code {height, width}} windows, its options set in the block. */
    public Node depthwiseConv2d(Node x, int[] kernelSize, Consumer<DepthwiseConv2DBuilder> options) {
        DepthwiseConv2DBuilder layer = new DepthwiseConv2DBuilder(kernelSize, nextName("depthwise_conv2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Max pooling of {@code x} over square windows of {@code poolSize}, strides the window's size, VALID. */
    public Node maxPooling2d(Node x, int poolSize) {
        return maxPooling2d(x, poolSize, p -> { });
    }

    /** Max pooling of {@code x}, its options set in the block. */
    public Node maxPooling2d(Node x, int poolSize, Consumer<Pooling2DBuilder> options) {
        return maxPooling2d(x, new int[] {poolSize}, options);
    }

    /** Max pooling of {@code x} over {@code {height, width}} windows, its options set in the block. */
    public Node maxPooling2d(Node x, int[] poolSize, Consumer<Pooling2DBuilder> options) {
        return pooling(x, Pooling2DSpec.Kind.MAX, "max_pooling2d", poolSize, options);
    }

    /** Average pooling of {@code x} over square windows of {@code poolSize}, strides the window's size, VALID. */
    public Node averagePooling2d(Node x, int poolSize) {
        return averagePooling2d(x, poolSize, p -> { });
    }

    /** Average pooling of {@code x}, its options set in the block. */
    public Node averagePooling2d(Node x, int poolSize, Consumer<Pooling2DBuilder> options) {
        return averagePooling2d(x, new int[] {poolSize}, options);
    }

    /** Average pooling of {@code x} over {@code {height, width}} windows, its options set in the block. */
    public Node averagePooling2d(Node x, int[] poolSize, Consumer<Pooling2DBuilder> options) {
        return pooling(x, Pooling2DSpec.Kind.AVERAGE, "average_pooling2d", poolSize, options);
    }

    private Node pooling(Node x, Pooling2DSpec.Kind kind, String kerasName, int[] poolSize,
                         Consumer<Pooling2DBuilder> options) {
        Pooling2DBuilder layer = new Pooling2DBuilder(kind, poolSize, nextName(kerasName));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** {@code x} flattened to one vector per sample. */
    public Node flatten(Node x) {
        return flatten(x, f -> { });
    }

    /** {@code x} flattened, the layer's options set in the block. */
    public Node flatten(Node x, Consumer<FlattenBuilder> options) {
        FlattenBuilder layer = new FlattenBuilder(nextName("flatten"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Inverted dropout of a fraction {@code rate} of {@code x}'s values while training. */
    public Node dropout(Node x, double rate) {
        return dropout(x, rate, d -> { });
    }

    /** Dropout, its name set in the block. */
    public Node dropout(Node x, double rate, Consumer<DropoutBuilder> options) {
        DropoutBuilder layer = new DropoutBuilder(rate, nextName("dropout"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /**
     * {@code activation} applied to {@code x} on its own, as {@code keras.layers.Activation}: after a merge, where no
     * layer before it can apply it ({@code relu(x + shortcut)}).
     */
    public Node activation(Node x, dev.fusenet.annotations.Activation activation) {
        return activation(x, activation, a -> { });
    }

    /** An activation layer, its options set in the block. */
    public Node activation(Node x, dev.fusenet.annotations.Activation activation,
                           Consumer<ActivationLayerBuilder> options) {
        ActivationLayerBuilder layer = new ActivationLayerBuilder(activation, nextName("activation"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Flips each of {@code x}'s training images as {@code mode} says, as {@code keras.layers.RandomFlip(mode)}. */
    public Node randomFlip(Node x, FlipMode mode) {
        return randomFlip(x, mode, f -> { });
    }

    /** A random flip, its options set in the block. */
    public Node randomFlip(Node x, FlipMode mode, Consumer<RandomFlipBuilder> options) {
        RandomFlipBuilder layer = new RandomFlipBuilder(mode, nextName("random_flip"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Rotates each of {@code x}'s training images by up to {@code factor} of a turn either way: {@code RandomRotation}. */
    public Node randomRotation(Node x, double factor) {
        return randomRotation(x, new double[] {factor}, r -> { });
    }

    /** A random rotation by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public Node randomRotation(Node x, double[] factor, Consumer<RandomRotationBuilder> options) {
        RandomRotationBuilder layer = new RandomRotationBuilder(Augmentations.factor(factor),
                nextName("random_rotation"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Zooms each of {@code x}'s training images in or out by up to {@code heightFactor}, as {@code RandomZoom(f)}. */
    public Node randomZoom(Node x, double heightFactor) {
        return randomZoom(x, new double[] {heightFactor}, z -> { });
    }

    /** A random zoom by {@code heightFactor} ({@code f}, or lower and upper), its options set in the block. */
    public Node randomZoom(Node x, double[] heightFactor, Consumer<RandomZoomBuilder> options) {
        RandomZoomBuilder layer = new RandomZoomBuilder(Augmentations.factor(heightFactor), nextName("random_zoom"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Shifts each of {@code x}'s training images by up to the fractions given, as {@code RandomTranslation(h, w)}. */
    public Node randomTranslation(Node x, double heightFactor, double widthFactor) {
        return randomTranslation(x, new double[] {heightFactor}, new double[] {widthFactor}, t -> { });
    }

    /** A random translation by the factors ({@code f}, or lower and upper, each), its options set in the block. */
    public Node randomTranslation(Node x, double[] heightFactor, double[] widthFactor,
                                  Consumer<RandomTranslationBuilder> options) {
        RandomTranslationBuilder layer = new RandomTranslationBuilder(Augmentations.factor(heightFactor),
                Augmentations.factor(widthFactor), nextName("random_translation"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Scales the contrast of each of {@code x}'s training images by a factor in {@code [1 - f, 1 + f]}. */
    public Node randomContrast(Node x, double factor) {
        return randomContrast(x, new double[] {factor}, c -> { });
    }

    /** A random contrast by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public Node randomContrast(Node x, double[] factor, Consumer<RandomContrastBuilder> options) {
        RandomContrastBuilder layer = new RandomContrastBuilder(Augmentations.factor(factor),
                nextName("random_contrast"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Adds up to {@code factor} of the value range to each of {@code x}'s training images: {@code RandomBrightness}. */
    public Node randomBrightness(Node x, double factor) {
        return randomBrightness(x, new double[] {factor}, b -> { });
    }

    /** A random brightness by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public Node randomBrightness(Node x, double[] factor, Consumer<RandomBrightnessBuilder> options) {
        RandomBrightnessBuilder layer = new RandomBrightnessBuilder(Augmentations.factor(factor),
                nextName("random_brightness"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** {@code x · scale} on every value, as {@code keras.layers.Rescaling(scale)}. */
    public Node rescaling(Node x, double scale) {
        return rescaling(x, scale, r -> { });
    }

    /** A rescaling of {@code x}, its offset and other options set in the block. */
    public Node rescaling(Node x, double scale, Consumer<RescalingBuilder> options) {
        RescalingBuilder layer = new RescalingBuilder(scale, nextName("rescaling"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** One row and column of zeros around each of {@code x}'s feature maps, as {@code ZeroPadding2D()}. */
    public Node zeroPadding2d(Node x) {
        return zeroPadding2d(x, p -> { });
    }

    /** Zero padding of {@code x}, its sizes and other options set in the block. */
    public Node zeroPadding2d(Node x, Consumer<ZeroPadding2DBuilder> options) {
        ZeroPadding2DBuilder layer = new ZeroPadding2DBuilder(nextName("zero_padding2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /**
     * The middle of each of {@code x}'s feature maps, as {@code keras.layers.Cropping2D(cropping)}: one size (every
     * side), two (height, width) or four (top, bottom, left, right).
     */
    public Node cropping2d(Node x, int... cropping) {
        return cropping2d(x, cropping, c -> { });
    }

    /** Cropping of {@code x}, its name and other options set in the block. */
    public Node cropping2d(Node x, int[] cropping, Consumer<Cropping2DBuilder> options) {
        Cropping2DBuilder layer = new Cropping2DBuilder(cropping, nextName("cropping2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Each pixel of {@code x} repeated 2 × 2 times, as {@code keras.layers.UpSampling2D()}. */
    public Node upSampling2d(Node x) {
        return upSampling2d(x, u -> { });
    }

    /** Nearest up-sampling of {@code x}, its factors and other options set in the block. */
    public Node upSampling2d(Node x, Consumer<UpSampling2DBuilder> options) {
        UpSampling2DBuilder layer = new UpSampling2DBuilder(nextName("up_sampling2d"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Each channel's mean over {@code x}'s whole feature map, as {@code keras.layers.GlobalAveragePooling2D()}. */
    public Node globalAveragePooling2d(Node x) {
        return globalAveragePooling2d(x, p -> { });
    }

    /** Global average pooling of {@code x}, its options set in the block. */
    public Node globalAveragePooling2d(Node x, Consumer<GlobalPooling2DBuilder> options) {
        return globalPooling(x, GlobalPooling2DSpec.Kind.AVERAGE, "global_average_pooling2d", options);
    }

    /** Each channel's maximum over {@code x}'s whole feature map, as {@code keras.layers.GlobalMaxPooling2D()}. */
    public Node globalMaxPooling2d(Node x) {
        return globalMaxPooling2d(x, p -> { });
    }

    /** Global max pooling of {@code x}, its options set in the block. */
    public Node globalMaxPooling2d(Node x, Consumer<GlobalPooling2DBuilder> options) {
        return globalPooling(x, GlobalPooling2DSpec.Kind.MAX, "global_max_pooling2d", options);
    }

    private Node globalPooling(Node x, GlobalPooling2DSpec.Kind kind, String kerasName,
                               Consumer<GlobalPooling2DBuilder> options) {
        GlobalPooling2DBuilder layer = new GlobalPooling2DBuilder(kind, nextName(kerasName));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Batch normalisation of {@code x} with Keras's defaults, as {@code keras.layers.BatchNormalization()}. */
    public Node batchNormalization(Node x) {
        return batchNormalization(x, b -> { });
    }

    /** Batch normalisation of {@code x}, its options set in the block. */
    public Node batchNormalization(Node x, Consumer<BatchNormalizationBuilder> options) {
        BatchNormalizationBuilder layer = new BatchNormalizationBuilder(nextName("batch_normalization"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** Layer normalisation of {@code x} with Keras's defaults, as {@code keras.layers.LayerNormalization()}. */
    public Node layerNormalization(Node x) {
        return layerNormalization(x, n -> { });
    }

    /** Layer normalisation of {@code x}, its options set in the block. */
    public Node layerNormalization(Node x, Consumer<LayerNormalizationBuilder> options) {
        LayerNormalizationBuilder layer = new LayerNormalizationBuilder(nextName("layer_normalization"));
        options.accept(layer);
        return call(layer.spec(), x);
    }

    /** The element-wise sum of {@code inputs}, as {@code keras.layers.Add()}: a residual connection. */
    public Node add(Node... inputs) {
        return merge(MergeSpec.Operation.ADD, "add", null, inputs);
    }

    /** The element-wise sum of {@code inputs}, the layer named {@code name}. */
    public Node add(String name, Node... inputs) {
        return merge(MergeSpec.Operation.ADD, "add", name, inputs);
    }

    /** {@code a - b}, element by element, as {@code keras.layers.Subtract()}. */
    public Node subtract(Node a, Node b) {
        return merge(MergeSpec.Operation.SUBTRACT, "subtract", null, a, b);
    }

    /** {@code a - b}, the layer named {@code name}. */
    public Node subtract(String name, Node a, Node b) {
        return merge(MergeSpec.Operation.SUBTRACT, "subtract", name, a, b);
    }

    /** The element-wise product of {@code inputs}, as {@code keras.layers.Multiply()}. */
    public Node multiply(Node... inputs) {
        return merge(MergeSpec.Operation.MULTIPLY, "multiply", null, inputs);
    }

    /** The element-wise product, the layer named {@code name}. */
    public Node multiply(String name, Node... inputs) {
        return merge(MergeSpec.Operation.MULTIPLY, "multiply", name, inputs);
    }

    /** The element-wise mean of {@code inputs}, as {@code keras.layers.Average()}. */
    public Node average(Node... inputs) {
        return merge(MergeSpec.Operation.AVERAGE, "average", null, inputs);
    }

    /** The element-wise mean, the layer named {@code name}. */
    public Node average(String name, Node... inputs) {
        return merge(MergeSpec.Operation.AVERAGE, "average", name, inputs);
    }

    /** The element-wise maximum of {@code inputs}, as {@code keras.layers.Maximum()}. */
    public Node maximum(Node... inputs) {
        return merge(MergeSpec.Operation.MAXIMUM, "maximum", null, inputs);
    }

    /** The element-wise maximum, the layer named {@code name}. */
    public Node maximum(String name, Node... inputs) {
        return merge(MergeSpec.Operation.MAXIMUM, "maximum", name, inputs);
    }

    /** The element-wise minimum of {@code inputs}, as {@code keras.layers.Minimum()}. */
    public Node minimum(Node... inputs) {
        return merge(MergeSpec.Operation.MINIMUM, "minimum", null, inputs);
    }

    /** The element-wise minimum, the layer named {@code name}. */
    public Node minimum(String name, Node... inputs) {
        return merge(MergeSpec.Operation.MINIMUM, "minimum", name, inputs);
    }

    /** {@code inputs} joined along the last axis, as {@code keras.layers.Concatenate()}. */
    public Node concatenate(Node... inputs) {
        return concatenate(-1, inputs);
    }

    /** {@code inputs} joined along {@code axis}, counted as Keras counts it (0 is the batch, -1 the last). */
    public Node concatenate(int axis, Node... inputs) {
        return call(new ConcatenateSpec(nextName("concatenate"), axis), inputs);
    }

    /** {@code inputs} joined along {@code axis}, the layer named {@code name}. */
    public Node concatenate(String name, int axis, Node... inputs) {
        nextName("concatenate");
        return call(new ConcatenateSpec(name, axis), inputs);
    }

    private Node merge(MergeSpec.Operation operation, String kerasName, String layerName, Node... inputs) {
        String defaultName = nextName(kerasName);
        return call(new MergeSpec(layerName == null ? defaultName : layerName, operation), inputs);
    }

    /**
     * Marks {@code node} as the model's output, as {@code keras.Model(inputs, outputs)} does; it must be the last
     * layer declared. Without it, the last layer declared is the output.
     */
    public FunctionalBuilder output(Node node) {
        own(node);
        this.output = node;
        return this;
    }

    /** The optimizer, loss and metrics, as Keras's {@code model.compile}. */
    public FunctionalBuilder compile(Consumer<CompileBuilder> options) {
        CompileBuilder settings = new CompileBuilder();
        options.accept(settings);
        this.compile = settings;
        return this;
    }

    long seed() {
        return seed;
    }

    private Node call(LayerSpec layer, Node... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(layer.kind() + " " + layer.name() + " is called on no layer; pass the "
                    + "nodes it reads, e.g. g.add(conv2, conv1)");
        }
        Arrays.stream(inputs).forEach(this::own);
        layers.add(layer);
        reads.add(Arrays.stream(inputs).map(Node::name).toList());
        return new Node(this, layer.name());
    }

    private void own(Node node) {
        if (node == null) {
            throw new NullPointerException("a layer is called on null; pass a Node this block made");
        }
        if (node.owner() != this) {
            throw new IllegalArgumentException(node + " belongs to another model's block; a model's layers read "
                    + "only nodes of the same Functional.build block");
        }
    }

    private String nextName(String kind) {
        int count = counts.merge(kind, 1, Integer::sum) - 1;
        return count == 0 ? kind : kind + "_" + count;
    }

    /** The model described, checked, with the rules of both front ends. */
    SequentialBuilder.Checked check() {
        if (input == null) {
            throw new ModelDefinitionException(new ModelSpec(name, layers, new CompileBuilder().training(
                    dev.fusenet.annotations.Loss.MEAN_SQUARED_ERROR)), List.of(Problem.error(Problem.MODEL, null,
                    "the model has no input; start the block with Node x = g.input(28, 28, 1), one sample's shape")));
        }
        if (output != null && !layers.isEmpty() && !output.name().equals(layers.get(layers.size() - 1).name())) {
            throw new ModelDefinitionException(new ModelSpec(name, Optional.of(input), layers, reads,
                    new CompileBuilder().training(dev.fusenet.annotations.Loss.MEAN_SQUARED_ERROR)),
                    List.of(Problem.error(Problem.MODEL, null, "the output is " + output.name() + ", but "
                            + layers.get(layers.size() - 1).name() + " is declared after it; declare the output "
                            + "layer last")));
        }
        return SequentialBuilder.check(name, Optional.of(input), layers, reads, compile, "g");
    }
}
