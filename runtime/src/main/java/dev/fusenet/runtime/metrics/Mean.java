package dev.fusenet.runtime.metrics;

/** The weighted mean of the values it is given (keras.metrics.Mean): how fit tracks the loss over an epoch. */
public final class Mean extends StreamingMetric {

    private double total;
    private double count;

    public Mean(String name) {
        super(name);
    }

    /** Adds one value with weight 1. */
    public void update(double value) {
        update(value, 1);
    }

    /** Adds a value with a weight, e.g. a batch's mean loss weighted by its number of samples. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    @Override
    public double result() {
        return count == 0 ? 0 : total / count;
    }

    @Override
    public void reset() {
        total = 0;
        count = 0;
    }
}
