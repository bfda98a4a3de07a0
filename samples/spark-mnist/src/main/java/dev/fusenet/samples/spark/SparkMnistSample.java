package dev.fusenet.samples.spark;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.samples.common.SampleOptions;
import dev.fusenet.spark.SparkFit;
import dev.fusenet.spark.SparkFitOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MNIST from the usual IDX files turned into DataFrames (a {@code features} column of 784 floats and a
 * {@code label} column of class indices), the lecture's network trained on them with {@link SparkFit}, and the
 * test accuracy computed on the cluster; {@code test_acc: 0.9xxx} is printed last.
 *
 * <p>Flags: {@code --mode averaging} (default, local SGD) or {@code --mode sync} (synchronous, one machine's
 * weights), {@code --master URL} ({@code local[*]}; spark-submit sets it on a cluster), and the MNIST samples'
 * {@code --data DIR}, {@code --epochs N} (5), {@code --batch-size N} (128).
 */
public final class SparkMnistSample {

    private SparkMnistSample() {
    }

    public static void main(String[] args) throws Exception {
        dev.fusenet.samples.common.CommandLine.run("spark-mnist", args, SparkMnistSample::train);
    }

    /** The sample itself; bad input (flags, a missing data folder) ends it with a message, not a stack trace. */
    static void train(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        SparkFitOptions.Mode mode = SparkFitOptions.Mode.PARAMETER_AVERAGING;
        String master = null;
        for (int i = 0; i + 1 < rest.size(); ) {
            if (rest.get(i).equals("--mode")) {
                mode = switch (rest.get(i + 1)) {
                    case "sync" -> SparkFitOptions.Mode.SYNCHRONOUS;
                    case "averaging" -> SparkFitOptions.Mode.PARAMETER_AVERAGING;
                    default -> throw new IllegalArgumentException("--mode is sync or averaging, not "
                            + rest.get(i + 1));
                };
                rest.subList(i, i + 2).clear();
            } else if (rest.get(i).equals("--master")) {
                master = rest.get(i + 1);
                rest.subList(i, i + 2).clear();
            } else {
                i += 2;
            }
        }
        SampleOptions options = SampleOptions.parse(5, 128, rest.toArray(String[]::new));
        SparkSession.Builder builder = SparkSession.builder().appName("fusenet MNIST")
                .config("spark.ui.enabled", "false");
        if (master != null || System.getProperty("spark.master") == null) {
            builder.master(master != null ? master : "local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Mnist.Data mnist = options.loadMnist();
            Dataset<Row> train = frame(spark, mnist.trainImages(), mnist.trainLabels());
            Dataset<Row> test = frame(spark, mnist.testImages(), mnist.testLabels());
            SparkFitOptions.Mode chosen = mode;
            CompiledMnistNet model = new CompiledMnistNet();
            SparkFit training = SparkFit.of(model);
            long start = System.nanoTime();
            training.fit(train, o -> o.epochs(options.epochs()).batchSize(options.batchSize()).mode(chosen));
            System.out.printf(Locale.ROOT, "trained in %.1f s (%s, %d partitions); seconds by phase: %s%n",
                    (System.nanoTime() - start) / 1e9, chosen, train.rdd().getNumPartitions(),
                    training.lastTimings());
            Evaluation result = training.evaluate(test, "features", "label");
            System.out.printf(Locale.ROOT, "test_loss: %.4f%n", result.loss());
            System.out.printf(Locale.ROOT, "test_acc: %.4f%n", result.metric("accuracy"));
        } finally {
            spark.stop();
        }
    }

    /** (n, 28, 28) pixels and (n) labels as a DataFrame: features (784 floats in [0, 1]), label (int). */
    public static Dataset<Row> frame(SparkSession spark, Tensor images, Tensor labels) {
        int n = Math.toIntExact(images.shape()[0]);
        float[] pixels = images.reshape(n, 784).castTo(DType.FLOAT32).div(255).toFloatArray();
        int[] classes = labels.castTo(DType.INT32).toIntArray();
        List<Row> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            rows.add(RowFactory.create(Arrays.copyOfRange(pixels, r * 784, (r + 1) * 784), classes[r]));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        return spark.createDataFrame(rows, schema);
    }
}
