package dev.fusenet.samples.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and output format; the timed run itself is the program, not a test. */
class MnistBenchmarkTest {

    @Test
    void mediansOfOddAndEvenCounts() {
        assertEquals(2.0, Measurements.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Measurements.median(new double[] {4, 1, 3, 2}));
        Measurements.Cost median = Measurements.median(List.of(new Measurements.Cost(1.0, 10, 0),
                new Measurements.Cost(3.0, 30, 2), new Measurements.Cost(2.0, 20, 1)));
        assertEquals(new Measurements.Cost(2.0, 20, 1), median);
    }

    @Test
    void theLastLineIsOneJsonObjectWithTheRatio() {
        MnistBenchmark.Result fusenet = new MnistBenchmark.Result(new Measurements.Cost(1.0, 1000, 0), 469, 50_000,
                0.978, 90_000);
        MnistBenchmark.Result dl4j = new MnistBenchmark.Result(new Measurements.Cost(4.0, 9000, 3), 117, 20_000,
                0.977, Double.NaN);
        MnistBenchmark.Result dsl = new MnistBenchmark.Result(new Measurements.Cost(3.0, 5000, 1), 156, 30_000,
                0.976, 60_000);
        String json = MnistBenchmark.json(fusenet, dsl, dl4j, 5);
        assertTrue(json.startsWith("{\"epochs\": 5, \"fusenet_epoch_s\": 1.00000, \"dl4j_epoch_s\": 4.00000, "
                + "\"epoch_ratio\": 0.250000"), json);
        assertTrue(json.contains("\"fusenet_test_acc\": 0.978000, \"dl4j_test_acc\": 0.977000, "), json);
        assertTrue(json.contains("\"dsl_epoch_s\": 3.00000, \"dsl_epoch_ratio\": 3.00000"), json);
        assertTrue(json.endsWith("\"dsl_test_acc\": 0.976000}"), json);
        assertTrue(json.contains("\"fusenet_predict_per_s\": 50000.0"), json);
        assertTrue(json.contains("\"fusenet_predict_4threads_per_s\": 90000.0"), json);
        String table = MnistBenchmark.table(fusenet, dsl, dl4j, 5);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("seconds per epoch") && l.matches(
                ".* 1\\.000 +3\\.000 +4\\.000 +0\\.25 +3\\.00")), table);
    }

    @Test
    void theTapeLoopIsReportedAgainstTheCompiledClass() {
        MnistBenchmark.Result compiled = new MnistBenchmark.Result(new Measurements.Cost(0.5, 1000, 0), 938, 50_000,
                0.978, 90_000);
        MnistBenchmark.TapeResult tape = new MnistBenchmark.TapeResult(new Measurements.Cost(2.0, 469_000_000, 4),
                469, 0.95, 3);
        String json = MnistBenchmark.format(MnistBenchmark.tapeFields(tape, compiled));
        assertEquals("{\"tape_epochs\": 3, \"tape_epoch_s\": 2.00000, \"tape_epoch_ratio\": 4.00000, "
                + "\"tape_alloc_bytes_per_step\": 1.00000e+06, \"tape_gc_per_epoch\": 4, \"tape_test_acc\": 0.950000}",
                json);
        assertEquals("from-scratch GradientTape loop: 2.000 s per epoch (4.00× the compiled class), 1.0 MB of heap "
                + "allocated per step, test accuracy 0.9500 after 3 epochs", MnistBenchmark.tapeLine(tape, compiled)
                .strip());
    }

    @Test
    void sparkFiguresSitBesideTheSingleJvmEpoch() {
        SparkBenchmark.Results results = new SparkBenchmark.Results(
                new SparkBenchmark.Epoch(47.0, 469, java.util.Map.of("partitions", 44.0)),
                new SparkBenchmark.Epoch(12.0, 47, java.util.Map.of("partitions", 8.0)));
        java.util.Map<String, Object> fields = SparkBenchmark.fields(results, 0.5);
        assertEquals(94.0, (Double) fields.get("spark_sync_epoch_ratio"), 1e-12);
        assertEquals(47.0 / 469, (Double) fields.get("spark_sync_step_s"), 1e-12);
        assertEquals(24.0, (Double) fields.get("spark_averaging_epoch_ratio"), 1e-12);
        String table = SparkBenchmark.table(results, 0.5);
        assertTrue(table.contains("synchronous                             47.0            0.100          94.0            44.0"),
                table);
    }
}
