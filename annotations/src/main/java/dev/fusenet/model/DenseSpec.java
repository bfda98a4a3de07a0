package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import java.util.OptionalInt;

/**
 * A declared {@code @Dense} layer. {@code inputShape} is present only where the declaration gave one.
 */
public record DenseSpec(String name, int units, Activation activation, boolean useBias, OptionalInt inputShape,
                        Initializer kernelInitializer, Initializer biasInitializer) implements LayerSpec {

    /** A dense layer with Keras's defaults for everything but units and activation. */
    public static DenseSpec of(String name, int units, Activation activation) {
        return new DenseSpec(name, units, activation, true, OptionalInt.empty(), Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS);
    }

    /** This layer with an input shape. */
    public DenseSpec withInputShape(int inputShape) {
        return new DenseSpec(name, units, activation, useBias, OptionalInt.of(inputShape), kernelInitializer,
                biasInitializer);
    }
}
