package dev.fusenet.samples.benchmark;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.optimizers.RMSprop;
import dev.fusenet.runtime.training.Callback;
import dev.fusenet.runtime.training.TrainingContext;
import dev.fusenet.runtime.training.Verbosity;
import dev.fusenet.samples.fromscratch.FromScratchSample;
import dev.fusenet.samples.mnist.CompiledMnistNet;
import dev.fusenet.samples.mnist.MnistSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * fusenet's generated {@code CompiledMnistNet} and the same model built with the runtime DSL against a Deeplearning4j {@code MultiLayerNetwork} of the same architecture (784 → 512 ReLU → 10 softmax), initialisation family (Glorot/Xavier uniform, zero biases),
 * optimizer (RMSprop, learning rate 0.001, rho 0.9, epsilon 1e-7), batch size (128), loss and data, in one run.
 * The first epoch of each is a warm-up; the figures are medians of the rest. Prints a table and, last, one JSON
 * line. Then the same for the book's convnet ({@link ConvNetBenchmark}). Flags: {@code --data DIR},
 * {@code --epochs N} (the MLP's, warm-up included; at least 4, default 5), {@code --conv-epochs N} (the convnet's,
 * at least 2, default 3), {@code --resnet-epochs N}, {@code --image-epochs N} (the image-folder part's, at least 2,
 * default 3; {@link ImageFolderBenchmark}), {@code --xception-epochs N} and {@code --fashion DIR} (the mini-Xception on Fashion-MNIST against its PyTorch
 * twin, {@link XceptionBenchmark}; at least 2, default 2), {@code --only
 * mlp|convnet|resnet|images|spark|xception|torchvision|serving} ({@link TorchvisionBenchmark} reads no MNIST;
 * {@link ServingBenchmark} is fusenet's predict against ONNX Runtime on the MLP and the convnet). The Spark part ({@link SparkBenchmark}) trains the MLP
 * with SparkFit in local[2], one epoch of each mode, next to the single-JVM epoch (measured again when the MLP part
 * did not run).
 */
public final class MnistBenchmark {

    private static final int BATCH = 128;
    private static final long SEED = 42;

    private MnistBenchmark() {
    }

    /** The from-scratch GradientTape loop's figures. */
    record TapeResult(Measurements.Cost epoch, int steps, double testAccuracy, int epochs) {
    }

    /** How many epochs of the from-scratch loop the benchmark runs, warm-up included. */
    private static final int TAPE_EPOCHS = 5;

    /** One library's figures. */
    record Result(Measurements.Cost epoch, double stepsPerSecond, double predictPerSecond, double testAccuracy,
                  double predictFourThreadsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        int epochs = 5;
        int convEpochs = 3;
        int resnetEpochs = 3;
        int imageEpochs = 3;
        int xceptionEpochs = 2;
        Path fashion = null;
        String only = "all";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--conv-epochs" -> convEpochs = Integer.parseInt(args[i + 1]);
                case "--resnet-epochs" -> resnetEpochs = Integer.parseInt(args[i + 1]);
                case "--image-epochs" -> imageEpochs = Integer.parseInt(args[i + 1]);
                case "--xception-epochs" -> xceptionEpochs = Integer.parseInt(args[i + 1]);
                case "--fashion" -> fashion = Path.of(args[i + 1]);
                case "--only" -> only = args[i + 1];
                default -> throw new IllegalArgumentException("unknown flag " + args[i] + "; use --data DIR, "
                        + "--epochs N, --conv-epochs N, --resnet-epochs N, --image-epochs N or "
                        + "--xception-epochs N, --fashion DIR, --only mlp|convnet|resnet|images|spark|xception|"
                        + "torchvision|serving");
            }
        }
        if (epochs < 4) {
            throw new IllegalArgumentException("--epochs must be at least 4: one warm-up and three measured");
        }
        if (convEpochs < 2) {
            throw new IllegalArgumentException("--conv-epochs must be at least 2: one warm-up and one measured");
        }
        if (resnetEpochs < 2) {
            throw new IllegalArgumentException("--resnet-epochs must be at least 2: one warm-up and one measured");
        }
        if (imageEpochs < 2) {
            throw new IllegalArgumentException("--image-epochs must be at least 2: one warm-up and one measured");
        }
        if (xceptionEpochs < 2) {
            throw new IllegalArgumentException("--xception-epochs must be at least 2: one warm-up and one measured");
        }
        if (!List.of("all", "mlp", "convnet", "resnet", "images", "spark", "xception", "torchvision",
                "serving").contains(only)) {
            throw new IllegalArgumentException("--only takes mlp, convnet, resnet, images, spark, xception, "
                    + "torchvision or all, got " + only);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        StringBuilder tables = new StringBuilder();
        if (only.equals("torchvision")) {
            // the torchvision part reads no MNIST
            TorchvisionBenchmark.Results served = TorchvisionBenchmark.run(TORCHVISION_REPEATS);
            System.out.println();
            System.out.print(TorchvisionBenchmark.table(served, TORCHVISION_REPEATS));
            fields.putAll(TorchvisionBenchmark.fields(served));
            System.out.println(format(fields));
            return;
        }
        Mnist.Data mnist = data == null ? Mnist.loadData() : Mnist.loadData(data);
        if (only.equals("all") || only.equals("mlp")) {
            mlp(mnist, epochs, fields, tables);
        }
        if (only.equals("all") || only.equals("spark")) {
            double singleJvm = fields.get("fusenet_epoch_s") instanceof Double seconds ? seconds
                    : singleJvmEpoch(mnist);
            SparkBenchmark.Results spark = SparkBenchmark.run(mnist);
            tables.append(SparkBenchmark.table(spark, singleJvm));
            fields.putAll(SparkBenchmark.fields(spark, singleJvm));
        }
        if (only.equals("all") || only.equals("convnet")) {
            ConvNetBenchmark.Results conv = ConvNetBenchmark.run(mnist, convEpochs);
            tables.append('\n').append(ConvNetBenchmark.table(conv, convEpochs));
            fields.put("conv_epochs", convEpochs);
            fields.putAll(ConvNetBenchmark.fields(conv));
        }
        if (only.equals("all") || only.equals("resnet")) {
            TwinBenchmark.Results resnet = ResNetBenchmark.run(mnist, data, resnetEpochs);
            tables.append('\n').append(TwinBenchmark.table(resnet, resnetEpochs));
            fields.put("resnet_epochs", resnetEpochs);
            fields.putAll(TwinBenchmark.fields(resnet));
        }
        if (only.equals("all") || only.equals("xception")) {
            TwinBenchmark.Results xception = XceptionBenchmark.run(fashion, xceptionEpochs);
            if (xception != null) {
                tables.append('\n').append(TwinBenchmark.table(xception, xceptionEpochs));
                fields.put("xception_epochs", xceptionEpochs);
                fields.putAll(TwinBenchmark.fields(xception));
            }
        }
        if (only.equals("all") || only.equals("serving")) {
            ServingBenchmark.Results serving = ServingBenchmark.run(mnist);
            tables.append('\n').append(ServingBenchmark.table(serving));
            fields.putAll(ServingBenchmark.fields(serving));
        }
        if (only.equals("all") || only.equals("images")) {
            ImageFolderBenchmark.Results images = ImageFolderBenchmark.run(mnist, imageEpochs);
            tables.append('\n').append(ImageFolderBenchmark.table(images, imageEpochs));
            fields.put("image_epochs", imageEpochs);
            fields.putAll(ImageFolderBenchmark.fields(images));
        }
        if (only.equals("all")) {
            TorchvisionBenchmark.Results served = TorchvisionBenchmark.run(TORCHVISION_REPEATS);
            tables.append('\n').append(TorchvisionBenchmark.table(served, TORCHVISION_REPEATS));
            fields.putAll(TorchvisionBenchmark.fields(served));
        }
        System.out.println();
        System.out.print(tables);
        System.out.println(format(fields));
    }

    /** Timed batches of each torchvision file, after a warm-up. */
    private static final int TORCHVISION_REPEATS = 5;

    /** The compiled MLP's median epoch over 3 after a warm-up, for the Spark part's ratios when the MLP part did not run. */
    private static double singleJvmEpoch(Mnist.Data mnist) {
        Tensor trainImages = MnistSample.prepareImages(mnist.trainImages());
        Tensor testImages = MnistSample.prepareImages(mnist.testImages());
        Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);
        Tensor testLabels = Tensors.toCategorical(mnist.testLabels(), 10);
        int steps = (int) Math.ceil(trainImages.shape()[0] / (double) BATCH);
        System.out.println("fusenet: 4 epochs of CompiledMnistNet, for the single-JVM epoch ...");
        return fusenet("fusenet", new CompiledMnistNet(SEED), trainImages, trainLabels, testImages, testLabels, 4,
                steps, BATCH).epoch().seconds();
    }

    /** The MLP part: the lecture's network in the three forms. */
    private static void mlp(Mnist.Data mnist, int epochs, Map<String, Object> fields, StringBuilder tables) {
        Tensor trainImages = MnistSample.prepareImages(mnist.trainImages());
        Tensor testImages = MnistSample.prepareImages(mnist.testImages());
        Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);
        Tensor testLabels = Tensors.toCategorical(mnist.testLabels(), 10);
        int steps = (int) Math.ceil(trainImages.shape()[0] / (double) BATCH);

        System.out.println("fusenet: " + epochs + " epochs of CompiledMnistNet ...");
        Result fusenet = fusenet("fusenet", new CompiledMnistNet(SEED), trainImages, trainLabels, testImages,
                testLabels, epochs, steps, BATCH);
        System.out.println("fusenet DSL: " + epochs + " epochs of the same model built with Sequential.build ...");
        Result dsl = fusenet("DSL", dslMnistNet(), trainImages, trainLabels, testImages, testLabels, epochs, steps,
                BATCH);
        System.out.println("DL4J: " + epochs + " epochs of MultiLayerNetwork ...");
        Result dl4j = dl4j(trainImages, trainLabels, testImages, testLabels, epochs, steps);
        System.out.println("fusenet tape: " + TAPE_EPOCHS + " epochs of the book's from-scratch GradientTape loop ...");
        TapeResult tape = tape(trainImages, mnist.trainLabels(), testImages, mnist.testLabels(), steps);
        tables.append(table(fusenet, dsl, dl4j, epochs));
        tables.append(tapeLine(tape, fusenet));
        fields.putAll(fields(fusenet, dsl, dl4j, epochs));
        fields.putAll(tapeFields(tape, fusenet));
    }

    /**
     * The lecture book's from-scratch loop ({@code samples/from-scratch}): NaiveDense layers, a GradientTape per
     * step and RMSprop, batches of 128 in order, integer labels.
     */
    static TapeResult tape(Tensor x, Tensor labels, Tensor testX, Tensor testLabels, int steps) {
        FromScratchSample.NaiveSequential model = FromScratchSample.bookModel(SEED);
        RMSprop optimizer = new RMSprop();
        List<Measurements.Cost> costs = new ArrayList<>();
        for (int epoch = 0; epoch < TAPE_EPOCHS; epoch++) {
            Measurements.Cost cost = Measurements.measure(
                    () -> FromScratchSample.epoch(model, x, labels, BATCH, optimizer));
            report("tape", epoch, cost);
            if (epoch > 0) {
                costs.add(cost);
            }
        }
        return new TapeResult(Measurements.median(costs), steps, FromScratchSample.accuracy(model, testX, testLabels),
                TAPE_EPOCHS);
    }

    static String tapeLine(TapeResult tape, Result compiled) {
        return String.format(Locale.ROOT, "from-scratch GradientTape loop: %.3f s per epoch (%.2f× the compiled "
                        + "class), %.1f MB of heap allocated per step, test accuracy %.4f after %d epochs%n",
                tape.epoch().seconds(), tape.epoch().seconds() / compiled.epoch().seconds(),
                tape.epoch().allocatedBytes() / (double) tape.steps() / 1e6, tape.testAccuracy(), tape.epochs());
    }

    static Map<String, Object> tapeFields(TapeResult tape, Result compiled) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tape_epochs", tape.epochs());
        fields.put("tape_epoch_s", tape.epoch().seconds());
        fields.put("tape_epoch_ratio", tape.epoch().seconds() / compiled.epoch().seconds());
        fields.put("tape_alloc_bytes_per_step", tape.epoch().allocatedBytes() / (double) tape.steps());
        fields.put("tape_gc_per_epoch", tape.epoch().collections());
        fields.put("tape_test_acc", tape.testAccuracy());
        return fields;
    }

    /** The lecture's model in the runtime DSL: the same architecture, settings and seed as CompiledMnistNet. */
    static Sequential dslMnistNet() {
        return Sequential.build(m -> {
            m.seed(SEED);
            // fusenet's Activation, named in full: DL4J's is imported for its network
            m.dense(512, d -> { d.activation(dev.fusenet.annotations.Activation.RELU); d.inputShape(28 * 28); });
            m.dense(10, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY);
                c.metrics(Metric.ACCURACY); });
        });
    }

    /** A fusenet model, compiled or built with the DSL: both are {@link Model}s and are measured alike. */
    static Result fusenet(String label, Model network, Tensor x, Tensor y, Tensor testX, Tensor testY, int epochs,
                          int steps, int batch) {
        // One fit of all epochs, as a user runs it; a callback reads the meters at each epoch's ends, so the
        // one-off conversion of the inputs to float buffers at the start of fit is not counted as an epoch's.
        EpochMeter meter = new EpochMeter(label);
        network.fit(x, y, o -> o.epochs(epochs).batchSize(batch).seed(SEED).verbosity(Verbosity.SILENT)
                .callbacks(meter));
        Measurements.Cost epoch = Measurements.median(meter.afterWarmUp());
        double[] predictSeconds = new double[3];
        for (int i = 0; i < predictSeconds.length; i++) {
            predictSeconds[i] = Measurements.measure(() -> network.predict(testX)).seconds();
        }
        double accuracy = network.evaluate(testX, testY).metric("accuracy");
        return new Result(epoch, steps / epoch.seconds(), testX.shape()[0] / Measurements.median(predictSeconds),
                accuracy, predictFromThreads(network, testX, 4));
    }

    static Result dl4j(Tensor x, Tensor y, Tensor testX, Tensor testY, int epochs, int steps) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .updater(new RmsProp(0.001, 0.9, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(512).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return dl4jRun("DL4J", network, x.toNd4j(), y.toNd4j(), testX.toNd4j(), testY.toNd4j(), epochs, steps,
                BATCH);
    }

    /**
     * Trains {@code network} for {@code epochs} with DL4J's usual loop (shuffle, batch, and fit an iterator over
     * the batches: it prefetches and reuses workspaces there, which fitting batch by batch does not), then
     * measures prediction on the test set; labels are one-hot.
     */
    static Result dl4jRun(String label, MultiLayerNetwork network, INDArray features, INDArray labels,
                          INDArray testFeatures, INDArray testLabels, int epochs, int steps, int batch) {
        // DL4J's DataSet.shuffle permutes its arrays in place: copies keep the shared tensors in their order for
        // the runs that follow (the from-scratch loop pairs the images with the unshuffled integer labels).
        DataSet train = new DataSet(features.dup(), labels.dup());
        List<Measurements.Cost> costs = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long shuffle = SEED + epoch;
            Measurements.Cost cost = Measurements.measure(() -> {
                train.shuffle(shuffle);
                network.fit(new ExistingDataSetIterator(train.batchBy(batch)));
            });
            report(label, epoch, cost);
            if (epoch > 0) {
                costs.add(cost);
            }
        }
        Measurements.Cost epoch = Measurements.median(costs);
        double[] predictSeconds = new double[3];
        for (int i = 0; i < predictSeconds.length; i++) {
            predictSeconds[i] = Measurements.measure(() -> network.output(testFeatures)).seconds();
        }
        INDArray predicted = network.output(testFeatures).argMax(1);
        INDArray expected = testLabels.argMax(1);
        double accuracy = predicted.eq(expected).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber()
                .doubleValue();
        // No figure from 4 threads: MultiLayerNetwork.output is not safe to share between threads (DL4J points to
        // ParallelInference for that).
        return new Result(epoch, steps / epoch.seconds(), testFeatures.size(0) / Measurements.median(predictSeconds),
                accuracy, Double.NaN);
    }

    /**
     * Images per second when {@code threads} threads share {@code model} and each predicts all of {@code x} at
     * once, as request threads of a service would; the median of three rounds.
     */
    static double predictFromThreads(Model model, Tensor x, int threads) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            double[] seconds = new double[3];
            for (int round = 0; round < seconds.length; round++) {
                long start = System.nanoTime();
                List<java.util.concurrent.Future<Tensor>> calls = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    calls.add(pool.submit(() -> model.predict(x)));
                }
                for (java.util.concurrent.Future<Tensor> call : calls) {
                    call.get();
                }
                seconds[round] = (System.nanoTime() - start) / 1e9;
            }
            return threads * x.shape()[0] / Measurements.median(seconds);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("prediction from " + threads + " threads failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Measures each epoch of a fit from its begin to its end callback. */
    static final class EpochMeter implements Callback {
        private final String library;
        private final List<Measurements.Cost> costs = new ArrayList<>();
        private Measurements.Meter meter;

        EpochMeter(String library) {
            this.library = library;
        }

        @Override
        public void onEpochBegin(int epoch, TrainingContext context) {
            meter = Measurements.start();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
            Measurements.Cost cost = meter.stop();
            report(library, costs.size(), cost);
            costs.add(cost);
        }

        List<Measurements.Cost> afterWarmUp() {
            return costs.subList(1, costs.size());
        }
    }

    static void report(String library, int epoch, Measurements.Cost cost) {
        System.out.printf(Locale.ROOT, "  %s epoch %d%s: %.3f s, %,d bytes allocated, %d GCs%n", library, epoch + 1,
                epoch == 0 ? " (warm-up)" : "", cost.seconds(), cost.allocatedBytes(), cost.collections());
    }

    static String table(Result fusenet, Result dsl, Result dl4j, int epochs) {
        return table("median of " + (epochs - 1) + " epochs after warm-up", fusenet, dsl, dl4j, epochs);
    }

    static String table(String title, Result fusenet, Result dsl, Result dl4j, int epochs) {
        String format = "%-44s %12s %12s %12s %13s %12s%n";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, title, "fusenet", "fusenet DSL",
                "DL4J", "fusenet/DL4J", "DSL/fusenet"));
        row(table, format, "seconds per epoch", fusenet, dsl, dl4j, r -> r.epoch().seconds(), "%.3f");
        row(table, format, "training steps per second", fusenet, dsl, dl4j, Result::stepsPerSecond, "%.0f");
        row(table, format, "predict images per second", fusenet, dsl, dl4j, Result::predictPerSecond, "%.0f");
        row(table, format, "predict images per second, 4 threads", fusenet, dsl, dl4j,
                Result::predictFourThreadsPerSecond, "%.0f");
        row(table, format, "allocated MB per epoch", fusenet, dsl, dl4j, r -> r.epoch().allocatedBytes() / 1e6,
                "%.1f");
        row(table, format, "GCs per epoch", fusenet, dsl, dl4j, r -> r.epoch().collections(), "%.0f");
        row(table, format, "test accuracy after " + epochs + " epochs", fusenet, dsl, dl4j, Result::testAccuracy,
                "%.4f");
        return table.toString();
    }

    private static void row(StringBuilder table, String format, String name, Result fusenet, Result dsl,
                            Result dl4j, java.util.function.ToDoubleFunction<Result> figure, String number) {
        double ours = figure.applyAsDouble(fusenet);
        double tape = figure.applyAsDouble(dsl);
        double theirs = figure.applyAsDouble(dl4j);
        table.append(String.format(Locale.ROOT, format, name, figure(number, ours), figure(number, tape),
                figure(number, theirs), ratio(ours, theirs), ratio(tape, ours)));
    }

    /** A figure, or "-" where a library has none. */
    private static String figure(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String ratio(double numerator, double denominator) {
        return denominator == 0 || Double.isNaN(denominator) || Double.isNaN(numerator) ? "-"
                : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    static String json(Result fusenet, Result dsl, Result dl4j, int epochs) {
        return format(fields(fusenet, dsl, dl4j, epochs));
    }

    /** The MLP's keys of the JSON line. */
    static Map<String, Object> fields(Result fusenet, Result dsl, Result dl4j, int epochs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("epochs", epochs);
        fields.put("fusenet_epoch_s", fusenet.epoch().seconds());
        fields.put("dl4j_epoch_s", dl4j.epoch().seconds());
        fields.put("epoch_ratio", fusenet.epoch().seconds() / dl4j.epoch().seconds());
        fields.put("fusenet_steps_per_s", fusenet.stepsPerSecond());
        fields.put("dl4j_steps_per_s", dl4j.stepsPerSecond());
        fields.put("fusenet_predict_per_s", fusenet.predictPerSecond());
        fields.put("dl4j_predict_per_s", dl4j.predictPerSecond());
        fields.put("fusenet_predict_4threads_per_s", fusenet.predictFourThreadsPerSecond());
        fields.put("fusenet_alloc_bytes_per_epoch", fusenet.epoch().allocatedBytes());
        fields.put("dl4j_alloc_bytes_per_epoch", dl4j.epoch().allocatedBytes());
        fields.put("fusenet_gc_per_epoch", fusenet.epoch().collections());
        fields.put("dl4j_gc_per_epoch", dl4j.epoch().collections());
        fields.put("fusenet_test_acc", fusenet.testAccuracy());
        fields.put("dl4j_test_acc", dl4j.testAccuracy());
        fields.put("dsl_epoch_s", dsl.epoch().seconds());
        fields.put("dsl_epoch_ratio", dsl.epoch().seconds() / fusenet.epoch().seconds());
        fields.put("dsl_steps_per_s", dsl.stepsPerSecond());
        fields.put("dsl_predict_per_s", dsl.predictPerSecond());
        fields.put("dsl_predict_4threads_per_s", dsl.predictFourThreadsPerSecond());
        fields.put("dsl_alloc_bytes_per_epoch", dsl.epoch().allocatedBytes());
        fields.put("dsl_gc_per_epoch", dsl.epoch().collections());
        fields.put("dsl_test_acc", dsl.testAccuracy());
        return fields;
    }

    /** One JSON object on one line, numbers with six significant digits. */
    static String format(Map<String, Object> fields) {
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof Double d
                        ? String.format(Locale.ROOT, "%.6g", d) : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
