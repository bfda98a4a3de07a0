package dev.fusenet.runtime;

import java.util.List;

/**
 * A model's optimizer state, as Keras's {@code optimizer.variables}: its step count and, for each weight in
 * {@link Model#getWeights()}'s order, each of its slots (RMSprop's velocity, Adam's moments, ...), each shaped as
 * its weight.
 */
public record OptimizerState(long iterations, List<Tensor> slots) {

    public OptimizerState {
        slots = List.copyOf(slots);
    }
}
