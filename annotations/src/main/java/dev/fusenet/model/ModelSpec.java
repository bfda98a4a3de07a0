package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/**
 * A model as declared, before validation: its name, its layers in order and its training settings. Both front
 * ends build one (the annotation processor from {@code @Compile} types, the runtime DSL from builder calls) and
 * check it with {@link ModelRules}.
 */
public record ModelSpec(String name, List<LayerSpec> layers, TrainingSpec training) {

    /**
     * The seed a model's weights are drawn from when none is given, by both front ends: so a compiled model and
     * the runtime DSL's model of one architecture start from the same weights.
     */
    public static final long DEFAULT_SEED = 42L;

    public ModelSpec {
        layers = List.copyOf(layers);
    }

    /** The dense layers, in order. */
    public List<DenseSpec> denseLayers() {
        return layers.stream().filter(DenseSpec.class::isInstance).map(DenseSpec.class::cast).toList();
    }

    /** The last dense layer: the model's output. */
    public Optional<DenseSpec> outputLayer() {
        List<DenseSpec> dense = denseLayers();
        return dense.isEmpty() ? Optional.empty() : Optional.of(dense.get(dense.size() - 1));
    }

    /** The shape of one input sample: the first layer's inputShape, if it has one. */
    public java.util.Optional<Shape> inputShape() {
        return layers.isEmpty() ? java.util.Optional.empty() : layers.get(0).inputShape();
    }

    /** The number of values in one input sample (0 when the first layer has no inputShape). */
    public int inputSize() {
        return inputShape().map(shape -> (int) Math.min(shape.size(), Integer.MAX_VALUE)).orElse(0);
    }

    /** The number of outputs: the last dense layer's units. */
    public int outputSize() {
        return outputLayer().map(DenseSpec::units).orElse(0);
    }
}
