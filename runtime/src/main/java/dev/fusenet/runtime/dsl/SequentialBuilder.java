package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Loss;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.ModelRules;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@link Sequential#build} hands its block: layers in order, then {@code compile}. Nothing is checked while
 * the block runs; {@code build} checks the whole model afterwards and reports every problem at once.
 */
public final class SequentialBuilder {

    /** The training attributes a missing loss makes impossible to judge. */
    private static final Set<String> NEED_THE_LOSS = Set.of("metrics", "labelSmoothing", "fromLogits");

    private String name = "sequential";
    private long seed = ModelSpec.DEFAULT_SEED;
    private final List<LayerSpec> layers = new ArrayList<>();
    /** How many layers of each Keras name so far, for Keras's default names. */
    private final java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    private CompileBuilder compile;

    SequentialBuilder() {
    }

    /** The model's name (default {@code sequential}): the summary's title and the compiled interface's name. */
    public SequentialBuilder name(String name) {
        this.name = name;
        return this;
    }

    /**
     * The seed the weights are drawn from (default {@link ModelSpec#DEFAULT_SEED}, as a compiled model's); the
     * same seed gives the same weights as {@code new Compiled<Name>(seed)}.
     */
    public SequentialBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** A dense layer of {@code units} outputs with the default options (linear activation). */
    public SequentialBuilder dense(int units) {
        return dense(units, d -> { });
    }

    /** A dense layer of {@code units} outputs, its options set in the block. */
    public SequentialBuilder dense(int units, Consumer<DenseBuilder> options) {
        DenseBuilder layer = new DenseBuilder(units, nextName("dense"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** An inverted-dropout layer that drops a fraction {@code rate} of its inputs while training. */
    public SequentialBuilder dropout(double rate) {
        return dropout(rate, d -> { });
    }

    /** A dropout layer, its name set in the block. */
    public SequentialBuilder dropout(double rate, Consumer<DropoutBuilder> options) {
        DropoutBuilder layer = new DropoutBuilder(rate, nextName("dropout"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /**
     * A 2D convolution of {@code filters} kernels of {@code kernelSize} (one value for a square kernel, or height
     * and width), its options set in the block: {@code m.conv2d(32, 3, c -> c.activation(RELU).inputShape(28, 28, 1))}.
     */
    public SequentialBuilder conv2d(int filters, int kernelSize, Consumer<Conv2DBuilder> options) {
        return conv2d(filters, new int[] {kernelSize}, options);
    }

    /** A 2D convolution with a {@code {height, width}} kernel. */
    public SequentialBuilder conv2d(int filters, int[] kernelSize, Consumer<Conv2DBuilder> options) {
        Conv2DBuilder layer = new Conv2DBuilder(filters, kernelSize, nextName("conv2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** A transposed convolution into {@code filters} of square {@code kernelSize} windows, Keras's defaults else. */
    public SequentialBuilder conv2dTranspose(int filters, int kernelSize) {
        return conv2dTranspose(filters, kernelSize, t -> { });
    }

    /** A transposed convolution, its options set in the block. */
    public SequentialBuilder conv2dTranspose(int filters, int kernelSize, Consumer<Conv2DTransposeBuilder> options) {
        return conv2dTranspose(filters, new int[] {kernelSize}, options);
    }

    /** A transposed convolution of {@code {height, width}} windows, its options set in the block. */
    public SequentialBuilder conv2dTranspose(int filters, int[] kernelSize, Consumer<Conv2DTransposeBuilder> options) {
        Conv2DTransposeBuilder layer = new Conv2DTransposeBuilder(filters, kernelSize, nextName("conv2d_transpose"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** A separable convolution into {@code filters} of square {@code kernelSize} windows, Keras's defaults else. */
    public SequentialBuilder separableConv2d(int filters, int kernelSize) {
        return separableConv2d(filters, kernelSize, s -> { });
    }

    /** A separable convolution, its options set in the block. */
    public SequentialBuilder separableConv2d(int filters, int kernelSize, Consumer<SeparableConv2DBuilder> options) {
        return separableConv2d(filters, new int[] {kernelSize}, options);
    }

    /** A separable convolution of {@code {height, width}} windows, its options set in the block. */
    public SequentialBuilder separableConv2d(int filters, int[] kernelSize, Consumer<SeparableConv2DBuilder> options) {
        SeparableConv2DBuilder layer = new SeparableConv2DBuilder(filters, kernelSize, nextName("separable_conv2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** A depthwise convolution of square {@code kernelSize} windows, as {@code keras.layers.DepthwiseConv2D}. */
    public SequentialBuilder depthwiseConv2d(int kernelSize) {
        return depthwiseConv2d(kernelSize, d -> { });
    }

    /** A depthwise convolution, its options set in the block. */
    public SequentialBuilder depthwiseConv2d(int kernelSize, Consumer<DepthwiseConv2DBuilder> options) {
        return depthwiseConv2d(new int[] {kernelSize}, options);
    }

    /** A depthwise convolution of {@code {height, width}} windows, its options set in the block. */
    public SequentialBuilder depthwiseConv2d(int[] kernelSize, Consumer<DepthwiseConv2DBuilder> options) {
        DepthwiseConv2DBuilder layer = new DepthwiseConv2DBuilder(kernelSize, nextName("depthwise_conv2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Max pooling over square windows of {@code poolSize}, strides the window's size, VALID. */
    public SequentialBuilder maxPooling2d(int poolSize) {
        return maxPooling2d(poolSize, p -> { });
    }

    /** Max pooling, its options set in the block. */
    public SequentialBuilder maxPooling2d(int poolSize, Consumer<Pooling2DBuilder> options) {
        return maxPooling2d(new int[] {poolSize}, options);
    }

    /** Max pooling over {@code {height, width}} windows, its options set in the block. */
    public SequentialBuilder maxPooling2d(int[] poolSize, Consumer<Pooling2DBuilder> options) {
        return pooling(Pooling2DSpec.Kind.MAX, "max_pooling2d", poolSize, options);
    }

    /** Average pooling over square windows of {@code poolSize}, strides the window's size, VALID. */
    public SequentialBuilder averagePooling2d(int poolSize) {
        return averagePooling2d(poolSize, p -> { });
    }

    /** Average pooling, its options set in the block. */
    public SequentialBuilder averagePooling2d(int poolSize, Consumer<Pooling2DBuilder> options) {
        return averagePooling2d(new int[] {poolSize}, options);
    }

    /** Average pooling over {@code {height, width}} windows, its options set in the block. */
    public SequentialBuilder averagePooling2d(int[] poolSize, Consumer<Pooling2DBuilder> options) {
        return pooling(Pooling2DSpec.Kind.AVERAGE, "average_pooling2d", poolSize, options);
    }

    private SequentialBuilder pooling(Pooling2DSpec.Kind kind, String kerasName, int[] poolSize,
                                      Consumer<Pooling2DBuilder> options) {
        Pooling2DBuilder layer = new Pooling2DBuilder(kind, poolSize, nextName(kerasName));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Flattens each sample to one vector, so that a dense layer can follow a convolution. */
    public SequentialBuilder flatten() {
        return flatten(f -> { });
    }

    /** A flatten layer, its options set in the block. */
    public SequentialBuilder flatten(Consumer<FlattenBuilder> options) {
        FlattenBuilder layer = new FlattenBuilder(nextName("flatten"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /**
     * {@code activation} on its own, as {@code keras.layers.Activation}; after a dense or convolution layer, its
     * own {@code activation} option does the same in one pass less.
     */
    public SequentialBuilder activation(dev.fusenet.annotations.Activation activation) {
        return activation(activation, a -> { });
    }

    /** An activation layer, its options set in the block. */
    public SequentialBuilder activation(dev.fusenet.annotations.Activation activation,
                                        Consumer<ActivationLayerBuilder> options) {
        ActivationLayerBuilder layer = new ActivationLayerBuilder(activation, nextName("activation"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Flips each training image as {@code mode} says, as {@code keras.layers.RandomFlip(mode)}. */
    public SequentialBuilder randomFlip(FlipMode mode) {
        return randomFlip(mode, f -> { });
    }

    /** A random flip, its options set in the block. */
    public SequentialBuilder randomFlip(FlipMode mode, Consumer<RandomFlipBuilder> options) {
        RandomFlipBuilder layer = new RandomFlipBuilder(mode, nextName("random_flip"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Rotates each training image by up to {@code factor} of a turn either way, as {@code RandomRotation(f)}. */
    public SequentialBuilder randomRotation(double factor) {
        return randomRotation(new double[] {factor}, r -> { });
    }

    /** A random rotation by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public SequentialBuilder randomRotation(double[] factor, Consumer<RandomRotationBuilder> options) {
        RandomRotationBuilder layer = new RandomRotationBuilder(Augmentations.factor(factor),
                nextName("random_rotation"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Zooms each training image in or out by up to {@code heightFactor}, as {@code RandomZoom(f)}. */
    public SequentialBuilder randomZoom(double heightFactor) {
        return randomZoom(new double[] {heightFactor}, z -> { });
    }

    /** A random zoom by {@code heightFactor} ({@code f}, or lower and upper), its options set in the block. */
    public SequentialBuilder randomZoom(double[] heightFactor, Consumer<RandomZoomBuilder> options) {
        RandomZoomBuilder layer = new RandomZoomBuilder(Augmentations.factor(heightFactor), nextName("random_zoom"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Shifts each training image by up to the fractions given, as {@code RandomTranslation(h, w)}. */
    public SequentialBuilder randomTranslation(double heightFactor, double widthFactor) {
        return randomTranslation(new double[] {heightFactor}, new double[] {widthFactor}, t -> { });
    }

    /** A random translation by the factors ({@code f}, or lower and upper, each), its options set in the block. */
    public SequentialBuilder randomTranslation(double[] heightFactor, double[] widthFactor,
                                               Consumer<RandomTranslationBuilder> options) {
        RandomTranslationBuilder layer = new RandomTranslationBuilder(Augmentations.factor(heightFactor),
                Augmentations.factor(widthFactor), nextName("random_translation"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Scales each training image's contrast by a factor in {@code [1 - f, 1 + f]}, as {@code RandomContrast(f)}. */
    public SequentialBuilder randomContrast(double factor) {
        return randomContrast(new double[] {factor}, c -> { });
    }

    /** A random contrast by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public SequentialBuilder randomContrast(double[] factor, Consumer<RandomContrastBuilder> options) {
        RandomContrastBuilder layer = new RandomContrastBuilder(Augmentations.factor(factor),
                nextName("random_contrast"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Adds up to {@code factor} of the value range to each training image, as {@code RandomBrightness(f)}. */
    public SequentialBuilder randomBrightness(double factor) {
        return randomBrightness(new double[] {factor}, b -> { });
    }

    /** A random brightness by {@code factor} ({@code f}, or lower and upper), its options set in the block. */
    public SequentialBuilder randomBrightness(double[] factor, Consumer<RandomBrightnessBuilder> options) {
        RandomBrightnessBuilder layer = new RandomBrightnessBuilder(Augmentations.factor(factor),
                nextName("random_brightness"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** {@code x · scale} on every value, as {@code keras.layers.Rescaling(scale)}: {@code rescaling(1.0 / 255)}. */
    public SequentialBuilder rescaling(double scale) {
        return rescaling(scale, r -> { });
    }

    /** A rescaling layer, its offset and other options set in the block. */
    public SequentialBuilder rescaling(double scale, Consumer<RescalingBuilder> options) {
        RescalingBuilder layer = new RescalingBuilder(scale, nextName("rescaling"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** One row and column of zeros around each feature map, as {@code keras.layers.ZeroPadding2D()}. */
    public SequentialBuilder zeroPadding2d() {
        return zeroPadding2d(p -> { });
    }

    /** Zero padding, its sizes and other options set in the block: {@code p -> p.padding(1, 2)}. */
    public SequentialBuilder zeroPadding2d(Consumer<ZeroPadding2DBuilder> options) {
        ZeroPadding2DBuilder layer = new ZeroPadding2DBuilder(nextName("zero_padding2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /**
     * The middle of each feature map, as {@code keras.layers.Cropping2D(cropping)}: one size (every side), two
     * (height, width) or four (top, bottom, left, right).
     */
    public SequentialBuilder cropping2d(int... cropping) {
        return cropping2d(cropping, c -> { });
    }

    /** Cropping, its name and other options set in the block. */
    public SequentialBuilder cropping2d(int[] cropping, Consumer<Cropping2DBuilder> options) {
        Cropping2DBuilder layer = new Cropping2DBuilder(cropping, nextName("cropping2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Each pixel repeated 2 × 2 times, as {@code keras.layers.UpSampling2D()}. */
    public SequentialBuilder upSampling2d() {
        return upSampling2d(u -> { });
    }

    /** Nearest up-sampling, its factors and other options set in the block: {@code u -> u.size(2, 3)}. */
    public SequentialBuilder upSampling2d(Consumer<UpSampling2DBuilder> options) {
        UpSampling2DBuilder layer = new UpSampling2DBuilder(nextName("up_sampling2d"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Each channel's mean over the whole feature map, (channels), as {@code keras.layers.GlobalAveragePooling2D()}. */
    public SequentialBuilder globalAveragePooling2d() {
        return globalAveragePooling2d(p -> { });
    }

    /** Global average pooling, its options set in the block. */
    public SequentialBuilder globalAveragePooling2d(Consumer<GlobalPooling2DBuilder> options) {
        return globalPooling(GlobalPooling2DSpec.Kind.AVERAGE, "global_average_pooling2d", options);
    }

    /** Each channel's maximum over the whole feature map, (channels), as {@code keras.layers.GlobalMaxPooling2D()}. */
    public SequentialBuilder globalMaxPooling2d() {
        return globalMaxPooling2d(p -> { });
    }

    /** Global max pooling, its options set in the block. */
    public SequentialBuilder globalMaxPooling2d(Consumer<GlobalPooling2DBuilder> options) {
        return globalPooling(GlobalPooling2DSpec.Kind.MAX, "global_max_pooling2d", options);
    }

    private SequentialBuilder globalPooling(GlobalPooling2DSpec.Kind kind, String kerasName,
                                            Consumer<GlobalPooling2DBuilder> options) {
        GlobalPooling2DBuilder layer = new GlobalPooling2DBuilder(kind, nextName(kerasName));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Batch normalisation with Keras's defaults, as {@code keras.layers.BatchNormalization()}. */
    public SequentialBuilder batchNormalization() {
        return batchNormalization(b -> { });
    }

    /** Batch normalisation, its options set in the block. */
    public SequentialBuilder batchNormalization(Consumer<BatchNormalizationBuilder> options) {
        BatchNormalizationBuilder layer = new BatchNormalizationBuilder(nextName("batch_normalization"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** Layer normalisation with Keras's defaults, as {@code keras.layers.LayerNormalization()}. */
    public SequentialBuilder layerNormalization() {
        return layerNormalization(n -> { });
    }

    /** Layer normalisation, its options set in the block. */
    public SequentialBuilder layerNormalization(Consumer<LayerNormalizationBuilder> options) {
        LayerNormalizationBuilder layer = new LayerNormalizationBuilder(nextName("layer_normalization"));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** The optimizer, loss and metrics, as Keras's {@code model.compile}. */
    public SequentialBuilder compile(Consumer<CompileBuilder> options) {
        CompileBuilder settings = new CompileBuilder();
        options.accept(settings);
        this.compile = settings;
        return this;
    }

    long seed() {
        return seed;
    }

    /** Keras's naming: dense, dense_1, dense_2, ... */
    String nextName(String kind) {
        int count = counts.merge(kind, 1, Integer::sum) - 1;
        return count == 0 ? kind : kind + "_" + count;
    }

    /**
     * The model described, checked.
     *
     * @throws ModelDefinitionException listing every error (and the warnings) when there is one
     */
    Checked check() {
        return check(name, java.util.Optional.empty(), layers, List.of(), compile, "m");
    }

    /**
     * The model of these parts, checked: the one check of both builders. {@code block} is the block parameter's
     * name in the messages' examples ({@code m} or {@code g}).
     */
    static Checked check(String name, java.util.Optional<dev.fusenet.model.InputSpec> input, List<LayerSpec> layers,
                         List<List<String>> reads, CompileBuilder compile, String block) {
        List<Problem> problems = new ArrayList<>();
        CompileBuilder settings = compile == null ? new CompileBuilder() : compile;
        boolean noLoss = settings.loss() == null;
        if (noLoss) {
            problems.add(Problem.error(Problem.MODEL, "loss", compile == null
                    ? "the model is not compiled; end the block with " + block + ".compile(c -> { c.optimizer(Optimizer.RMSPROP); "
                    + "c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); })"
                    : "compile sets no loss; choose one, e.g. c.loss(Loss.CATEGORICAL_CROSSENTROPY)"));
        }
        // Without a loss, the rest is still judged, against a loss that asks nothing of the layers.
        ModelSpec spec = new ModelSpec(name, input, layers, reads, settings.training(noLoss
                ? Loss.MEAN_SQUARED_ERROR : settings.loss()));
        for (Problem problem : ModelRules.check(spec)) {
            if (!(noLoss && problem.layer() == Problem.MODEL && NEED_THE_LOSS.contains(problem.attribute()))) {
                problems.add(problem);
            }
        }
        if (ModelRules.hasErrors(problems)) {
            throw new ModelDefinitionException(spec, problems);
        }
        return new Checked(spec, problems);
    }

    /** A model description that passed the rules, with its warnings. */
    record Checked(ModelSpec spec, List<Problem> warnings) {

        /** Prints the warnings to standard error, each with the layer it concerns. */
        void printWarnings() {
            for (Problem warning : warnings) {
                System.err.println("fusenet: model " + spec.name() + ", "
                        + ModelDefinitionException.where(warning, spec) + ": " + warning);
            }
        }
    }
}
