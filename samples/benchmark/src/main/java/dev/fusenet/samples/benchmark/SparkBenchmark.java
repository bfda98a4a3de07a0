package dev.fusenet.samples.benchmark;

import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.samples.spark.CompiledMnistNet;
import dev.fusenet.samples.spark.SparkMnistSample;
import dev.fusenet.spark.SparkFit;
import dev.fusenet.spark.SparkFitOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lecture's network trained with SparkFit in {@code local[2]}: one epoch of each mode (after a short warm-up
 * fit), next to the single-JVM epoch, with the driver's split of the time. Batches of 128; parameter averaging
 * every 5 batches.
 */
final class SparkBenchmark {

    private static final int BATCH = 128;
    private static final int AVERAGING_FREQUENCY = 5;

    /** One mode's epoch: its seconds, its steps (or rounds), and the phases' seconds. */
    record Epoch(double seconds, int steps, Map<String, Double> phases) {

        double perStep() {
            return seconds / steps;
        }
    }

    record Results(Epoch synchronous, Epoch averaging) {
    }

    private SparkBenchmark() {
    }

    static Results run(Mnist.Data mnist) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("fusenet benchmark")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> train = SparkMnistSample.frame(spark, mnist.trainImages(), mnist.trainLabels())
                    .repartition(2).cache();
            long rows = train.count();
            // Warm-up: Spark's and fusenet's first jobs on a slice.
            SparkFit.of(new CompiledMnistNet()).fit(train.limit(2048), o -> o.epochs(1).batchSize(BATCH)
                    .verbose(false));
            Epoch synchronous = epoch(train, SparkFitOptions.Mode.SYNCHRONOUS,
                    (int) Math.ceil(rows / (double) BATCH));
            Epoch averaging = epoch(train, SparkFitOptions.Mode.PARAMETER_AVERAGING,
                    (int) Math.ceil(rows / 2.0 / (BATCH * AVERAGING_FREQUENCY)));
            return new Results(synchronous, averaging);
        } finally {
            spark.stop();
        }
    }

    private static Epoch epoch(Dataset<Row> train, SparkFitOptions.Mode mode, int steps) {
        System.out.println("SparkFit, local[2]: 1 epoch of " + mode + " ...");
        SparkFit fit = SparkFit.of(new CompiledMnistNet());
        long start = System.nanoTime();
        fit.fit(train, o -> o.epochs(1).batchSize(BATCH).mode(mode).averagingFrequency(AVERAGING_FREQUENCY)
                .verbose(false));
        return new Epoch((System.nanoTime() - start) / 1e9, steps, fit.lastTimings());
    }

    static String table(Results results, double singleJvmEpoch) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nSparkFit, local[2], 1 epoch          seconds   per step/round   ×single JVM   in Spark jobs%n"));
        line(table, "synchronous", results.synchronous(), singleJvmEpoch);
        line(table, "parameter averaging", results.averaging(), singleJvmEpoch);
        return table.toString();
    }

    private static void line(StringBuilder table, String name, Epoch epoch, double singleJvmEpoch) {
        table.append(String.format(Locale.ROOT, "%-34s %9.1f %16.3f %13.1f %15.1f%n", name, epoch.seconds(),
                epoch.perStep(), epoch.seconds() / singleJvmEpoch, epoch.phases().getOrDefault("partitions", 0.0)));
    }

    static Map<String, Object> fields(Results results, double singleJvmEpoch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("spark_sync_epoch_s", results.synchronous().seconds());
        fields.put("spark_sync_step_s", results.synchronous().perStep());
        fields.put("spark_sync_epoch_ratio", results.synchronous().seconds() / singleJvmEpoch);
        fields.put("spark_averaging_epoch_s", results.averaging().seconds());
        fields.put("spark_averaging_round_s", results.averaging().perStep());
        fields.put("spark_averaging_epoch_ratio", results.averaging().seconds() / singleJvmEpoch);
        return fields;
    }
}
