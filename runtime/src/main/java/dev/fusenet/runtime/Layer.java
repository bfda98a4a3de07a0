package dev.fusenet.runtime;

import dev.fusenet.runtime.compiled.Weight;
import java.util.List;

/**
 * A view of one layer of a model: what a layer method of a {@code @Compile} type returns.
 */
public interface Layer {

    /** The layer's name: its method's name, e.g. {@code hidden}. */
    String name();

    /** Keras's class name of the layer's kind, as the summary prints it, e.g. {@code Conv2D} or {@code Add}. */
    String type();

    /** The shape of one sample's output, e.g. {@code [512]}. */
    long[] outputShape();

    /**
     * Its weights as Keras's {@code layer.weights} lists them, in the order the kind declares them (a dense
     * layer's kernel then bias; batch normalization's gamma, beta, moving_mean, moving_variance); empty for a
     * layer without weights. The objects are the layer's own: read them through {@link Weight#value()}, and change
     * them through the model ({@code setWeights}, {@code load}), which holds the lock training takes.
     */
    default List<Weight> weights() {
        return List.of();
    }

    /** Copies of its weights' values, in {@link #weights()}'s order: Keras's {@code layer.get_weights()}. */
    default List<Tensor> getWeights() {
        return weights().stream().map(Weight::value).toList();
    }

    /** The number of parameters, trainable or not, as the summary's "Param #" counts them. */
    default long parameterCount() {
        return weights().stream().mapToLong(Weight::size).sum();
    }

    /** The number of parameters the optimizer trains. */
    default long trainableParameterCount() {
        return weights().stream().filter(Weight::trainable).mapToLong(Weight::size).sum();
    }

    /**
     * A copy of its weight called {@code name}, e.g. {@code kernel}.
     *
     * @throws IllegalStateException when it has no weight of that name, naming those it has
     */
    default Tensor weight(String name) {
        for (Weight weight : weights()) {
            if (weight.name().equals(name)) {
                return weight.value();
            }
        }
        List<String> names = weights().stream().map(Weight::name).toList();
        throw new IllegalStateException("layer " + name() + " (" + type() + ") has no weight " + name
                + (names.isEmpty() ? "; it has no weights" : "; its weights are " + names));
    }

    /**
     * A copy of the kernel, shaped as Keras stores it ((inputs, units) for a dense layer).
     *
     * @throws IllegalStateException for a layer without one (dropout, pooling)
     */
    default Tensor kernel() {
        return weight("kernel");
    }

    /**
     * A copy of the bias, shaped (units).
     *
     * @throws IllegalStateException for a layer without one ({@code useBias = false}, pooling)
     */
    default Tensor bias() {
        return weight("bias");
    }
}
