package dev.fusenet.samples.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime part's figures as the table and the JSON line show them. */
class ServingBenchmarkTest {

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        double[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        assertEquals(5, ServingBenchmark.percentile(values, 50));
        assertEquals(10, ServingBenchmark.percentile(values, 99));
        assertEquals(1, ServingBenchmark.percentile(values, 1));
        assertEquals(5, values[0], "the caller's array is left unsorted");
    }

    @Test
    void aRatioIsAlwaysFusenetTimeOverOnnxRuntimeTime() {
        ServingBenchmark.Figure throughput = new ServingBenchmark.Figure("mlp", "batch 32", "batch32", 50_000,
                100_000, "images/s", true);
        ServingBenchmark.Figure latency = new ServingBenchmark.Figure("mlp", "latency of one image, p50",
                "latency_p50", 30, 20, "µs", false);
        assertEquals(2.0, throughput.timeRatio(), 1e-12);
        assertEquals(1.5, latency.timeRatio(), 1e-12);
        ServingBenchmark.Results results = new ServingBenchmark.Results(List.of(throughput, latency),
                Map.of("mlp", 8.3e-7));
        assertEquals(List.of("serving_mlp_batch32_fusenet", "serving_mlp_batch32_ort",
                "serving_mlp_latency_p50_fusenet", "serving_mlp_latency_p50_ort"),
                List.copyOf(ServingBenchmark.fields(results).keySet()));
        String table = ServingBenchmark.table(results);
        assertTrue(table.contains("mlp, batch 32 | 50000.0 | 100000.0 | images/s | 2.00\n"), table);
        assertTrue(table.contains("mlp, latency of one image, p50 | 30.0 | 20.0 | µs | 1.50\n"), table);
        assertTrue(table.contains("mlp: largest |fusenet - ORT| over the test set's outputs 8.3e-07"), table);
    }
}
