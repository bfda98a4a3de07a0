package dev.fusenet.runtime.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code fit} returns, as Keras's {@code History}: each logged value ({@code loss}, {@code accuracy},
 * {@code val_loss}, ...) per epoch, in order.
 */
public final class History {

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    /** Records the logs of one epoch (0-based, as Keras). */
    public void record(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            values.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue());
        }
    }

    /** The value of {@code key} per epoch, e.g. {@code history.get("val_accuracy")}. */
    public List<Double> get(String key) {
        List<Double> series = values.get(key);
        if (series == null) {
            throw new IllegalArgumentException("history has no \"" + key + "\"; it has " + values.keySet());
        }
        return Collections.unmodifiableList(series);
    }

    /** The last epoch's value of {@code key}. */
    public double last(String key) {
        List<Double> series = get(key);
        return series.get(series.size() - 1);
    }

    /** The logged names, in the order they first appeared. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The epochs recorded (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Keras's {@code history.history}: every series by name. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((key, series) -> copy.put(key, List.copyOf(series)));
        return copy;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
