package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import java.util.List;
import java.util.Optional;

/**
 * One layer of a model as declared. Each kind knows its own shape arithmetic and rules, so that adding a kind is
 * a record and its rules class, not a change to every switch in the model.
 */
public sealed interface LayerSpec permits DenseSpec, DropoutSpec, Conv2DSpec, Pooling2DSpec, FlattenSpec, MergeSpec,
        ConcatenateSpec, ActivationLayerSpec, BatchNormalizationSpec, GlobalPooling2DSpec,
        RescalingSpec, ZeroPadding2DSpec, UpSampling2DSpec, LayerNormalizationSpec, DepthwiseConv2DSpec,
        SeparableConv2DSpec, Conv2DTransposeSpec, RandomFlipSpec, RandomRotationSpec, RandomZoomSpec,
        RandomTranslationSpec, RandomContrastSpec, RandomBrightnessSpec, Cropping2DSpec {

    /** The layer's name: the declaring method's name, e.g. {@code hidden}. */
    String name();

    /** Keras's class name of the layer, e.g. {@code Conv2D}, which the summary shows and messages use. */
    String kind();

    /**
     * The simple name of its annotation in {@code dev.fusenet.annotations}: Keras's class name, except where Java
     * has that name for something else ({@code @ActivationLayer}, since {@code Activation} is the enum).
     */
    default String annotation() {
        return kind();
    }

    /** The input shape the declaration gave (on the first layer), if any. */
    Optional<Shape> inputShape();

    /** The problems of this layer's declared values on their own, e.g. a non-positive size. */
    List<Problem> checkDeclaration(int index);

    /**
     * This layer's problems given the shape it receives, which the earlier layers have been checked to produce,
     * once its declaration has no errors; {@code from} names where the input comes from ({@code pool2}, or
     * {@code the input}).
     */
    List<Problem> checkInput(int index, Shape input, String from);

    /** The shape of one sample's output for a valid {@code input}. */
    Shape outputShape(Shape input);

    /** The weights the kind declares for a valid {@code input}, in the order checkpoints and getWeights hold them. */
    default List<WeightSpec> weights(Shape input) {
        return List.of();
    }

    /** The number of trainable parameters for a valid {@code input}: its trainable weights' values. */
    default long parameterCount(Shape input) {
        return weights(input).stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::size).sum();
    }

    /**
     * Whether, in training, its forward and backward need statistics of the whole batch (batch normalisation): the
     * plan makes the shards meet there ({@link ModelPlan#trainingPhases}). At inference every kind is row by row.
     */
    default boolean needsWholeBatch() {
        return false;
    }

    /** Whether it has weights the optimizer trains. */
    default boolean hasWeights() {
        return false;
    }

    /** Its activation, for the kinds that apply one ({@code LINEAR} for the others). */
    default Activation activation() {
        return Activation.LINEAR;
    }

    /**
     * Whether it is a view: it computes nothing, and its output is the very memory of its input, seen in another
     * shape ({@code Flatten}).
     */
    default boolean isView() {
        return false;
    }

    /** Whether it reads its input through a matrix product, so the input must also be where products read it. */
    default boolean multipliesItsInput() {
        return false;
    }

    /** Whether it can be the model's output layer, the one the loss reads. */
    default boolean canBeTheOutput() {
        return false;
    }

    /**
     * For a kind that adds a per-channel bias and may apply ReLU: whether it can leave both to a reader that
     * commutes with them ({@link #commutesWithBiasAndRelu}), as a convolution before max pooling does.
     */
    default boolean canDeferBiasAndRelu() {
        return false;
    }

    /** Whether it commutes with adding a per-channel bias and with ReLU, both non-decreasing (max pooling). */
    default boolean commutesWithBiasAndRelu() {
        return false;
    }

    /**
     * The values per sample of its largest working buffer for a valid {@code input}: its output's, or more (a
     * convolution's patch matrix). It bounds the batch size, since a batch's buffers are Java arrays.
     */
    default long workingValues(Shape input, Shape output) {
        return output.size();
    }

    /** The attributes of its annotation that differ from their defaults, in the annotation's order. */
    List<Attribute> attributes();

    /** The fewest layers it reads: one for most kinds, two for a merge. */
    default int minInputs() {
        return 1;
    }

    /** The most layers it reads: one for most kinds, any number for most merges. */
    default int maxInputs() {
        return 1;
    }

    /**
     * This layer's problems given the shapes it receives, one per layer it reads ({@code from} names them), once
     * their number is within {@link #minInputs()} and {@link #maxInputs()}.
     */
    default List<Problem> checkInputs(int index, List<Shape> inputs, List<String> from) {
        return checkInput(index, inputs.get(0), from.get(0));
    }

    /** The shape of one sample's output for valid {@code inputs}. */
    default Shape outputShape(List<Shape> inputs) {
        return outputShape(inputs.get(0));
    }
}
