package dev.fusenet.runtime;

import java.util.Map;

/** What {@code evaluate} returns, as Keras's {@code model.evaluate(..., return_dict=True)}. */
public record Evaluation(double loss, Map<String, Double> metrics) {

    public Evaluation {
        metrics = Map.copyOf(metrics);
    }

    /**
     * A metric by its Keras name, e.g. {@code "accuracy"}.
     *
     * @throws IllegalArgumentException naming the metrics there are
     */
    public double metric(String kerasName) {
        Double value = metrics.get(kerasName);
        if (value == null) {
            throw new IllegalArgumentException("the model has no metric \"" + kerasName + "\"; it has "
                    + metrics.keySet());
        }
        return value;
    }
}
