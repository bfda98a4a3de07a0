package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.OptimizerState;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every weight of a model, from the lists its layers declare ({@link Layer#weights()}), in Keras 3's order: layer
 * by layer, each layer's in its own order. It serves {@code getWeights}/{@code setWeights} (all weights), the
 * gradients, {@code applyGradients} and the optimizer's state (the trainable ones, Keras's
 * {@code trainable_weights}), and the copies early stopping keeps, without knowing any layer kind.
 *
 * <p>Not thread-safe: the model calls it under its read lock (reads) or write lock (writes). Every write checks
 * all of its input first, so a refused call leaves the weights as they were.
 */
public final class ParameterStore {

    /** One weight and the name of its layer. */
    public record Entry(String layer, Weight weight) {

        /** {@code dense.kernel}, as messages name it. */
        public String qualifiedName() {
            return layer + "." + weight.name();
        }
    }

    private final String modelName;
    private final List<Entry> all;
    private final List<Entry> trainable;

    /** The weights of {@code layers}, their optimizer state made by {@code optimizer}. */
    public ParameterStore(String modelName, List<? extends Layer> layers, GradientOptimizer optimizer) {
        this.modelName = modelName;
        List<Entry> entries = new ArrayList<>();
        for (Layer layer : layers) {
            for (Weight weight : layer.weights()) {
                weight.attach(optimizer);
                entries.add(new Entry(layer.name(), weight));
            }
        }
        this.all = List.copyOf(entries);
        this.trainable = all.stream().filter(entry -> entry.weight().trainable()).toList();
    }

    /** Every weight, in {@code getWeights}'s order. */
    public List<Entry> all() {
        return all;
    }

    /** The trainable weights, in the order of gradients and of the optimizer's state. */
    public List<Entry> trainable() {
        return trainable;
    }

    /** Copies of every weight's values. */
    public List<Tensor> values() {
        return all.stream().map(entry -> entry.weight().value()).toList();
    }

    /** Replaces every weight's values, once all of {@code values} have been checked. */
    public void setValues(List<Tensor> values) {
        List<float[]> checked = checked("setWeights", "weight", all, values);
        for (int i = 0; i < all.size(); i++) {
            all.get(i).weight().set(checked.get(i));
        }
    }

    /** Copies of the trainable weights' gradients from the last step. */
    public List<Tensor> gradients() {
        return trainable.stream().map(entry -> entry.weight().gradient()).toList();
    }

    /**
     * One optimizer step from {@code gradients}, one per trainable weight in {@link #trainable()}'s order, once
     * all have been checked: the same optimizer kernel on the same buffers as a training step.
     */
    public void applyGradients(GradientOptimizer optimizer, List<Tensor> gradients) {
        List<float[]> checked = checked("applyGradients", "gradient", trainable, gradients);
        optimizer.beginStep();
        for (int i = 0; i < trainable.size(); i++) {
            Weight weight = trainable.get(i).weight();
            weight.setGradient(checked.get(i));
            weight.update(optimizer);
            weight.changed();
        }
        optimizer.endStep();
    }

    /** Copies of the optimizer's state: each trainable weight's slots, in order, shaped as the weight. */
    public OptimizerState optimizerState(GradientOptimizer optimizer) {
        List<Tensor> slots = new ArrayList<>();
        for (Entry entry : trainable) {
            for (float[] slot : entry.weight().slots) {
                slots.add(Tensor.of(slot.clone(), entry.weight().shape()));
            }
        }
        return new OptimizerState(optimizer.iterations(), slots);
    }

    /** Replaces the optimizer's state with {@code state}, once every slot has been checked. */
    public void setOptimizerState(GradientOptimizer optimizer, OptimizerState state) {
        List<float[]> targets = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (Entry entry : trainable) {
            for (int s = 0; s < entry.weight().slots.length; s++) {
                targets.add(entry.weight().slots[s]);
                owners.add(entry.qualifiedName() + "/" + optimizer.slotNames().get(s));
            }
        }
        if (state.slots().size() != targets.size()) {
            throw new IllegalArgumentException("setOptimizerState: " + optimizer.name() + " on model " + modelName
                    + " has " + targets.size() + " slots, but " + state.slots().size() + " were given");
        }
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            float[] value = state.slots().get(i).castTo(DType.FLOAT32).toFloatArray();
            if (value.length != targets.get(i).length) {
                throw new IllegalArgumentException("setOptimizerState: slot " + i + " (" + owners.get(i) + ") has "
                        + value.length + " values, but it needs " + targets.get(i).length);
            }
            values.add(value);
        }
        for (int i = 0; i < targets.size(); i++) {
            System.arraycopy(values.get(i), 0, targets.get(i), 0, targets.get(i).length);
        }
        optimizer.setIterations(state.iterations());
    }

    /** A copy of every weight's values and slots, for {@link #restore}. */
    public Object snapshot() {
        List<float[]> copies = new ArrayList<>();
        for (Entry entry : all) {
            copies.add(entry.weight().values.clone());
            for (float[] slot : entry.weight().slots) {
                copies.add(slot.clone());
            }
        }
        return copies;
    }

    /** Puts back what {@link #snapshot} copied. */
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        java.util.Iterator<float[]> copies = ((List<float[]>) snapshot).iterator();
        for (Entry entry : all) {
            Weight weight = entry.weight();
            float[] values = copies.next();
            for (float[] slot : weight.slots) {
                float[] copy = copies.next();
                System.arraycopy(copy, 0, slot, 0, slot.length);
            }
            weight.set(values);
        }
    }

    /** {@code values} as float arrays, once each has been checked to have the shape of the weight at its place. */
    private List<float[]> checked(String operation, String what, List<Entry> weights, List<Tensor> values) {
        if (values.size() != weights.size()) {
            String kind = weights == trainable && trainable.size() != all.size() ? " trainable" : "";
            throw new IllegalArgumentException(operation + ": model " + modelName + " has " + weights.size() + kind
                    + " weights (" + String.join(", ", weights.stream().map(Entry::qualifiedName).toList())
                    + "), but " + values.size() + " were given");
        }
        List<float[]> checked = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Entry entry = weights.get(i);
            checked.add(entry.weight().checked(operation, what + " " + i + " (" + entry.qualifiedName() + ")",
                    values.get(i)));
        }
        return checked;
    }
}
