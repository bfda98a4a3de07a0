package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/**
 * One layer of a model as declared. Each kind knows its own shape arithmetic and rules, so that adding a kind is
 * a record and its rules class, not a change to every switch in the model.
 */
public sealed interface LayerSpec permits DenseSpec, DropoutSpec, Conv2DSpec, Pooling2DSpec, FlattenSpec, MergeSpec,
        ConcatenateSpec {

    /** The layer's name: the declaring method's name, e.g. {@code hidden}. */
    String name();

    /** Keras's class name of the layer, e.g. {@code Conv2D}, which the summary shows and messages use. */
    String kind();

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

    /** The number of trainable parameters for a valid {@code input}. */
    long parameterCount(Shape input);

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
