package dev.fusenet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Counting a data set in parts, shipping the parts (as a cluster's partitions do) and merging them gives the
 * metric of the whole, exactly.
 */
class MetricMergeTest {

    private static final int ROWS = 50;
    private static final int WIDTH = 4;

    @ParameterizedTest
    @EnumSource(Metric.class)
    void partsMergedAreTheWhole(Metric kind) throws Exception {
        Loss loss = kind == Metric.SPARSE_CATEGORICAL_ACCURACY ? Loss.SPARSE_CATEGORICAL_CROSSENTROPY
                : kind == Metric.BINARY_ACCURACY || kind == Metric.AUC || kind == Metric.PRECISION
                || kind == Metric.RECALL ? Loss.BINARY_CROSSENTROPY : Loss.CATEGORICAL_CROSSENTROPY;
        boolean sparse = loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
        SplittableRandom random = new SplittableRandom(kind.ordinal());
        float[] predictions = new float[ROWS * WIDTH];
        float[] labels = new float[sparse ? ROWS : ROWS * WIDTH];
        float[] weights = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            int label = random.nextInt(WIDTH);
            for (int c = 0; c < WIDTH; c++) {
                predictions[r * WIDTH + c] = (float) random.nextDouble();
            }
            if (sparse) {
                labels[r] = label;
            } else {
                labels[r * WIDTH + label] = 1f;
            }
            weights[r] = (float) random.nextDouble() * 2;
        }
        for (boolean weighted : new boolean[] {false, true}) {
            PredictionMetric whole = Metrics.of(kind, loss, WIDTH);
            whole.update(labels, predictions, ROWS, WIDTH, weighted ? weights : null);
            int split = 17;
            int labelWidth = sparse ? 1 : WIDTH;
            PredictionMetric first = Metrics.of(kind, loss, WIDTH);
            first.update(java.util.Arrays.copyOfRange(labels, 0, split * labelWidth),
                    java.util.Arrays.copyOfRange(predictions, 0, split * WIDTH), split, WIDTH,
                    weighted ? java.util.Arrays.copyOfRange(weights, 0, split) : null);
            PredictionMetric rest = Metrics.of(kind, loss, WIDTH);
            rest.update(java.util.Arrays.copyOfRange(labels, split * labelWidth, labels.length),
                    java.util.Arrays.copyOfRange(predictions, split * WIDTH, predictions.length), ROWS - split, WIDTH,
                    weighted ? java.util.Arrays.copyOfRange(weights, split, ROWS) : null);
            PredictionMetric merged = shipped(first);
            merged.merge(shipped(rest));
            assertEquals(whole.result(), merged.result(), 1e-12, kind + (weighted ? " weighted" : ""));
        }
    }

    @Test
    void mergingAnotherKindSaysSo() {
        PredictionMetric accuracy = new CategoricalAccuracy();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> accuracy.merge(new Precision()));
        assertEquals("categorical_accuracy: cannot merge a Precision into a CategoricalAccuracy", error.getMessage());
    }

    /** Through Java serialization, as Spark ships results. */
    private static PredictionMetric shipped(PredictionMetric metric) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(metric);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PredictionMetric) in.readObject();
        }
    }
}
