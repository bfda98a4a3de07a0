package dev.fusenet.runtime.metrics;

/**
 * A metric that accumulates over batches, as a Keras metric object: it is updated batch by batch, its
 * {@link #result()} covers everything seen since the last {@link #reset()}, and streaming a data set in batches
 * gives the same result as one update with all of it.
 */
public abstract class StreamingMetric implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    protected StreamingMetric(String name) {
        this.name = name;
    }

    /** The name Keras shows in logs and history, e.g. {@code "accuracy"} or {@code "loss"}. */
    public String name() {
        return name;
    }

    /** The metric over everything seen since the last reset; 0 before any update, as Keras. */
    public abstract double result();

    /** Forgets everything seen. */
    public abstract void reset();

    @Override
    public String toString() {
        return name + ": " + result();
    }
}
