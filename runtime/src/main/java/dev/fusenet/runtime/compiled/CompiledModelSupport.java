package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Predictor;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.Cursor;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.losses.BinaryCrossentropy;
import dev.fusenet.runtime.losses.CategoricalCrossentropy;
import dev.fusenet.runtime.losses.LossFunction;
import dev.fusenet.runtime.losses.Losses;
import dev.fusenet.runtime.losses.SparseCategoricalCrossentropy;
import dev.fusenet.runtime.metrics.Metrics;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.tensor.Nd4jArrays;
import dev.fusenet.runtime.tensor.Shapes;
import dev.fusenet.runtime.training.FitLoop;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.TrainingContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every compiled model does the same way, so that generated classes hold only their architecture's code:
 * checking inputs, batching, the fit loop, evaluation, prediction, the summary, saving and loading. The generated
 * class supplies a {@link Network}: its training step and its forward pass on raw buffers.
 */
public final class CompiledModelSupport {

    /** The architecture-specific code of a generated model. */
    public interface Network {

        /**
         * One training step on the first {@code rows} samples of {@code x} (row-major, rows × inputs) and {@code y}
         * (rows × outputs, or one class index per row for the sparse loss), each row's loss multiplied by its
         * sample weight in {@code weights} (null for none): forward, loss, backward and update. Updates
         * {@code metrics} with the batch's outputs and returns the batch's mean (weighted) loss.
         */
        double trainStep(float[] x, float[] y, float[] weights, int rows, List<PredictionMetric> metrics);

        /**
         * As {@link #trainStep} without the update and the metrics: forward, loss and backward, each weighted
         * layer's gradients left in its heap buffers. Returns the batch's mean (weighted) loss.
         */
        double computeGradients(float[] x, float[] y, float[] weights, int rows);

        /**
         * The inference outputs for the first {@code rows} samples of {@code x}, into {@code outputs}. Safe to call
         * from many threads at once, as long as no training step runs meanwhile (the support's lock sees to it).
         */
        void forward(float[] x, int rows, float[] outputs);
    }

    private static final int INFERENCE_BATCH = 256;
    /**
     * The bytes of a shard's largest working buffer that an inference batch aims at, so that a layer's outputs are
     * still in cache when the next layer reads them: the book's convnet (139 KB of patches a sample) ran 37–38 µs
     * an image in batches of 8 to 32 and 46 in batches of 256, whose 17 MB a shard went through memory; the MLP
     * (3 KB a sample) keeps 256.
     */
    private static final long INFERENCE_SHARD_BYTES = 3L << 19;

    private final String modelName;
    private final int[] inputShape;
    private final int inputSize;
    private final long largestSampleBuffer;
    /** The largest batch whose buffers can be Java arrays. */
    private final int largestBatch;
    /**
     * The rows {@code predict} runs at once: {@link #inferenceBatch(long)}, or fewer where a Java array or the heap
     * cannot hold that many samples' buffers (lowered, for every thread, the first time the heap refuses them).
     */
    private volatile int inferenceBatch;
    /**
     * Staging for calls whose rows are more than one batch or not on the heap, kept between calls (any thread's;
     * each borrows its own): a new batch of staging per call touched fresh heap, at about 10 µs a page here.
     */
    private final InferenceBuffers<Staging> stagings = new InferenceBuffers<>(unused -> new Staging());
    private final int outputSize;
    private final Loss loss;
    private final List<Metric> metrics;
    private final List<Metric> weightedMetrics;
    private final LossFunction lossFunction;
    private final List<Layer> layers;
    private final ParameterStore store;
    private final GradientOptimizer optimizer;
    private final long seed;
    private final Network network;
    /** A graph's input, shown in the summary; null for a chain. */
    private final Layer input;
    /** For a graph, the names each layer reads, for the summary's "Connected to"; empty for a chain. */
    private final List<List<String>> connections;

    /**
     * The support of a chain of layers whose samples have shape {@code inputShape} ({@code {784}}, or {@code {28, 28, 1}}
     * for images) and {@code outputSize} outputs, and whose largest working buffer holds
     * {@code largestSampleBuffer} values per sample (which bounds its batch sizes).
     */
    public CompiledModelSupport(String modelName, int[] inputShape, int outputSize, long largestSampleBuffer,
                                Loss loss, List<Metric> metrics, List<Metric> weightedMetrics,
                                boolean fromLogits, double labelSmoothing, List<Layer> layers,
                                GradientOptimizer optimizer, long seed, Network network) {
        this(modelName, inputShape, outputSize, largestSampleBuffer, loss, metrics, weightedMetrics, fromLogits,
                labelSmoothing, layers, optimizer, seed, network, null, List.of());
    }

    /**
     * The support of a graph of layers, as {@link #CompiledModelSupport(String, int[], int, long, Loss, List, List,
     * boolean, double, List, GradientOptimizer, long, Network) a chain's}, with its {@code input} and, for each
     * layer, the names of the layers it reads ({@code connections}), which the summary shows.
     */
    public CompiledModelSupport(String modelName, int[] inputShape, int outputSize, long largestSampleBuffer,
                                Loss loss, List<Metric> metrics, List<Metric> weightedMetrics,
                                boolean fromLogits, double labelSmoothing, List<Layer> layers,
                                GradientOptimizer optimizer, long seed, Network network, Layer input,
                                List<List<String>> connections) {
        this.input = input;
        this.connections = connections.stream().map(List::copyOf).toList();
        this.modelName = modelName;
        this.inputShape = inputShape.clone();
        this.inputSize = java.util.Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        this.largestSampleBuffer = largestSampleBuffer;
        this.largestBatch = (int) Math.min(Integer.MAX_VALUE, dev.fusenet.model.ArrayLimits.MAX_ARRAY
                / largestSampleBuffer);
        this.inferenceBatch = Math.min(inferenceBatch(largestSampleBuffer), largestBatch);
        this.outputSize = outputSize;
        this.loss = loss;
        this.metrics = List.copyOf(metrics);
        this.weightedMetrics = List.copyOf(weightedMetrics);
        this.lossFunction = lossFunction(loss, fromLogits, labelSmoothing);
        this.layers = List.copyOf(layers);
        this.optimizer = optimizer;
        this.seed = seed;
        this.network = network;
        this.store = new ParameterStore(modelName, this.layers, optimizer);
    }

    /** The loss a compiled model with these settings reports: Keras's mean over the batch. */
    public static LossFunction lossFunction(Loss loss, boolean fromLogits, double labelSmoothing) {
        LossFunction.Reduction mean = LossFunction.Reduction.SUM_OVER_BATCH_SIZE;
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> new CategoricalCrossentropy(fromLogits, labelSmoothing, mean);
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new SparseCategoricalCrossentropy(fromLogits, labelSmoothing, mean);
            case BINARY_CROSSENTROPY -> new BinaryCrossentropy(fromLogits, labelSmoothing, mean);
            default -> Losses.of(loss);
        };
    }

    /** The optimizer the model trains with. */
    public GradientOptimizer optimizer() {
        return optimizer;
    }

    /**
     * Fresh metric objects for one fit or evaluate, named as Keras names them: the metrics, then the weighted
     * metrics, weighted by {@code sampleWeights} (refilled for each batch by fit; null for none) and called
     * {@code weighted_<name>} when an unweighted one has their name.
     */
    private List<PredictionMetric> newMetrics(float[] sampleWeights) {
        List<PredictionMetric> made = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Metric metric : metrics) {
            PredictionMetric plain = Metrics.of(metric, loss, outputSize);
            names.add(plain.name());
            made.add(plain);
        }
        for (Metric metric : weightedMetrics) {
            PredictionMetric weighted = Metrics.of(metric, loss, outputSize).weightedBy(sampleWeights);
            if (names.contains(weighted.name())) {
                weighted.named("weighted_" + weighted.name());
            }
            made.add(weighted);
        }
        return made;
    }

    // ------------------------------------------------------------------ fit

    /**
     * Guards the weights: each training step, {@code load}, {@code setWeights} and a restore write them under the
     * write lock; prediction, evaluation and saving read them under the read lock, any number of threads at once.
     * A {@code fit} holds the write lock only while a step runs, not through its callbacks and validation, so a
     * callback may wait for a prediction or a save on another thread: such a call runs between two steps and sees
     * the weights of a whole step, never a mix of two steps'.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock weights =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    /**
     * One {@code fit} at a time, and what changes the weights or the optimizer from outside a fit ({@code load},
     * {@code setWeights}, {@code applyGradients}, ...) waits for it to end. Taken before the write lock, never
     * while holding the read lock, so the two cannot deadlock.
     */
    private final java.util.concurrent.locks.ReentrantLock training = new java.util.concurrent.locks.ReentrantLock();

    public History fit(Tensor x, Tensor y, Consumer<FitOptions> configure) {
        training.lock();
        try {
            return train(x, y, configure);
        } finally {
            training.unlock();
        }
    }

    /** One training step, the only write of the weights a fit makes, under the write lock. */
    private double lockedStep(float[] x, float[] y, float[] w, int rows, List<PredictionMetric> metrics) {
        weights.writeLock().lock();
        try {
            return network.trainStep(x, y, w, rows, metrics);
        } finally {
            weights.writeLock().unlock();
        }
    }

    private History train(Tensor x, Tensor y, Consumer<FitOptions> configure) {
        FitOptions options = new FitOptions();
        configure.accept(options);
        Samples all = samples("fit", x, y);
        if (options.sampleWeight() != null) {
            all = all.withWeights(sampleWeights("fit", options.sampleWeight(), all.rows));
        }
        Samples train = all;
        Samples validation = null;
        if (options.hasValidationData()) {
            validation = samples("fit (validation data)", options.validationX(), options.validationY());
        } else if (options.validationSplit() > 0) {
            int splitAt = (int) Math.floor(all.rows * (1 - options.validationSplit()));
            if (splitAt <= 0 || splitAt >= all.rows) {
                throw new IllegalArgumentException("fit: " + all.rows + " samples cannot be split into training and "
                        + "validation sets with validationSplit " + options.validationSplit()
                        + "; both need at least one sample");
            }
            train = all.rows(0, splitAt);
            validation = all.rows(splitAt, all.rows);
        }
        if (!options.classWeight().isEmpty()) {
            train = train.withWeights(classWeighted(train, options.classWeight()));
        }
        Samples trainSet = train;
        Samples validationSet = validation;
        checkBatchSize(Math.min(options.batchSize(), trainSet.rows));
        int batchSize = Math.min(options.batchSize(), trainSet.rows);
        float[] batchX = new float[batchSize * inputSize];
        float[] batchY = new float[batchSize * trainSet.labelWidth];
        float[] batchW = trainSet.weights == null ? null : new float[batchSize];
        List<PredictionMetric> trainMetrics = newMetrics(batchW);
        FitLoop.BatchStep step = (order, from, to) -> {
            int rows = to - from;
            trainSet.gather(order, from, to, batchX, batchY, batchW);
            return lockedStep(batchX, batchY, batchW, rows, trainMetrics);
        };
        FitLoop.Validation validate = options.validationDataset() != null
                ? validation(options.validationDataset())
                : validationSet == null ? null : () -> validationLogs(evaluate(validationSet));
        TrainingContext context = new TrainingContext(this::snapshot, this::restore, optimizer, this::save, this::load);
        return FitLoop.run(options, seed, trainSet.rows, step, trainMetrics, validate, context, System.out);
    }

    /** {@code val_loss} and {@code val_<metric>}, as Keras logs a validation. */
    private static Map<String, Double> validationLogs(Evaluation evaluation) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("val_loss", evaluation.loss());
        evaluation.metrics().forEach((name, value) -> logs.put("val_" + name, value));
        return logs;
    }

    private FitLoop.Validation validation(Dataset data) {
        requireBatched("fit (validation data)", data);
        return () -> validationLogs(evaluate("fit (validation data)", data));
    }

    /**
     * Trains on a dataset's batches, one step per element, as Keras's {@code fit(dataset)}: the batches, their
     * order and their weights are the dataset's; the options give epochs, validation, class weights, verbosity and
     * callbacks. Epoch {@code e} reads the dataset's pass {@code e}, so its shuffles differ per epoch and repeat per
     * run.
     */
    public History fit(Dataset data, Consumer<FitOptions> configure) {
        training.lock();
        try {
            FitOptions options = new FitOptions();
            configure.accept(options);
            options.requireDatasetSettings();
            requireBatched("fit", data);
            checkClassWeight(options.classWeight());
            FitLoop.Validation validate = null;
            if (options.validationDataset() != null) {
                validate = validation(options.validationDataset());
            } else if (options.hasValidationData()) {
                Samples validationSet = samples("fit (validation data)", options.validationX(), options.validationY());
                validate = () -> validationLogs(evaluate(validationSet));
            }
            DatasetReader reader = new DatasetReader("fit", modelName, inputShape, isSparse(), outputSize, true,
                    options.classWeight());
            List<PredictionMetric> trainMetrics = newMetrics(reader.w());
            FitLoop.TrainingData batches = new FitLoop.TrainingData() {
                @Override
                public int batchCount() {
                    return (int) Math.min(Integer.MAX_VALUE, data.cardinality().orElse(-1));
                }

                @Override
                public FitLoop.Pass open(int epoch) {
                    Cursor<Batch> pass = data.open(epoch);
                    return new FitLoop.Pass() {
                        private double loss;

                        @Override
                        public int trainNext() {
                            Batch batch = pass.next();
                            if (batch == null) {
                                return 0;
                            }
                            int rows = read(reader, batch, trainMetrics);
                            checkBatchSize(rows);
                            loss = lockedStep(reader.x(), reader.y(), reader.stepWeights(), rows, trainMetrics);
                            return rows;
                        }

                        @Override
                        public double loss() {
                            return loss;
                        }

                        @Override
                        public void close() {
                            pass.close();
                        }
                    };
                }
            };
            TrainingContext context = new TrainingContext(this::snapshot, this::restore, optimizer, this::save,
                    this::load);
            return FitLoop.run(options, batches, trainMetrics, validate, context, System.out);
        } finally {
            training.unlock();
        }
    }

    /** Reads a batch; when the reader's weight buffer grew, the weighted metrics read the new one. */
    private static int read(DatasetReader reader, Batch batch, List<PredictionMetric> metrics) {
        float[] before = reader.w();
        int rows = reader.read(batch);
        if (reader.w() != before) {
            for (PredictionMetric metric : metrics) {
                if (metric.isWeighted()) {
                    metric.weightedBy(reader.w());
                }
            }
        }
        return rows;
    }

    private static void requireBatched(String operation, Dataset data) {
        if (!data.isBatched()) {
            throw new IllegalArgumentException(operation + ": the dataset's elements are single samples (" + data
                    + "); a model takes batches: call batch(32) on it first");
        }
    }

    // ------------------------------------------------------------------ evaluate and predict

    public Evaluation evaluate(Tensor x, Tensor y, Tensor sampleWeight) {
        Samples data = samples("evaluate", x, y);
        data = data.withWeights(sampleWeights("evaluate", sampleWeight, data.rows));
        weights.readLock().lock();
        try {
            return evaluate(data);
        } finally {
            weights.readLock().unlock();
        }
    }

    public Evaluation evaluate(Tensor x, Tensor y) {
        Samples data = samples("evaluate", x, y);
        weights.readLock().lock();
        try {
            return evaluate(data);
        } finally {
            weights.readLock().unlock();
        }
    }

    private Evaluation evaluate(Samples data) {
        float[] predictions = outputs(data.x, data.rows);
        Tensor labels = isSparse() ? Tensor.of(data.y, data.rows) : Tensor.of(data.y, data.rows, data.labelWidth);
        Tensor outputs = Tensor.of(predictions, data.rows, outputSize);
        double loss = (data.weights == null ? lossFunction.apply(labels, outputs)
                : lossFunction.apply(labels, outputs, Tensor.of(data.weights, data.rows))).doubleValue();
        Map<String, Double> results = new LinkedHashMap<>();
        for (PredictionMetric metric : newMetrics(data.weights)) {
            metric.update(data.y, predictions, data.rows, outputSize);
            results.put(metric.name(), metric.result());
        }
        return new Evaluation(loss, results);
    }

    /** The loss and metrics over a dataset's labelled batches, as Keras's {@code evaluate(dataset)}. */
    public Evaluation evaluate(Dataset data) {
        requireBatched("evaluate", data);
        weights.readLock().lock();
        try {
            return evaluate("evaluate", data);
        } finally {
            weights.readLock().unlock();
        }
    }

    /**
     * Streams {@code data} through the model: each batch's loss (weighted by its sample weights) summed over the
     * samples and divided by their count, the metrics updated batch by batch, so the results are those of the
     * whole data as one tensor.
     */
    private Evaluation evaluate(String operation, Dataset data) {
        DatasetReader reader = new DatasetReader(operation, modelName, inputShape, isSparse(), outputSize, true,
                Map.of());
        List<PredictionMetric> metricObjects = newMetrics(reader.w());
        double lossSum = 0;
        long samples = 0;
        try (Cursor<Batch> pass = data.open(0)) {
            for (Batch batch = pass.next(); batch != null; batch = pass.next()) {
                int rows = read(reader, batch, metricObjects);
                float[] predictions = outputs(reader.x(), rows);
                int labelWidth = isSparse() ? 1 : outputSize;
                float[] labels = java.util.Arrays.copyOf(reader.y(), rows * labelWidth);
                Tensor labelTensor = isSparse() ? Tensor.of(labels, rows) : Tensor.of(labels, rows, labelWidth);
                Tensor outputTensor = Tensor.of(predictions, rows, outputSize);
                Tensor batchLoss = reader.stepWeights() == null ? lossFunction.apply(labelTensor, outputTensor)
                        : lossFunction.apply(labelTensor, outputTensor,
                                Tensor.of(java.util.Arrays.copyOf(reader.w(), rows), rows));
                lossSum += batchLoss.doubleValue() * rows;
                samples += rows;
                for (PredictionMetric metric : metricObjects) {
                    metric.update(labels, predictions, rows, outputSize);
                }
            }
        }
        if (samples == 0) {
            throw new IllegalArgumentException(operation + ": the dataset has no batches");
        }
        Map<String, Double> results = new LinkedHashMap<>();
        for (PredictionMetric metric : metricObjects) {
            results.put(metric.name(), metric.result());
        }
        return new Evaluation(lossSum / samples, results);
    }

    /** The model's outputs for every sample of a dataset's batches, in order; labels are ignored. */
    public Tensor predict(Dataset data) {
        requireBatched("predict", data);
        DatasetReader reader = new DatasetReader("predict", modelName, inputShape, isSparse(), outputSize, false,
                Map.of());
        weights.readLock().lock();
        try (Cursor<Batch> pass = data.open(0)) {
            float[] all = new float[0];
            int samples = 0;
            for (Batch batch = pass.next(); batch != null; batch = pass.next()) {
                int rows = reader.read(batch);
                float[] predictions = outputs(reader.x(), rows);
                if ((long) (samples + rows) * outputSize > all.length) {
                    all = java.util.Arrays.copyOf(all, Math.toIntExact(Math.max((long) (samples + rows) * outputSize,
                            Math.min(Integer.MAX_VALUE - 8, 2L * all.length))));
                }
                System.arraycopy(predictions, 0, all, samples * outputSize, rows * outputSize);
                samples += rows;
            }
            if (samples == 0) {
                throw new IllegalArgumentException("predict: the dataset has no batches");
            }
            return Tensor.wrap(java.util.Arrays.copyOf(all, samples * outputSize), new long[] {samples, outputSize});
        } finally {
            weights.readLock().unlock();
        }
    }

    public Tensor predict(Tensor x) {
        int rows = checkInputs("predict", x);
        Tensor floats = x.castTo(DType.FLOAT32);
        float[] outputs = new float[rows * outputSize];
        weights.readLock().lock();
        try {
            if (floats.onHeap() || !Nd4jArrays.readableInBulk(floats.toNd4j())) {
                // on the heap, read in place (inference never writes to its input); a view, copied out once
                float[] features = floats.readFloats();
                DatasetReader.requireFinite("predict", "x", features, features.length, inputSize);
                outputs(features, null, rows, outputs);
            } else {
                // an ND4J array, read a batch at a time into reused staging: copying it whole into a new array
                // (31 MB for MNIST's test set) cost more than the forward pass, in first touches of fresh heap
                outputs(null, floats.toNd4j(), rows, outputs);
            }
        } finally {
            weights.readLock().unlock();
        }
        // a tensor on the heap: making an ND4J array for a serving call's ten values took longer than the call
        return Tensor.wrap(outputs, new long[] {rows, outputSize});
    }

    /**
     * The rows {@code predict} runs at once for a model whose largest working buffer holds
     * {@code largestSampleBuffer} values a sample: {@link #INFERENCE_BATCH}, or fewer, so that a shard's buffer
     * stays near {@link #INFERENCE_SHARD_BYTES}; at least one row a shard.
     */
    static int inferenceBatch(long largestSampleBuffer) {
        long perShard = INFERENCE_SHARD_BYTES / (Float.BYTES * Math.max(1, largestSampleBuffer));
        return (int) Math.max(Shards.COUNT, Math.min(INFERENCE_BATCH, perShard * Shards.COUNT));
    }

    /** A batch size whose working buffers cannot be Java arrays is refused before any step, with the largest that fits. */
    private void checkBatchSize(int batchSize) {
        if (batchSize > largestBatch) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "fit: batches of %,d samples need "
                    + "a buffer of %,d values (%,d a sample), more than a Java array holds (%,d); use batchSize(%,d) "
                    + "or less", batchSize, batchSize * largestSampleBuffer, largestSampleBuffer,
                    dev.fusenet.model.ArrayLimits.MAX_ARRAY, largestBatch));
        }
    }

    /**
     * The model's outputs for all {@code rows} samples of {@code x}, computed in batches of the inference size.
     * Where the heap cannot hold a batch's buffers (large images: a 224×224 resnet's training-shaped buffers are
     * about 300 MB a sample), the batch is halved until they fit, as Keras's predict is given a smaller
     * batch_size; each sample's output does not depend on the others in its batch.
     */
    private float[] outputs(float[] x, int rows) {
        float[] outputs = new float[rows * outputSize];
        outputs(x, null, rows, outputs);
        return outputs;
    }

    /**
     * Where {@link #outputs(float[], int, float[], Staging)} copies the rows of a partial batch: one call's own,
     * or a {@link ModelPredictor}'s, kept between its calls.
     */
    static final class Staging {
        private float[] x;
        private float[] outputs;

        /** Makes the arrays hold at least {@code values} inputs and {@code results} outputs. */
        void fit(int values, int results) {
            if (x == null || x.length < values) {
                x = new float[values];
                outputs = new float[results];
            }
        }
    }

    /** {@link #outputs(float[], int)} into the caller's {@code outputs}, the first {@code rows} samples' values. */
    void outputs(float[] x, int rows, float[] outputs, Staging staging) {
        outputs(x, null, rows, outputs, staging);
    }

    /** {@link #outputs(float[], INDArray, int, float[], Staging)} with staging lent from the model's few spare sets. */
    private void outputs(float[] x, INDArray source, int rows, float[] outputs) {
        Staging staging = stagings.borrow(0);
        try {
            outputs(x, source, rows, outputs, staging);
        } finally {
            stagings.release(0, staging);
        }
    }

    /**
     * The outputs of {@code rows} samples, a batch of the inference size at a time, read from the heap array
     * {@code x} (in place when they are one batch) or, where {@code x} is null, copied from the ND4J array
     * {@code source} a batch at a time into {@code staging} and checked there.
     */
    private void outputs(float[] x, INDArray source, int rows, float[] outputs, Staging staging) {
        int batch = inferenceBatch;
        for (int start = 0; start < rows; ) {
            int count = Math.min(batch, rows - start);
            try {
                if (count == rows && x != null) {
                    // all rows in one batch (a request of one image, say): no copies, no batch-sized arrays
                    network.forward(x, rows, outputs);
                } else {
                    staging.fit(count * inputSize, count * outputSize);
                    if (x != null) {
                        System.arraycopy(x, start * inputSize, staging.x, 0, count * inputSize);
                    } else {
                        Nd4jArrays.copyFloats(source, (long) start * inputSize, staging.x, count * inputSize);
                        DatasetReader.requireFinite("predict", "x", staging.x, count * inputSize, inputSize, start);
                    }
                    network.forward(staging.x, count, staging.outputs);
                    System.arraycopy(staging.outputs, 0, outputs, start * outputSize, count * outputSize);
                }
            } catch (WorkingMemoryException tooLarge) {
                if (tooLarge.fittingRows() == 0) {
                    throw new IllegalArgumentException("predict: " + tooLarge.getMessage(), tooLarge);
                }
                batch = Math.min(batch, tooLarge.fittingRows());
                inferenceBatch = Math.min(inferenceBatch, batch);
                continue;
            }
            start += count;
        }
    }

    /** A {@link Predictor} of this model, for one thread ({@link dev.fusenet.runtime.Model#predictor()}). */
    public Predictor predictor() {
        return new ModelPredictor(this, modelName, inputSize, outputSize, weights.readLock());
    }

    // ------------------------------------------------------------------ summary, save, load

    public String summary() {
        return input == null ? ModelSummary.format(modelName, layers)
                : ModelSummary.format(modelName, input, layers, connections);
    }

    public List<Layer> layers() {
        return layers;
    }

    /** What each layer reads, as {@link dev.fusenet.runtime.Model#connections()}. */
    public List<List<String>> connections() {
        if (input != null) {
            return connections;
        }
        List<List<String>> chain = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            chain.add(List.of(i == 0 ? "input" : layers.get(i - 1).name()));
        }
        return chain;
    }

    public String name() {
        return modelName;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public Loss loss() {
        return loss;
    }

    /** The metrics' fresh objects, the weighted ones not yet given weights. */
    public List<PredictionMetric> newMetrics() {
        return newMetrics(null);
    }

    public List<Tensor> getWeights() {
        weights.readLock().lock();
        try {
            return store.values();
        } finally {
            weights.readLock().unlock();
        }
    }

    /** Checks every weight before writing any, so a wrong list leaves the model as it was. */
    public void setWeights(List<Tensor> values) {
        training.lock();
        weights.writeLock().lock();
        try {
            store.setValues(values);
        } finally {
            weights.writeLock().unlock();
            training.unlock();
        }
    }

    public dev.fusenet.runtime.Gradients computeGradients(Tensor x, Tensor y, Tensor sampleWeight) {
        Samples data = samples("computeGradients", x, y);
        if (sampleWeight != null) {
            data = data.withWeights(sampleWeights("computeGradients", sampleWeight, data.rows));
        }
        checkBatchSize(data.rows);
        training.lock();
        weights.writeLock().lock();
        try {
            double loss = network.computeGradients(data.x, data.y, data.weights, data.rows);
            return new dev.fusenet.runtime.Gradients(loss, store.gradients());
        } finally {
            weights.writeLock().unlock();
            training.unlock();
        }
    }

    public dev.fusenet.runtime.OptimizerState getOptimizerState() {
        weights.readLock().lock();
        try {
            return store.optimizerState(optimizer);
        } finally {
            weights.readLock().unlock();
        }
    }

    /** Checks every slot before writing any. */
    public void setOptimizerState(dev.fusenet.runtime.OptimizerState state) {
        training.lock();
        weights.writeLock().lock();
        try {
            store.setOptimizerState(optimizer, state);
        } finally {
            weights.writeLock().unlock();
            training.unlock();
        }
    }

    /** Checks every gradient before applying any. */
    public void applyGradients(List<Tensor> gradients) {
        training.lock();
        weights.writeLock().lock();
        try {
            store.applyGradients(optimizer, gradients);
        } finally {
            weights.writeLock().unlock();
            training.unlock();
        }
    }

    public void save(Path path) throws IOException {
        weights.readLock().lock();
        try {
            Checkpoint.save(path, layers, store, optimizer);
        } finally {
            weights.readLock().unlock();
        }
    }

    public void load(Path path) throws IOException {
        training.lock();
        weights.writeLock().lock();
        try {
            Checkpoint.load(path, layers, store, optimizer);
        } finally {
            weights.writeLock().unlock();
            training.unlock();
        }
    }

    /** A copy of every weight and state buffer, for EarlyStopping's restoreBestWeights. */
    private Object snapshot() {
        weights.readLock().lock();
        try {
            return store.snapshot();
        } finally {
            weights.readLock().unlock();
        }
    }

    private void restore(Object snapshot) {
        weights.writeLock().lock();
        try {
            store.restore(snapshot);
        } finally {
            weights.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ input checks

    private boolean isSparse() {
        return loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    /** Inputs and labels as float buffers, checked; nothing about the model changes on bad input. */
    private Samples samples(String operation, Tensor x, Tensor y) {
        int rows = checkInputs(operation, x);
        long[] labels = y.shape();
        int labelWidth;
        if (isSparse()) {
            boolean fits = (labels.length == 1) || (labels.length == 2 && labels[1] == 1);
            if (!fits) {
                String hint = labels.length == 2 ? dev.fusenet.runtime.losses.LabelForm.hint(loss, outputSize,
                        (int) Math.min(Integer.MAX_VALUE, labels[1])) : "";
                throw new IllegalArgumentException(operation + ": y must hold one integer class label per sample, "
                        + "shaped (" + rows + ") for SPARSE_CATEGORICAL_CROSSENTROPY, got " + Shapes.format(labels)
                        + hint);
            }
            labelWidth = 1;
        } else {
            if (labels.length != 2 || labels[1] != outputSize) {
                String hint = labels.length <= 2 ? dev.fusenet.runtime.losses.LabelForm.hint(loss, outputSize,
                        labels.length == 1 ? 1 : (int) Math.min(Integer.MAX_VALUE, labels[1])) : "";
                throw new IllegalArgumentException(operation + ": y must have shape (" + rows + "," + outputSize
                        + ") for " + loss + ", got " + Shapes.format(labels) + hint);
            }
            labelWidth = outputSize;
        }
        if (labels[0] != rows) {
            throw new IllegalArgumentException(operation + ": x has " + rows + " samples but y has " + labels[0]
                    + "; they must have one label per sample");
        }
        float[] features = features(operation, x, rows);
        float[] targets = y.castTo(DType.FLOAT32).toFloatArray();
        DatasetReader.requireFinite(operation, "y", targets, targets.length, labelWidth);
        if (isSparse()) {
            DatasetReader.requireClassIndices(operation, "", targets, targets.length, outputSize);
        }
        return new Samples(features, targets, null, rows, labelWidth, inputSize);
    }

    /** One finite, non-negative weight per sample, as a float array. */
    private static float[] sampleWeights(String operation, Tensor sampleWeight, int rows) {
        long[] shape = sampleWeight.shape();
        boolean fits = (shape.length == 1 && shape[0] == rows) || (shape.length == 2 && shape[0] == rows
                && shape[1] == 1);
        if (!fits) {
            throw new IllegalArgumentException(operation + ": sampleWeight must hold one weight per sample, shaped ("
                    + rows + "), got " + Shapes.format(shape));
        }
        float[] values = sampleWeight.castTo(DType.FLOAT32).toFloatArray();
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Float.isInfinite(values[i])) {
                throw new IllegalArgumentException(operation + ": sample weight " + values[i] + " of sample " + i
                        + " is not a finite number of zero or more");
            }
        }
        return values;
    }

    /** The training rows' weights times their class's weight, as Keras turns class_weight into sample weights. */
    private float[] classWeighted(Samples train, Map<Integer, Double> classWeight) {
        checkClassWeight(classWeight);
        float[] rowWeights = new float[train.rows];
        for (int row = 0; row < train.rows; row++) {
            float base = train.weights == null ? 1f : train.weights[row];
            rowWeights[row] = (float) (base * classWeight.getOrDefault(train.classOf(row), 1.0));
        }
        return rowWeights;
    }

    /** Refuses a class weight for a class the model does not have. */
    private void checkClassWeight(Map<Integer, Double> classWeight) {
        for (int c : classWeight.keySet()) {
            int classes = isSparse() || outputSize > 1 ? outputSize : 2;
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("fit: classWeight names class " + c + ", but the model has classes "
                        + "0 to " + (classes - 1));
            }
        }
    }

    private int checkInputs(String operation, Tensor x) {
        long[] shape = x.shape();
        boolean fits = shape.length == inputShape.length + 1;
        for (int i = 0; fits && i < inputShape.length; i++) {
            fits = shape[i + 1] == inputShape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException(operation + ": x must have shape " + expectedShape() + " for "
                    + modelName + ", got " + Shapes.format(shape) + reshapeHint(shape));
        }
        if (shape[0] == 0) {
            throw new IllegalArgumentException(operation + ": x holds no samples, shape " + Shapes.format(shape));
        }
        return Math.toIntExact(shape[0]);
    }

    /** {@code (samples, 28, 28, 1)}. */
    private String expectedShape() {
        StringBuilder text = new StringBuilder("(samples");
        for (int dim : inputShape) {
            text.append(',').append(dim);
        }
        return text.append(')').toString();
    }

    /** How to reshape {@code shape} into what the model takes, when it holds the right number of values. */
    private String reshapeHint(long[] shape) {
        if (shape.length == 0) {
            return "";
        }
        long perSample = 1;
        for (int i = 1; i < shape.length; i++) {
            perSample *= shape[i];
        }
        if (perSample != inputSize) {
            return "";
        }
        if (inputShape.length == 3 && shape.length == 4 && shape[1] == inputShape[2] && shape[2] == inputShape[0]
                && shape[3] == inputShape[1]) {
            // A reshape would scramble channels-first images; only a transpose moves their channels last.
            return "; these look like channels-first images (samples, channels, height, width), as PyTorch stores "
                    + "them; fusenet takes channels last: x.transpose(0, 2, 3, 1)";
        }
        StringBuilder dims = new StringBuilder().append(shape[0]);
        for (int dim : inputShape) {
            dims.append(", ").append(dim);
        }
        String what = inputShape.length == 1 ? "flatten each sample first" : "reshape each sample to "
                + Shapes.format(java.util.Arrays.stream(inputShape).asLongStream().toArray());
        return "; " + what + ", e.g. x.reshape(" + dims + ")";
    }

    private float[] features(String operation, Tensor x, int rows) {
        float[] features = x.castTo(DType.FLOAT32).toFloatArray();
        DatasetReader.requireFinite(operation, "x", features, features.length, inputSize);
        return features;
    }

    /** Training data as row-major buffers. */
    /** Inputs, labels and, when given, one weight per row (null for none). */
    private record Samples(float[] x, float[] y, float[] weights, int rows, int labelWidth, int inputSize) {

        Samples rows(int from, int to) {
            return new Samples(java.util.Arrays.copyOfRange(x, from * inputSize, to * inputSize),
                    java.util.Arrays.copyOfRange(y, from * labelWidth, to * labelWidth),
                    weights == null ? null : java.util.Arrays.copyOfRange(weights, from, to), to - from, labelWidth,
                    inputSize);
        }

        Samples withWeights(float[] rowWeights) {
            return new Samples(x, y, rowWeights, rows, labelWidth, inputSize);
        }

        /** Copies the rows {@code order[from..to)} into the batch buffers ({@code batchW} when weighted). */
        void gather(int[] order, int from, int to, float[] batchX, float[] batchY, float[] batchW) {
            for (int i = from; i < to; i++) {
                int row = order[i];
                System.arraycopy(x, row * inputSize, batchX, (i - from) * inputSize, inputSize);
                System.arraycopy(y, row * labelWidth, batchY, (i - from) * labelWidth, labelWidth);
                if (weights != null) {
                    batchW[i - from] = weights[row];
                }
            }
        }

        /** The class of row {@code row}: its label, the arg-max of its one-hot label, or 0/1 for one output. */
        int classOf(int row) {
            if (labelWidth == 1) {
                return Math.round(y[row]);
            }
            int best = 0;
            for (int c = 1; c < labelWidth; c++) {
                if (y[row * labelWidth + c] > y[row * labelWidth + best]) {
                    best = c;
                }
            }
            return best;
        }
    }
}
