package dev.fusenet.model;

import dev.fusenet.annotations.Initializer;

/**
 * One weight a layer kind declares, as Keras's {@code add_weight}: its name within the layer ({@code kernel},
 * {@code bias}), its shape, whether the optimizer trains it, and how it starts.
 */
public record WeightSpec(String name, Shape shape, boolean trainable, Initializer initializer) {

    /** The number of values. */
    public long size() {
        return shape.size();
    }
}
