package dev.fusenet.runtime;

import java.util.List;

/**
 * What {@link Model#computeGradients} gives: the batch's mean loss and the gradient of that loss with respect to
 * each trainable weight, in {@link Model#getWeights()}'s order and shapes with the non-trainable ones left out.
 */
public record Gradients(double loss, List<Tensor> values) {

    public Gradients {
        values = List.copyOf(values);
    }
}
