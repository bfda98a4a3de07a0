package dev.fusenet.spark;

import dev.fusenet.runtime.Gradients;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.OptimizerState;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.Batching;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Trains a fusenet model on a Spark cluster, in the Keras style:
 *
 * <pre>{@code
 * History history = SparkFit.of(model).fit(dataset, o -> {
 *     o.epochs(5); o.batchSize(128); o.featuresColumn("features"); o.labelColumn("label");
 *     o.mode(SparkFitOptions.Mode.SYNCHRONOUS);
 * });
 * }</pre>
 *
 * The trained weights are left in {@code model}. Executors make the model from its class (the application's jar)
 * and get the weights as broadcasts; every computation on them runs on fusenet's fused kernels. Rows are checked
 * (feature count, finite values, labels the loss takes) before any weight changes.
 */
public final class SparkFit {

    private final Model model;
    private final ModelRecipe recipe;
    /** Seconds the last fit spent in each phase, on the driver's clock; see {@link #lastTimings()}. */
    private final Map<String, Double> timings = new LinkedHashMap<>();

    private SparkFit(Model model) {
        this.model = model;
        this.recipe = ModelRecipe.of(model);
    }

    /** Training for {@code model}, a compiled class's instance. */
    public static SparkFit of(Model model) {
        return new SparkFit(model);
    }

    /** Trains on a DataFrame's feature and label columns (see {@link SparkFitOptions}). */
    public History fit(Dataset<Row> data, Consumer<SparkFitOptions> configure) {
        SparkFitOptions options = new SparkFitOptions();
        configure.accept(options);
        return train(Rows.samples(data, options.featuresColumn(), options.labelColumn()), options);
    }

    /** Trains on (features, label) rows. */
    public History fit(JavaRDD<Sample> data, Consumer<SparkFitOptions> configure) {
        SparkFitOptions options = new SparkFitOptions();
        configure.accept(options);
        return train(data, options);
    }

    private History train(JavaRDD<Sample> data, SparkFitOptions options) {
        timings.clear();
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.context());
        requireCheckpointsOnACluster(spark);
        Labels labels = Labels.of(model);
        JavaPairRDD<Long, Sample> indexed = data.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        // Every step's tasks carry their RDD's lineage; cut it at the cached rows, or each step ships the source
        // data again (a DataFrame made from a driver-side list carries all its rows). A reliable checkpoint when
        // the context has a checkpoint directory (required on a cluster), else, on a local master, a local one.
        if (spark.getCheckpointDir().isPresent()) {
            indexed.checkpoint();
        } else {
            indexed.rdd().localCheckpoint();
        }
        try {
            int rows = Math.toIntExact(indexed.count());
            if (rows == 0) {
                throw new IllegalArgumentException("SparkFit: the data holds no rows");
            }
            checkRows(indexed, labels);
            return options.mode() == SparkFitOptions.Mode.SYNCHRONOUS
                    ? synchronous(spark, indexed, rows, labels, options)
                    : averaging(spark, indexed, labels, options);
        } finally {
            indexed.unpersist(false);
        }
    }

    /**
     * On a cluster an executor can be lost mid-fit (a killed JVM, a preempted node); the cached rows it held are then
     * read again from a reliable checkpoint, which needs a directory every process reaches. Without one, Spark's
     * local checkpoint is lost with the executor and the fit fails hours in with CHECKPOINT_RDD_BLOCK_ID_NOT_FOUND,
     * so it is refused before any work. A local master runs in this JVM and cannot lose an executor alone.
     */
    static void requireCheckpointsOnACluster(JavaSparkContext spark) {
        if (!spark.isLocal() && !spark.getCheckpointDir().isPresent()) {
            throw new IllegalStateException("SparkFit: master " + spark.master() + " is a cluster, and a lost "
                    + "executor loses the cached training rows unless they are checkpointed to storage every "
                    + "executor and the driver reach; set a checkpoint directory there before fit, e.g. "
                    + "spark.sparkContext().setCheckpointDir(\"hdfs:///tmp/fusenet-checkpoints\") or "
                    + "--conf spark.checkpoint.dir=hdfs:///tmp/fusenet-checkpoints (a shared file system path works "
                    + "too); see docs/spark.md");
        }
    }

    /** Bad rows fail the job before any step, naming the first one found in each partition. */
    private static void checkRows(JavaPairRDD<Long, Sample> indexed, Labels labels) {
        List<String> problems = indexed.mapPartitionsWithIndex((partition, rows) -> {
            while (rows.hasNext()) {
                Tuple2<Long, Sample> row = rows.next();
                Optional<String> problem = labels.problem(row._2());
                if (problem.isPresent()) {
                    return List.of("partition " + partition + ", row " + row._1() + ": " + problem.get())
                            .iterator();
                }
            }
            return java.util.Collections.<String>emptyIterator();
        }, false).collect();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("SparkFit: bad rows, nothing was trained:\n  "
                    + String.join("\n  ", problems));
        }
    }

    // ------------------------------------------------------------------ synchronous data parallelism

    private History synchronous(JavaSparkContext spark, JavaPairRDD<Long, Sample> indexed, int rows, Labels labels,
                                SparkFitOptions options) {
        Batching batching = new Batching(rows, options.batchSize());
        History history = new History();
        ModelRecipe recipe = this.recipe;
        SparkFitOptions.TaskHook hook = options.beforeTask();
        Optional<Checkpoints> checkpoints = checkpoints(spark, options);
        int first = checkpoints.flatMap(c -> c.restore(model)).map(epoch -> epoch + 1).orElse(0);
        long step = (long) first * batching.batchCount();
        for (int epoch = first; epoch < options.epochs(); epoch++) {
            int[] order = batching.order(options.seed(), epoch, options.shuffle());
            int[] position = new int[rows];
            for (int i = 0; i < rows; i++) {
                position[order[i]] = i;
            }
            Broadcast<int[]> positions = spark.broadcast(position);
            double lossSum = 0;
            for (int batch = 0; batch < batching.batchCount(); batch++, step++) {
                int start = batching.start(batch);
                int end = batching.end(batch);
                long clock = System.nanoTime();
                WeightArrays current = WeightArrays.of(model.getWeights());
                clock = time("weights", clock);
                Broadcast<WeightArrays> weights = spark.broadcast(current);
                clock = time("broadcast", clock);
                long thisStep = step;
                // Dropout draws each step's masks from the optimizer's step count: the executors' must follow the
                // driver's, or every step would drop the same units.
                long iterations = model.optimizer().iterations();
                WeightArrays.Sum sum = indexed.mapPartitions(partition -> {
                    hook.run(TaskContext.getPartitionId(), thisStep, TaskContext.get().attemptNumber());
                    List<Tuple2<Integer, Sample>> mine = new ArrayList<>();
                    int[] at = positions.value();
                    while (partition.hasNext()) {
                        Tuple2<Long, Sample> row = partition.next();
                        int p = at[Math.toIntExact(row._1())];
                        if (p >= start && p < end) {
                            mine.add(new Tuple2<>(p, row._2()));
                        }
                    }
                    if (mine.isEmpty()) {
                        return List.of(WeightArrays.Sum.empty()).iterator();
                    }
                    mine.sort(Comparator.comparing(Tuple2::_1));
                    List<Sample> samples = mine.stream().map(Tuple2::_2).toList();
                    Model local = ExecutorModels.of(recipe);
                    local.setWeights(weights.value().tensors());
                    local.optimizer().setIterations(iterations);
                    Gradients gradients = local.computeGradients(labels.x(samples), labels.y(samples));
                    // the step also moved the statistics (batch normalization's) on this slice of the batch
                    List<Tensor> back = new ArrayList<>(gradients.values());
                    back.addAll(statistics(local));
                    return List.of(WeightArrays.Sum.of(back, gradients.loss(), samples.size(), iterations))
                            .iterator();
                }).treeAggregate(WeightArrays.Sum.empty(), WeightArrays.Sum::plus, WeightArrays.Sum::plus);
                weights.destroy();
                clock = time("partitions", clock);
                List<Tensor> mean = sum.mean();
                int gradientCount = mean.size() - statistics(model).size();
                model.applyGradients(mean.subList(0, gradientCount));
                setStatistics(model, mean.subList(gradientCount, mean.size()));
                time("update", clock);
                lossSum += sum.loss();
            }
            positions.destroy();
            record(history, epoch, lossSum / rows, indexed.values(), labels, options);
            int ended = epoch;
            checkpoints.ifPresent(c -> c.save(model, ended));
        }
        return history;
    }

    /**
     * The weights the optimizer does not train (batch normalization's moving statistics), in {@code getWeights}'s
     * order. In synchronous mode each partition normalises its slice of the batch with the slice's statistics (as
     * PyTorch's DistributedDataParallel does without SyncBatchNorm) and the driver keeps the row-weighted mean of
     * the partitions' moved statistics: exactly the one-machine moving mean, and the moving variance less the
     * spread between the slices' means.
     */
    private static List<Tensor> statistics(Model model) {
        List<Tensor> all = model.getWeights();
        List<Tensor> statistics = new ArrayList<>();
        int position = 0;
        for (dev.fusenet.runtime.Layer layer : model.layers()) {
            for (var weight : layer.weights()) {
                if (!weight.trainable()) {
                    statistics.add(all.get(position));
                }
                position++;
            }
        }
        return statistics;
    }

    private static void setStatistics(Model model, List<Tensor> statistics) {
        if (statistics.isEmpty()) {
            return;
        }
        List<Tensor> all = new ArrayList<>(model.getWeights());
        int position = 0;
        int next = 0;
        for (dev.fusenet.runtime.Layer layer : model.layers()) {
            for (var weight : layer.weights()) {
                if (!weight.trainable()) {
                    all.set(position, statistics.get(next++));
                }
                position++;
            }
        }
        model.setWeights(all);
    }

    // ------------------------------------------------------------------ parameter averaging

    private History averaging(JavaSparkContext spark, JavaPairRDD<Long, Sample> indexed, Labels labels,
                              SparkFitOptions options) {
        History history = new History();
        ModelRecipe recipe = this.recipe;
        SparkFitOptions.TaskHook hook = options.beforeTask();
        int rowsPerRound = Math.multiplyExact(options.batchSize(), options.averagingFrequency());
        int batchSize = options.batchSize();
        boolean averageState = options.averageOptimizerState();
        int weightCount = model.getWeights().size();
        // Each partition's rows in their global order, once: the rounds then take slices of them.
        JavaRDD<List<Sample>> partitions = indexed.mapPartitions(rows -> {
            List<Tuple2<Long, Sample>> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            all.sort(Comparator.comparing(Tuple2::_1));
            List<Sample> samples = new ArrayList<>(all.size());
            all.forEach(row -> samples.add(row._2()));
            return List.of(samples).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long largestPartition = partitions.map(list -> (long) list.size()).reduce(Math::max);
            int rounds = Math.toIntExact((largestPartition + rowsPerRound - 1) / rowsPerRound);
            Broadcast<WeightArrays> freshState = averageState ? null
                    : spark.broadcast(WeightArrays.of(recipe.make().getOptimizerState().slots()));
            Optional<Checkpoints> checkpoints = checkpoints(spark, options);
            int first = checkpoints.flatMap(c -> c.restore(model)).map(epoch -> epoch + 1).orElse(0);
            long step = (long) first * rounds;
            for (int epoch = first; epoch < options.epochs(); epoch++) {
                double lossSum = 0;
                int lossCount = 0;
                for (int round = 0; round < rounds; round++, step++) {
                    long clock = System.nanoTime();
                    OptimizerState driverState = model.getOptimizerState();
                    List<Tensor> shipped = new ArrayList<>(model.getWeights());
                    shipped.addAll(driverState.slots());
                    // The step count goes as a long: as a float it was wrong past 2^24 steps.
                    long driverIterations = driverState.iterations();
                    WeightArrays current = WeightArrays.of(shipped);
                    clock = time("weights", clock);
                    Broadcast<WeightArrays> weights = spark.broadcast(current);
                    clock = time("broadcast", clock);
                    long thisStep = step;
                    int thisRound = round;
                    int thisEpoch = epoch;
                    long seed = options.seed();
                    boolean shuffle = options.shuffle();
                    WeightArrays.Sum sum = partitions.map(all -> {
                        int index = TaskContext.getPartitionId();
                        hook.run(index, thisStep, TaskContext.get().attemptNumber());
                        int[] order = new Batching(Math.max(all.size(), 1), batchSize)
                                .order(seed + 31L * index, thisEpoch, shuffle);
                        int from = thisRound * rowsPerRound;
                        int to = Math.min(from + rowsPerRound, all.size());
                        if (from >= to) {
                            return WeightArrays.Sum.empty();
                        }
                        List<Sample> samples = new ArrayList<>();
                        for (int i = from; i < to; i++) {
                            samples.add(all.get(order[i]));
                        }
                        List<Tensor> received = weights.value().tensors();
                        Model local = ExecutorModels.of(recipe);
                        local.setWeights(received.subList(0, weightCount));
                        local.setOptimizerState(new OptimizerState(driverIterations, averageState
                                ? received.subList(weightCount, received.size())
                                : freshState.value().tensors()));
                        History trained = local.fit(labels.x(samples), labels.y(samples), o -> o.epochs(1)
                                .batchSize(batchSize).shuffle(false).verbosity(Verbosity.SILENT));
                        OptimizerState after = local.getOptimizerState();
                        List<Tensor> back = new ArrayList<>(local.getWeights());
                        back.addAll(after.slots());
                        return WeightArrays.Sum.of(back, trained.last("loss"), 1, after.iterations());
                    }).treeAggregate(WeightArrays.Sum.empty(), WeightArrays.Sum::plus, WeightArrays.Sum::plus);
                    weights.destroy();
                    clock = time("partitions", clock);
                    if (sum.rows() > 0) {
                        List<Tensor> mean = sum.mean();
                        model.setWeights(mean.subList(0, weightCount));
                        if (averageState) {
                            model.setOptimizerState(new OptimizerState(sum.meanIterations(),
                                    mean.subList(weightCount, mean.size())));
                        }
                        lossSum += sum.loss();
                        lossCount += sum.rows();
                    }
                    time("update", clock);
                }
                record(history, epoch, lossCount == 0 ? 0 : lossSum / lossCount, indexed.values(), labels,
                        options);
                int ended = epoch;
                checkpoints.ifPresent(c -> c.save(model, ended));
            }
            return history;
        } finally {
            partitions.unpersist(false);
        }
    }

    private static Optional<Checkpoints> checkpoints(JavaSparkContext spark, SparkFitOptions options) {
        return options.checkpointDirectory().map(directory -> new Checkpoints(directory, spark.hadoopConfiguration()));
    }

    /**
     * The epoch's logs: the loss of its steps, as single-machine {@code fit} reports it, and the model's metrics
     * over the whole data set at the epoch's end, counted on the partitions and merged.
     */
    private void record(History history, int epoch, double loss, JavaRDD<Sample> rows, Labels labels,
                        SparkFitOptions options) {
        Map<String, Double> logs = new java.util.TreeMap<>();
        logs.put("loss", loss);
        if (!model.newMetrics().isEmpty()) {
            long clock = System.nanoTime();
            logs.putAll(evaluate(rows, labels).metrics());
            time("metrics", clock);
        }
        history.record(epoch, new LinkedHashMap<>(logs));
        if (options.verbose()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1,
                    options.epochs()));
            logs.forEach((name, value) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", name, value)));
            System.out.println(line);
        }
    }

    // ------------------------------------------------------------------ evaluate and predict

    /**
     * The loss and metrics of the model over a DataFrame's feature and label columns, computed on the
     * partitions and merged: the same values as {@code model.evaluate} on all the rows at once.
     */
    public dev.fusenet.runtime.Evaluation evaluate(Dataset<Row> data, String featuresColumn, String labelColumn) {
        return evaluate(Rows.samples(data, featuresColumn, labelColumn), Labels.of(model));
    }

    /** As {@link #evaluate(Dataset, String, String)} on (features, label) rows. */
    public dev.fusenet.runtime.Evaluation evaluate(JavaRDD<Sample> data) {
        return evaluate(data, Labels.of(model));
    }

    private dev.fusenet.runtime.Evaluation evaluate(JavaRDD<Sample> data, Labels labels) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.context());
        Broadcast<WeightArrays> weights = spark.broadcast(WeightArrays.of(model.getWeights()));
        ModelRecipe recipe = this.recipe;
        try {
            EvaluationPart whole = data.mapPartitions(partition -> {
                List<Sample> samples = new ArrayList<>();
                partition.forEachRemaining(samples::add);
                if (samples.isEmpty()) {
                    return List.of(EvaluationPart.empty()).iterator();
                }
                for (Sample sample : samples) {
                    Optional<String> problem = labels.problem(sample);
                    if (problem.isPresent()) {
                        throw new IllegalArgumentException("SparkFit: bad row in partition "
                                + TaskContext.getPartitionId() + ": " + problem.get());
                    }
                }
                Model local = ExecutorModels.of(recipe);
                local.setWeights(weights.value().tensors());
                dev.fusenet.runtime.Tensor x = labels.x(samples);
                dev.fusenet.runtime.Tensor y = labels.y(samples);
                double loss = local.evaluate(x, y).loss();
                dev.fusenet.runtime.Tensor predictions = local.predict(x);
                List<dev.fusenet.runtime.metrics.PredictionMetric> metrics = local.newMetrics();
                for (dev.fusenet.runtime.metrics.PredictionMetric metric : metrics) {
                    metric.update(y, predictions);
                }
                return List.of(new EvaluationPart(loss * samples.size(), samples.size(), metrics)).iterator();
            }).treeAggregate(EvaluationPart.empty(), EvaluationPart::plus, EvaluationPart::plus);
            return whole.evaluation();
        } finally {
            weights.destroy();
        }
    }

    /**
     * The model's outputs for each row of {@code data}, as a new array column {@code predictionColumn}: batch
     * scoring on the cluster, the other columns kept.
     */
    public Dataset<Row> predict(Dataset<Row> data, String featuresColumn, String predictionColumn) {
        if (!List.of(data.columns()).contains(featuresColumn)) {
            throw new IllegalArgumentException("SparkFit: the data has no column \"" + featuresColumn + "\"; it has "
                    + List.of(data.columns()));
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<WeightArrays> weights = spark.broadcast(WeightArrays.of(model.getWeights()));
        ModelRecipe recipe = this.recipe;
        Labels labels = Labels.of(model);
        int column = List.of(data.columns()).indexOf(featuresColumn);
        JavaRDD<Row> scored = data.toJavaRDD().mapPartitions(partition -> {
            List<Row> rows = new ArrayList<>();
            partition.forEachRemaining(rows::add);
            if (rows.isEmpty()) {
                return java.util.Collections.<Row>emptyIterator();
            }
            List<Sample> samples = new ArrayList<>();
            for (Row row : rows) {
                Sample sample = new Sample(Rows.floats(row.get(column), featuresColumn), new float[0]);
                if (sample.features().length != labels.inputSize()) {
                    throw new IllegalArgumentException("SparkFit: a row of partition " + TaskContext.getPartitionId()
                            + " has " + sample.features().length + " features, but the model takes "
                            + labels.inputSize());
                }
                samples.add(sample);
            }
            Model local = ExecutorModels.of(recipe);
            local.setWeights(weights.value().tensors());
            float[] outputs = local.predict(labels.x(samples)).toFloatArray();
            int width = outputs.length / rows.size();
            List<Row> result = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                Object[] values = new Object[rows.get(r).size() + 1];
                for (int c = 0; c < values.length - 1; c++) {
                    values[c] = rows.get(r).get(c);
                }
                float[] prediction = java.util.Arrays.copyOfRange(outputs, r * width, (r + 1) * width);
                Float[] boxed = new Float[width];
                for (int c = 0; c < width; c++) {
                    boxed[c] = prediction[c];
                }
                values[values.length - 1] = boxed;
                result.add(org.apache.spark.sql.RowFactory.create(values));
            }
            return result.iterator();
        });
        org.apache.spark.sql.types.StructType schema = data.schema().add(predictionColumn,
                org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.FloatType,
                        false), false);
        return data.sparkSession().createDataFrame(scored, schema);
    }

    /**
     * Where the last {@code fit}'s time went, in seconds on the driver's clock: {@code weights} (reading and
     * packing the weights), {@code broadcast}, {@code partitions} (the Spark jobs: scheduling, shipping the
     * broadcasts and results, the partitions' own work, and the tree aggregation), {@code update} (the driver's
     * optimizer step or averaging), {@code metrics} (the epoch-end evaluation).
     */
    public Map<String, Double> lastTimings() {
        return Map.copyOf(timings);
    }

    private long time(String phase, long since) {
        long now = System.nanoTime();
        timings.merge(phase, (now - since) / 1e9, Double::sum);
        return now;
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }
}
