package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/**
 * A model as declared, before validation: its name, its input, its layers in declaration order, which layers each
 * one reads, and its training settings. Both front ends build one (the annotation processor from {@code @Compile}
 * types, the runtime DSL from builder calls) and check it with {@link ModelRules}.
 *
 * @param input the declared input ({@code @Input}), or empty when the first layer's {@code inputShape} gives it
 * @param reads for each layer, the names of the layers (or the input) it reads, in order; an empty list means the
 *     layer declared just before it (the model's input for the first layer), so a chain needs no names at all.
 *     Either empty, for a chain, or one entry per layer.
 */
public record ModelSpec(String name, Optional<InputSpec> input, List<LayerSpec> layers, List<List<String>> reads,
                        TrainingSpec training) {

    /**
     * The seed a model's weights are drawn from when none is given, by both front ends: so a compiled model and
     * the runtime DSL's model of one architecture start from the same weights.
     */
    public static final long DEFAULT_SEED = 42L;

    public ModelSpec {
        layers = List.copyOf(layers);
        reads = reads.stream().map(List::copyOf).toList();
        if (!reads.isEmpty() && reads.size() != layers.size()) {
            throw new IllegalArgumentException("reads has " + reads.size() + " entries for " + layers.size()
                    + " layers; give one per layer, or none for a chain");
        }
    }

    /** A chain: each layer reads the one before it, the first the input its {@code inputShape} declares. */
    public ModelSpec(String name, List<LayerSpec> layers, TrainingSpec training) {
        this(name, Optional.empty(), layers, List.of(), training);
    }

    /** The names layer {@code index} reads, as declared: empty when it reads the layer before it. */
    public List<String> readsOf(int index) {
        return reads.isEmpty() ? List.of() : reads.get(index);
    }

    /** Whether every layer reads the one before it, with no {@code @Input} and no names: a Keras Sequential. */
    public boolean isChain() {
        return input.isEmpty() && reads.stream().allMatch(List::isEmpty);
    }

    /** The name the model's input goes by: the {@code @Input} method's, else {@code input}. */
    public String inputName() {
        return input.map(InputSpec::name).orElse("input");
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

    /** The shape of one input sample: the {@code @Input}'s, else the first layer's inputShape, if it has one. */
    public Optional<Shape> inputShape() {
        if (input.isPresent()) {
            return Optional.of(input.get().shape());
        }
        return layers.isEmpty() ? Optional.empty() : layers.get(0).inputShape();
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
