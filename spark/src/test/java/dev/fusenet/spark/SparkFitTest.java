package dev.fusenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SparkFit in a real SparkSession, local[2] with up to 4 attempts per task (so a failed task is retried). */
class SparkFitTest {

    private static final int ROWS = 240;
    private static final long SEED = 5;

    private static SparkSession spark;
    private static JavaSparkContext context;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2,4]").appName("fusenet-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** 8 features; the class is which of the first three is largest, a problem a small network learns. */
    static List<Sample> samples(int rows) {
        SplittableRandom random = new SplittableRandom(11);
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[] x = new float[8];
            for (int i = 0; i < 8; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            int label = x[0] > x[1] ? (x[0] > x[2] ? 0 : 2) : (x[1] > x[2] ? 1 : 2);
            samples.add(new Sample(x, new float[] {label}));
        }
        return samples;
    }

    /** The same rows with one-hot labels, as categorical cross-entropy takes them. */
    static List<Sample> oneHotSamples(int rows) {
        List<Sample> oneHot = new ArrayList<>();
        for (Sample sample : samples(rows)) {
            float[] label = new float[3];
            label[(int) sample.label()[0]] = 1f;
            oneHot.add(new Sample(sample.features(), label));
        }
        return oneHot;
    }

    static Tensor x(List<Sample> samples) {
        float[] values = new float[samples.size() * 8];
        for (int r = 0; r < samples.size(); r++) {
            System.arraycopy(samples.get(r).features(), 0, values, r * 8, 8);
        }
        return Tensor.of(values, samples.size(), 8);
    }

    static Tensor indices(List<Sample> samples) {
        float[] values = new float[samples.size()];
        for (int r = 0; r < samples.size(); r++) {
            values[r] = samples.get(r).label()[0];
        }
        return Tensor.of(values, samples.size());
    }

    static Tensor oneHot(List<Sample> samples) {
        float[] values = new float[samples.size() * 3];
        for (int r = 0; r < samples.size(); r++) {
            values[r * 3 + (int) samples.get(r).label()[0]] = 1f;
        }
        return Tensor.of(values, samples.size(), 3);
    }

    private static void assertClose(Model expected, Model actual, double tolerance, String what) {
        for (int i = 0; i < expected.getWeights().size(); i++) {
            float[] a = expected.getWeights().get(i).toFloatArray();
            float[] b = actual.getWeights().get(i).toFloatArray();
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], tolerance, what + ": weight " + i + "[" + j + "]");
            }
        }
    }

    // ------------------------------------------------------------------ mode 1: synchronous

    @Test
    void synchronousTrainingGivesTheSingleMachineWeightsForSgdWithMomentum() {
        List<Sample> data = samples(ROWS);
        Model alone = new CompiledSgdNet();
        alone.fit(x(data), oneHot(data), o -> o.epochs(3).batchSize(32).seed(SEED).verbosity(Verbosity.SILENT));
        Model spread = new CompiledSgdNet();
        History history = SparkFit.of(spread).fit(context.parallelize(oneHotSamples(ROWS), 2), o -> o.epochs(3)
                .batchSize(32)
                .seed(SEED).verbose(false));
        assertEquals(3, history.epochs().size());
        assertClose(alone, spread, 1e-4, "SGD, 3 epochs of 8 steps");
    }

    @Test
    void synchronousTrainingGivesTheSingleMachineWeightsForAdam() {
        List<Sample> data = samples(ROWS);
        Model alone = new CompiledAdamNet();
        History expected = alone.fit(x(data), indices(data), o -> o.epochs(3).batchSize(32).seed(SEED)
                .verbosity(Verbosity.SILENT));
        Model spread = new CompiledAdamNet();
        History history = SparkFit.of(spread).fit(context.parallelize(data, 3), o -> o.epochs(3).batchSize(32)
                .seed(SEED).verbose(false));
        assertClose(alone, spread, 1e-4, "Adam, 3 partitions");
        assertEquals(expected.get("loss").get(2), history.get("loss").get(2), 1e-5, "the epoch's loss");
    }

    /** A DSL convnet: its description travels to the executors, every layer kind with it. */
    static dev.fusenet.runtime.dsl.Sequential dslConvnet() {
        return dev.fusenet.runtime.dsl.Sequential.build(m -> {
            m.name("dsl_convnet");
            m.conv2d(4, 2, c -> c.activation(dev.fusenet.annotations.Activation.RELU).inputShape(2, 4, 1)
                    .padding(dev.fusenet.annotations.Padding.SAME));
            m.maxPooling2d(new int[] {1, 2}, p -> { });
            m.flatten();
            m.dense(3, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                    .metrics(dev.fusenet.annotations.Metric.ACCURACY));
        });
    }

    @Test
    void aDslModelTravelsByItsDescriptionAndTrainsAsOnOneMachine() {
        List<Sample> data = samples(ROWS);
        Model alone = dslConvnet();
        alone.fit(x(data).reshape(ROWS, 2, 4, 1), indices(data), o -> o.epochs(2).batchSize(32).seed(SEED)
                .verbosity(Verbosity.SILENT));
        Model spread = dslConvnet();
        SparkFit.of(spread).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(32).seed(SEED)
                .verbose(false));
        assertClose(alone, spread, 1e-4, "a DSL convnet");
        Object shipped = RecordForm.encode(((dev.fusenet.runtime.dsl.Sequential) spread).spec());
        assertEquals(((dev.fusenet.runtime.dsl.Sequential) spread).spec(), RecordForm.decode(shipped));
    }

    /** A DSL graph: a residual block and a concatenation of the input, whose description travels as a chain's. */
    static dev.fusenet.runtime.dsl.Functional dslGraph() {
        return dev.fusenet.runtime.dsl.Functional.build(g -> {
            g.name("dsl_graph");
            var x = g.input("features", 8);
            var a = g.dense(x, 6, d -> d.activation(dev.fusenet.annotations.Activation.TANH).name("a"));
            var b = g.dense(a, 6, d -> d.activation(dev.fusenet.annotations.Activation.TANH).name("b"));
            var sum = g.add("residual", b, a);
            var joined = g.concatenate("joined", -1, sum, x);
            g.dense(joined, 3, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX).name("out"));
            g.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                    .metrics(dev.fusenet.annotations.Metric.ACCURACY));
        });
    }

    @Test
    void aGraphModelTrainsInBothModes() {
        List<Sample> data = samples(ROWS);
        Model alone = dslGraph();
        alone.fit(x(data), indices(data), o -> o.epochs(2).batchSize(32).seed(SEED).verbosity(Verbosity.SILENT));
        Model spread = dslGraph();
        SparkFit.of(spread).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(32).seed(SEED)
                .verbose(false));
        assertClose(alone, spread, 1e-4, "a DSL graph, synchronous");
        Object shipped = RecordForm.encode(((dev.fusenet.runtime.dsl.Functional) spread).spec());
        assertEquals(((dev.fusenet.runtime.dsl.Functional) spread).spec(), RecordForm.decode(shipped));

        Model averaged = dslGraph();
        double before = averaged.evaluate(x(data), indices(data)).loss();
        SparkFit.of(averaged).fit(context.parallelize(data, 2), o -> o.epochs(3).batchSize(16).averagingFrequency(2)
                .mode(SparkFitOptions.Mode.PARAMETER_AVERAGING).seed(SEED).verbose(false));
        double after = averaged.evaluate(x(data), indices(data)).loss();
        assertTrue(after < before, "parameter averaging lowers a graph's loss: " + before + " → " + after);
    }

    private static Model normalised() {
        return dev.fusenet.runtime.dsl.Sequential.build(m -> {
            m.seed(5);
            m.dense(6, d -> d.inputShape(8).useBias(false));
            m.batchNormalization(n -> n.momentum(0.8));
            m.activation(dev.fusenet.annotations.Activation.RELU);
            m.dense(3, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        });
    }

    /**
     * Batch normalization's moving statistics come back from the executors: with the whole batch on one partition
     * the run is one machine's, statistics included; on two, close to it.
     */
    @Test
    void batchNormalizationsStatisticsComeBackFromTheExecutors() {
        List<Sample> data = samples(ROWS);
        Model alone = normalised();
        alone.fit(x(data), indices(data), o -> o.epochs(2).batchSize(32).shuffle(false).verbosity(Verbosity.SILENT));
        Model spread = normalised();
        SparkFit.of(spread).fit(context.parallelize(data, 1), o -> o.epochs(2).batchSize(32).shuffle(false)
                .verbose(false));
        assertClose(alone, spread, 1e-4, "batch normalization on one partition");
        assertTrue(Math.abs(spread.getWeights().get(3).toFloatArray()[0]) > 1e-3, "the moving mean moved");

        // On two partitions each normalises its half of the batch: the moving mean is still the batch's, the
        // moving variance misses only the spread between the halves' means.
        Model halves = normalised();
        SparkFit.of(halves).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(32).shuffle(false)
                .verbose(false));
        float[] mean = alone.getWeights().get(3).toFloatArray();
        float[] halvesMean = halves.getWeights().get(3).toFloatArray();
        float[] variance = alone.getWeights().get(4).toFloatArray();
        float[] halvesVariance = halves.getWeights().get(4).toFloatArray();
        for (int c = 0; c < mean.length; c++) {
            assertEquals(mean[c], halvesMean[c], 1e-3, "moving mean " + c);
            assertEquals(variance[c], halvesVariance[c], 0.03 * variance[c], "moving variance " + c);
        }
        assertEquals(alone.evaluate(x(data), indices(data)).loss(), halves.evaluate(x(data), indices(data)).loss(),
                0.01, "inference on the statistics the executors moved");
    }

    /**
     * Dropout on the executors draws each step's masks as one machine does: the step count travels with the
     * weights (with one partition holding the whole batch in order, the masks are the same as one machine's).
     */
    @Test
    void dropoutMasksFollowTheDriversStepCount() {
        List<Sample> data = samples(64);
        java.util.function.Supplier<dev.fusenet.runtime.dsl.Sequential> build = () ->
                dev.fusenet.runtime.dsl.Sequential.build(m -> {
                    m.dense(16, d -> d.activation(dev.fusenet.annotations.Activation.RELU).inputShape(8));
                    m.dropout(0.5);
                    m.dense(3, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
                    m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.SGD).learningRate(0.1)
                            .loss(dev.fusenet.annotations.Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
                });
        Model alone = build.get();
        alone.fit(x(data), indices(data), o -> o.epochs(4).batchSize(64).shuffle(false)
                .verbosity(Verbosity.SILENT));
        Model spread = build.get();
        SparkFit.of(spread).fit(context.parallelize(data, 1), o -> o.epochs(4).batchSize(64).shuffle(false)
                .verbose(false));
        assertClose(alone, spread, 1e-5, "dropout, 4 steps");
    }

    @Test
    void aTaskThatFailsIsRetriedAndTheStepIsUnchanged() {
        List<Sample> data = oneHotSamples(ROWS);
        Model clean = new CompiledSgdNet();
        SparkFit.of(clean).fit(context.parallelize(data, 2), o -> o.epochs(1).batchSize(32).seed(SEED)
                .verbose(false));
        Model faulty = new CompiledSgdNet();
        SparkFit.of(faulty).fit(context.parallelize(data, 2), o -> o.epochs(1).batchSize(32).seed(SEED)
                .verbose(false).beforeTask((partition, step, attempt) -> {
                    if (partition == 1 && step == 2 && attempt == 0) {
                        throw new IllegalStateException("injected executor failure");
                    }
                }));
        for (int i = 0; i < clean.getWeights().size(); i++) {
            assertArrayEquals(clean.getWeights().get(i).toFloatArray(), faulty.getWeights().get(i).toFloatArray(),
                    "weight " + i + " after a retried task");
        }
    }

    @Test
    void badRowsFailBeforeAnyWeightChangesNamingPartitionAndShape() {
        List<Sample> data = new ArrayList<>(oneHotSamples(40));
        data.set(33, new Sample(new float[7], new float[] {0, 1, 0}));
        data.set(5, new Sample(data.get(5).features(), new float[] {0, 0, 0, 1}));
        Model model = new CompiledSgdNet();
        List<Tensor> before = model.getWeights();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.of(model).fit(context.parallelize(data, 2), o -> o.verbose(false)));
        assertEquals("SparkFit: bad rows, nothing was trained:\n"
                + "  partition 0, row 5: a label of 4 values, but CATEGORICAL_CROSSENTROPY takes 3 values, one per "
                + "output of the model\n"
                + "  partition 1, row 33: 7 features, but the model takes 8 ([8] flattened)", error.getMessage());
        assertArrayEquals(before.get(0).toFloatArray(), model.getWeights().get(0).toFloatArray());
    }

    /**
     * Class indices for categorical cross-entropy: refused on Spark as fit refuses them, with the same advice (Spark
     * used to one-hot encode them where fit refused them). A class index out of range is named for the sparse loss.
     */
    @Test
    void labelsFollowFitsRule() {
        List<Sample> indices = samples(40);
        Model categorical = new CompiledSgdNet();
        IllegalArgumentException spark = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.of(categorical).fit(context.parallelize(indices, 2), o -> o.verbose(false)));
        String advice = "; for class indices use SPARSE_CATEGORICAL_CROSSENTROPY, or one-hot encode them with "
                + "Tensors.toCategorical(y, 3)";
        assertTrue(spark.getMessage().contains("partition 0, row 0: a label of 1 values, but CATEGORICAL_CROSSENTROPY "
                + "takes 3 values, one per output of the model" + advice), spark.getMessage());
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                () -> categorical.fit(x(indices), indices(indices), o -> o.verbosity(Verbosity.SILENT)));
        assertTrue(fit.getMessage().endsWith(advice), fit.getMessage());

        List<Sample> outOfRange = new ArrayList<>(samples(40));
        outOfRange.set(5, new Sample(outOfRange.get(5).features(), new float[] {3}));
        IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.of(new CompiledAdamNet()).fit(context.parallelize(outOfRange, 2), o -> o.verbose(false)));
        assertTrue(sparse.getMessage().contains("partition 0, row 5: label 3.0 is not a class index in [0, 3)"),
                sparse.getMessage());
    }

    @Test
    void aDataFrameWithVectorFeaturesTrainsAsItsRows() {
        List<Sample> data = samples(96);
        List<Row> rows = new ArrayList<>();
        for (Sample sample : data) {
            double[] features = new double[8];
            for (int i = 0; i < 8; i++) {
                features[i] = sample.features()[i];
            }
            rows.add(RowFactory.create(Vectors.dense(features), (int) sample.label()[0]));
        }
        StructType schema = new StructType().add("pixels", new org.apache.spark.ml.linalg.VectorUDT())
                .add("digit", DataTypes.IntegerType);
        Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(1);
        Model fromFrame = new CompiledAdamNet();
        SparkFit.of(fromFrame).fit(frame, o -> o.featuresColumn("pixels").labelColumn("digit").epochs(2)
                .batchSize(16).shuffle(false).verbose(false));
        Model fromRows = new CompiledAdamNet();
        SparkFit.of(fromRows).fit(context.parallelize(data, 1), o -> o.epochs(2).batchSize(16).shuffle(false)
                .verbose(false));
        assertClose(fromRows, fromFrame, 1e-6, "DataFrame and RDD");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.of(new CompiledAdamNet()).fit(frame, o -> o.verbose(false)));
        assertEquals("SparkFit: the data has no column \"features\"; it has [pixels, digit] (set featuresColumn "
                + "and labelColumn)", missing.getMessage());
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void aRestartedDriverResumesFromTheLastEpochsCheckpoint(@org.junit.jupiter.api.io.TempDir Path directory) {
        List<Sample> data = samples(ROWS);
        Model straight = new CompiledAdamNet();
        SparkFit.of(straight).fit(context.parallelize(data, 2), o -> o.epochs(4).batchSize(32).seed(SEED)
                .verbose(false));

        String checkpoints = directory.resolve("run").toUri().toString();
        Model firstDriver = new CompiledAdamNet();
        SparkFit.of(firstDriver).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(32).seed(SEED)
                .verbose(false).checkpoint(checkpoints));
        assertTrue(Files.exists(directory.resolve("run/epoch-1.npz")));
        assertTrue(!Files.exists(directory.resolve("run/epoch-0.npz")), "older epochs are deleted");

        Model restarted = new CompiledAdamNet();
        History resumed = SparkFit.of(restarted).fit(context.parallelize(data, 2), o -> o.epochs(4).batchSize(32)
                .seed(SEED).verbose(false).checkpoint(checkpoints));
        assertEquals(List.of(2, 3), resumed.epochs(), "epochs 3 and 4 only");
        for (int i = 0; i < straight.getWeights().size(); i++) {
            assertArrayEquals(straight.getWeights().get(i).toFloatArray(), restarted.getWeights().get(i).toFloatArray(),
                    "weight " + i + " as if never stopped");
        }
    }

    // ------------------------------------------------------------------ evaluate and predict

    @Test
    void evaluateOverPartitionsEqualsEvaluateOnAllRows() {
        List<Sample> data = samples(ROWS);
        Model model = new CompiledAdamNet();
        History history = SparkFit.of(model).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(32)
                .verbose(false));
        assertTrue(history.keys().contains("accuracy"), history.keys().toString());
        dev.fusenet.runtime.Evaluation whole = model.evaluate(x(data), indices(data));
        dev.fusenet.runtime.Evaluation spread = SparkFit.of(model).evaluate(context.parallelize(data, 3));
        assertEquals(whole.loss(), spread.loss(), 1e-6);
        assertEquals(whole.metrics(), spread.metrics(), "metric counts merged across partitions");
        assertEquals(whole.metric("accuracy"), history.last("accuracy"), 1e-12,
                "the epoch's metrics are the whole data set's at its end");
    }

    @Test
    void predictAddsAColumnOfTheModelsOutputs() {
        List<Sample> data = samples(20);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            float[] f = data.get(r).features();
            List<Float> features = new ArrayList<>();
            for (float v : f) {
                features.add(v);
            }
            rows.add(RowFactory.create("id-" + r, features.toArray(new Float[0])));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(2);
        Model model = new CompiledAdamNet();
        List<Row> scored = SparkFit.of(model).predict(frame, "features", "prediction").collectAsList();
        assertEquals(20, scored.size());
        for (Row row : scored) {
            int r = Integer.parseInt(row.getString(0).substring(3));
            float[] expected = model.predict(x(List.of(data.get(r)))).toFloatArray();
            List<Float> actual = row.getList(2);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], actual.get(c), 1e-6f, "row " + r + " (products of other batch sizes round apart)");
            }
        }
    }

    // ------------------------------------------------------------------ mode 2: parameter averaging

    @Test
    void parameterAveragingShipsTheOptimizerStateSoRunsRepeat() {
        List<Sample> data = samples(ROWS);
        List<Model> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Model model = new CompiledAdamNet();
            SparkFit.of(model).fit(context.parallelize(data, 2), o -> o.epochs(2).batchSize(16).averagingFrequency(3)
                    .mode(SparkFitOptions.Mode.PARAMETER_AVERAGING).seed(SEED).verbose(false));
            runs.add(model);
        }
        for (int i = 0; i < runs.get(0).getWeights().size(); i++) {
            assertArrayEquals(runs.get(0).getWeights().get(i).toFloatArray(), runs.get(1).getWeights().get(i)
                    .toFloatArray(), "weight " + i + ": the same run twice, whatever thread took each partition");
        }
        assertTrue(runs.get(0).getOptimizerState().iterations() > 0, "the averaged state came back to the driver");

        Model fresh = new CompiledAdamNet();
        SparkFit.of(fresh).fit(context.parallelize(data, 2), o -> o.epochs(1).batchSize(16)
                .mode(SparkFitOptions.Mode.PARAMETER_AVERAGING).averageOptimizerState(false).verbose(false));
        assertEquals(0, fresh.getOptimizerState().iterations(), "without averaging, the driver's state is untouched");
    }

    /** The step count goes to the executors and back as a long; as a float it lost steps past 2^24. */
    @Test
    void theStepCountTravelsExactlyPast2To24Steps() {
        Model model = new CompiledAdamNet();
        long start = (1L << 24) + 1;
        model.setOptimizerState(new dev.fusenet.runtime.OptimizerState(start, model.getOptimizerState().slots()));
        // 2 partitions of 120 rows, rounds of 48 rows in batches of 16: 3 + 3 + 2 steps an epoch on each
        SparkFit.of(model).fit(context.parallelize(samples(ROWS), 2), o -> o.epochs(1).batchSize(16)
                .averagingFrequency(3).mode(SparkFitOptions.Mode.PARAMETER_AVERAGING).seed(SEED).verbose(false));
        assertEquals(start + 8, model.getOptimizerState().iterations());
    }

    @Test
    void parameterAveragingLearnsMnist() throws Exception {
        Path datasets = Path.of(System.getProperty("fusenet.datasets", ""));
        assumeTrue(Files.isDirectory(datasets.resolve("mnist")), "MNIST not found under fusenet.datasets");
        Mnist.Data mnist = Mnist.loadData(datasets.resolve("mnist"));
        int train = 12000;
        float[] images = mnist.trainImages().slice(0, train).reshape(train, 784).castTo(DType.FLOAT32).div(255)
                .toFloatArray();
        int[] labels = mnist.trainLabels().slice(0, train).castTo(DType.INT32).toIntArray();
        List<Sample> data = new ArrayList<>();
        for (int r = 0; r < train; r++) {
            data.add(new Sample(java.util.Arrays.copyOfRange(images, r * 784, (r + 1) * 784),
                    new float[] {labels[r]}));
        }
        Model model = new CompiledMnistMlp();
        SparkFit.of(model).fit(context.parallelize(data, 2), o -> o.epochs(3).batchSize(64)
                .mode(SparkFitOptions.Mode.PARAMETER_AVERAGING).averagingFrequency(5).verbose(false));
        Tensor testImages = mnist.testImages().reshape(10000, 784).castTo(DType.FLOAT32).div(255);
        double accuracy = model.evaluate(testImages, mnist.testLabels()).metric("accuracy");
        assertTrue(accuracy >= 0.93, "test accuracy " + accuracy + " after 3 averaged epochs on 12,000 images");
    }
}
