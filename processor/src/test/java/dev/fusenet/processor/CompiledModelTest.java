package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a compiled model does as a whole: the lecture's model, allocation, determinism, saving, bad input. */
class CompiledModelTest {

    private static final String SMALL_NET = """
            package example;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.ADAM, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface SmallNet {
                @Dense(units = 32, activation = Activation.RELU, inputShape = 20)
                Layer hidden();
                @Dropout(rate = 0.25)
                Layer dropout();
                @Dense(units = 4, activation = Activation.SOFTMAX)
                Layer output();
            }
            """;

    private static Compilation mnist;
    private static Compilation small;

    @BeforeAll
    static void compile() {
        mnist = Models.compile("example.MnistNet", GoldenFileTest.MNIST_NET);
        small = Models.compile("example.SmallNet", SMALL_NET);
    }

    private static Model smallNet(long seed) {
        return Models.instantiate(small, "example.CompiledSmallNet", seed);
    }

    /** A learnable problem: the class is the index of the largest of the first four features. */
    private static Tensor[] data(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 20];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 0; c < 20; c++) {
                x[r * 20 + c] = (float) random.nextGaussian();
                if (c < 4 && x[r * 20 + c] > x[r * 20 + best]) {
                    best = c;
                }
            }
            labels[r] = best;
        }
        return new Tensor[] {Tensor.of(x, rows, 20), Tensors.toCategorical(Tensor.of(labels, rows), 4)};
    }

    private static float[] allWeights(Model model) {
        List<Layer> layers = model.layers();
        int size = 0;
        for (Layer layer : layers) {
            size += (int) layer.parameterCount();
        }
        float[] all = new float[size];
        int at = 0;
        for (Layer layer : layers) {
            if (layer.parameterCount() == 0) {
                continue;
            }
            for (Tensor weight : List.of(layer.kernel(), layer.bias())) {
                float[] values = weight.toFloatArray();
                System.arraycopy(values, 0, all, at, values.length);
                at += values.length;
            }
        }
        return all;
    }

    private static History quietFit(Model model, Tensor x, Tensor y, int epochs) {
        return model.fit(x, y, o -> o.epochs(epochs).batchSize(32).verbosity(Verbosity.SILENT));
    }

    @Test
    void aCompiledModelTrainsEvaluatesAndPredictsOnADatasetAsOnItsTensors() {
        Tensor[] train = data(200, 1);
        Model onTensors = smallNet(3);
        onTensors.fit(train[0], train[1], o -> o.epochs(2).batchSize(32).shuffle(false).verbosity(Verbosity.SILENT));
        Model onDataset = smallNet(3);
        dev.fusenet.runtime.data.Dataset dataset = dev.fusenet.runtime.data.Dataset.fromTensors(train[0], train[1])
                .batch(32).prefetch();
        onDataset.fit(dataset, o -> o.epochs(2).verbosity(Verbosity.SILENT));
        assertArrayEquals(allWeights(onTensors), allWeights(onDataset));
        assertEquals(onTensors.evaluate(train[0], train[1]).loss(), onDataset.evaluate(dataset).loss(), 1e-6);
        // predict(Tensor) runs up to 256 rows per product, the dataset 32: the products' blocking may move last bits
        assertArrayEquals(onTensors.predict(train[0]).toFloatArray(), onDataset.predict(dataset).toFloatArray(), 1e-6f);
    }

    @Test
    void theLectureModelHasKerasSummary() {
        Model model = Models.instantiate(mnist, "example.CompiledMnistNet", 1);
        String summary = model.summary();
        assertTrue(summary.contains("Total params: 407,050"), summary);
        assertTrue(summary.contains("hidden (Dense)"), summary);
        assertTrue(summary.contains("(None, 512)"), summary);
        assertTrue(summary.contains("401,920"), summary);
        assertTrue(summary.contains("5,130"), summary);
    }

    @Test
    void layerMethodsReturnTheLayersWeights() throws ReflectiveOperationException {
        Model model = Models.instantiate(mnist, "example.CompiledMnistNet", 1);
        Layer hidden = (Layer) model.getClass().getMethod("hidden").invoke(model);
        assertArrayEquals(new long[] {784, 512}, hidden.kernel().shape());
        assertArrayEquals(new long[] {512}, hidden.bias().shape());
        assertEquals(0f, hidden.bias().toFloatArray()[0], "Keras starts biases at zero");
        double limit = Math.sqrt(6.0 / (784 + 512));
        for (float w : hidden.kernel().toFloatArray()) {
            assertTrue(Math.abs(w) <= limit, "Glorot uniform stays within ±" + limit);
        }
    }

    @Test
    void nameInputShapeAndWeightsAsKeras() {
        Model model = Models.instantiate(mnist, "example.CompiledMnistNet", 1);
        assertEquals("MnistNet", model.name(), "the @Compile type's name, as the summary shows it");
        assertArrayEquals(new int[] {784}, model.inputShape());
        List<Tensor> weights = model.getWeights();
        assertEquals(4, weights.size(), "kernel and bias of hidden, then of output");
        assertArrayEquals(new long[] {784, 512}, weights.get(0).shape());
        assertArrayEquals(new long[] {10}, weights.get(3).shape());

        Model other = Models.instantiate(mnist, "example.CompiledMnistNet", 2);
        Tensor x = Tensor.randomUniform(new long[] {64, 784}, 0, 1, DType.FLOAT32, 3);
        other.setWeights(weights);
        assertArrayEquals(model.predict(x).toFloatArray(), other.predict(x).toFloatArray(),
                "set weights predict as the model they came from");
    }

    @Test
    void setWeightsChecksEveryShapeBeforeWritingAny() {
        Model model = Models.instantiate(mnist, "example.CompiledMnistNet", 1);
        List<Tensor> before = model.getWeights();
        List<Tensor> wrong = new java.util.ArrayList<>(before);
        wrong.set(0, wrong.get(0).mul(Tensor.scalar(2f)));
        wrong.set(3, Tensor.zeros(11));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> model.setWeights(wrong));
        assertEquals("setWeights: weight 3 (output.bias) must have shape [10], not [11]", error.getMessage());
        assertArrayEquals(before.get(0).toFloatArray(), model.getWeights().get(0).toFloatArray(),
                "the kernel given before the wrong bias was not written");
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> model.setWeights(before.subList(0, 2)));
        assertTrue(count.getMessage().contains("has 4 weights (hidden.kernel, hidden.bias, output.kernel, "
                + "output.bias), but 2 were given"), count.getMessage());
    }

    @Test
    void applyGradientsChecksEveryShapeBeforeAnyStep() {
        Model model = Models.instantiate(mnist, "example.CompiledMnistNet", 1);
        Tensor x = Tensor.randomUniform(new long[] {8, 784}, 0, 1, DType.FLOAT32, 3);
        float[] oneHot = new float[8 * 10];
        for (int r = 0; r < 8; r++) {
            oneHot[r * 10 + r] = 1;
        }
        List<Tensor> gradients = new java.util.ArrayList<>(model.computeGradients(x, Tensor.of(oneHot, 8, 10))
                .values());
        List<Tensor> before = model.getWeights();
        gradients.set(1, Tensor.zeros(3));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> model.applyGradients(gradients));
        assertEquals("applyGradients: gradient 1 (hidden.bias) must have shape [512], not [3]", error.getMessage());
        assertArrayEquals(before.get(0).toFloatArray(), model.getWeights().get(0).toFloatArray());
    }

    @Test
    void aModelLearns() {
        Tensor[] train = data(2000, 1);
        Tensor[] test = data(500, 2);
        Model model = smallNet(3);
        History history = model.fit(train[0], train[1], o -> {
            o.epochs(8);
            o.batchSize(32);
            o.validationSplit(0.1);
            o.verbosity(Verbosity.SILENT);
        });
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) * 0.6, "the loss falls: " + loss);
        assertTrue(history.keys().contains("val_accuracy"), history.keys().toString());
        Evaluation evaluation = model.evaluate(test[0], test[1]);
        assertTrue(evaluation.metric("accuracy") > 0.8, "test accuracy " + evaluation.metric("accuracy"));
        Tensor predictions = model.predict(test[0]);
        assertArrayEquals(new long[] {500, 4}, predictions.shape());
        float[] p = predictions.toFloatArray();
        float rowSum = p[0] + p[1] + p[2] + p[3];
        assertEquals(1f, rowSum, 1e-5f, "softmax outputs sum to one");
    }

    @Test
    void theSameSeedTrainsToBitwiseTheSameWeights() {
        Tensor[] train = data(300, 4);
        Model first = smallNet(9);
        Model second = smallNet(9);
        quietFit(first, train[0], train[1], 2);
        quietFit(second, train[0], train[1], 2);
        assertArrayEquals(allWeights(first), allWeights(second));
        Model other = smallNet(10);
        assertTrue(allWeights(other)[0] != allWeights(smallNet(9))[0], "another seed, other weights");
    }

    @Test
    void saveLoadAndContinueEqualsTrainingStraightThrough(@TempDir Path directory) throws IOException {
        Tensor[] train = data(256, 5);
        // Unshuffled, so that epochs 3 and 4 of a resumed fit see the batches epochs 3 and 4 of a straight one see;
        // the Adam moments, the step count and the dropout masks (a function of the step) carry over in the file.
        java.util.function.BiConsumer<Model, Integer> fit = (model, epochs) -> model.fit(train[0], train[1],
                o -> o.epochs(epochs).batchSize(32).shuffle(false).verbosity(Verbosity.SILENT));
        Model straight = smallNet(21);
        fit.accept(straight, 4);

        Model interrupted = smallNet(21);
        fit.accept(interrupted, 2);
        Path file = directory.resolve("small.npz");
        interrupted.save(file);
        Model resumed = smallNet(99);
        resumed.load(file);
        fit.accept(resumed, 2);
        assertArrayEquals(allWeights(straight), allWeights(resumed),
                "save, load and continue trains to the weights of training straight through");
        assertTrue(Files.list(directory).allMatch(p -> p.getFileName().toString().equals("small.npz")),
                "no temporary files are left behind");
    }

    @Test
    void loadRefusesAnotherArchitecture(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("mnist.npz");
        Models.instantiate(mnist, "example.CompiledMnistNet", 1).save(file);
        Model small = smallNet(1);
        float[] before = allWeights(small);
        IOException e = assertThrows(IOException.class, () -> small.load(file));
        assertTrue(e.getMessage().contains("hidden/kernel has shape (784,512) but this model needs (20,32)"),
                e.getMessage());
        assertArrayEquals(before, allWeights(small), "a refused file changes nothing");
    }

    @Test
    void badInputNamesTheShapesAndChangesNothing() {
        Model model = smallNet(2);
        float[] before = allWeights(model);
        Tensor[] good = data(10, 1);
        IllegalArgumentException wrongFeatures = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(new long[] {10, 21}, DType.FLOAT32), good[1], 1, 5));
        assertEquals("fit: x must have shape (samples,20) for SmallNet, got (10,21)", wrongFeatures.getMessage());
        IllegalArgumentException wrongLabels = assertThrows(IllegalArgumentException.class,
                () -> model.fit(good[0], Tensor.zeros(new long[] {10}, DType.FLOAT32), 1, 5));
        assertTrue(wrongLabels.getMessage().startsWith("fit: y must have shape (10,4) for CATEGORICAL_CROSSENTROPY, "
                + "got (10); for class indices use SPARSE_CATEGORICAL_CROSSENTROPY, or one-hot encode them with "
                + "Tensors.toCategorical(y, 4)"), wrongLabels.getMessage());
        float[] withNaN = good[0].toFloatArray();
        withNaN[45] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(Tensor.of(withNaN, 10, 20), good[1]));
        assertEquals("evaluate: x holds NaN at sample 2, column 5; clean or impute the data first", nan.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Tensor.zeros(new long[] {0, 20}, DType.FLOAT32)));
        assertEquals("predict: x holds no samples, shape (0,20)", empty.getMessage());
        assertArrayEquals(before, allWeights(model), "bad input leaves the model unchanged");
    }

    @Test
    void predictAndEvaluateWorkOnAnyNumberOfRows() {
        Model model = smallNet(6);
        Tensor[] data = data(600, 8);
        Tensor all = model.predict(data[0]);
        for (int rows : new int[] {1, 255, 256, 257}) {
            Tensor part = model.predict(data[0].slice(0, rows));
            float[] expected = java.util.Arrays.copyOf(all.toFloatArray(), rows * 4);
            assertArrayEquals(expected, part.toFloatArray(), 1e-6f, rows + " rows");
        }
        assertEquals(model.evaluate(data[0], data[1]).loss(), model.evaluate(data[0], data[1]).loss());
    }

    @Test
    void dropoutDropsItsRateWhileTrainingAndPassesAtInference() {
        Model model = smallNet(12);
        Tensor[] data = data(64, 3);
        Tensor before = model.predict(data[0]);
        assertArrayEquals(before.toFloatArray(), model.predict(data[0]).toFloatArray(),
                "inference is deterministic: dropout is off");
        CompiledModelSupport.Network network = (CompiledModelSupport.Network) model;
        network.trainStep(data[0].toFloatArray(), data[1].toFloatArray(), null, 64, List.of());
        dev.fusenet.runtime.compiled.DropoutLayer dropout =
                (dev.fusenet.runtime.compiled.DropoutLayer) model.layers().get(1);
        assertEquals(0.25, dropout.rate(), 1e-9);
        float[] mask = new float[64 * 32];
        float[] out = new float[mask.length];
        float[] in = new float[mask.length];
        java.util.Arrays.fill(in, 1f);
        dropout.forwardTraining(in, mask, out, 0, mask.length, 7);
        int dropped = 0;
        for (float value : out) {
            assertTrue(value == 0f || Math.abs(value - 1 / 0.75f) < 1e-6, "kept values are scaled by 1/(1-rate)");
            dropped += value == 0f ? 1 : 0;
        }
        assertEquals(0.25, dropped / (double) mask.length, 0.03, "about a quarter is dropped");
    }

    @Test
    void aTrainingStepAllocatesNothingAfterWarmUp() {
        Compilation conv = Models.compile("example.MnistConvNet", GoldenFileTest.MNIST_CONV_NET);
        Model convnet = Models.instantiate(conv, "example.CompiledMnistConvNet", 1);
        Model dslMlp = dev.fusenet.runtime.dsl.Sequential.build(m -> {
            m.dense(512, d -> d.activation(dev.fusenet.annotations.Activation.RELU).inputShape(784));
            m.dense(10, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.RMSPROP)
                    .loss(dev.fusenet.annotations.Loss.CATEGORICAL_CROSSENTROPY));
        });
        Model dslConvnet = dev.fusenet.runtime.dsl.Sequential.build(m -> {
            m.conv2d(32, 3, c -> c.activation(dev.fusenet.annotations.Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            m.conv2d(64, 3, c -> c.activation(dev.fusenet.annotations.Activation.RELU));
            m.averagePooling2d(2);
            m.flatten();
            m.dropout(0.5);
            m.dense(10, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.CATEGORICAL_CROSSENTROPY));
        });
        assertAllocatesNothing(Models.instantiate(mnist, "example.CompiledMnistNet", 1), "compiled MnistNet", 128);
        assertAllocatesNothing(convnet, "compiled MnistConvNet", 64);
        assertAllocatesNothing(dslMlp, "DSL MnistNet", 128);
        assertAllocatesNothing(dslConvnet, "DSL convnet", 64);
        // A residual graph: merges, a branch buffer, a concatenation
        String residualSource = GoldenFileTest.RESIDUAL_NET.replace("SPARSE_CATEGORICAL_CROSSENTROPY",
                "CATEGORICAL_CROSSENTROPY");
        Model residual = Models.instantiate(Models.compile("example.ResidualNet", residualSource),
                "example.CompiledResidualNet", 1);
        assertAllocatesNothing(residual, "compiled ResidualNet", 64);
        Model dslResidual = dev.fusenet.runtime.dsl.Functional.build(g -> {
            var image = g.input("image", 28, 28, 1);
            var conv1 = g.conv2d(image, 8, 3, c -> c.padding(dev.fusenet.annotations.Padding.SAME)
                    .activation(dev.fusenet.annotations.Activation.RELU));
            var conv2 = g.conv2d(conv1, 8, 3, c -> c.padding(dev.fusenet.annotations.Padding.SAME));
            var block = g.add(conv2, conv1);
            var pool = g.maxPooling2d(block, 2);
            var narrow = g.conv2d(pool, 4, 1, c -> { });
            var joined = g.concatenate(narrow, pool);
            g.dense(g.flatten(joined), 10, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            g.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.CATEGORICAL_CROSSENTROPY));
        });
        assertAllocatesNothing(dslResidual, "DSL residual graph", 64);
        // The normalised batch normalization in phases and the modern kinds, compiled from the golden model and in
        // the DSL: rescaling, separable and depthwise convolutions, layer normalization, global pooling
        String normalizedSource = GoldenFileTest.NORMALIZED_NET.replace("SPARSE_CATEGORICAL_CROSSENTROPY",
                "CATEGORICAL_CROSSENTROPY");
        assertAllocatesNothing(Models.instantiate(Models.compile("example.NormalizedNet", normalizedSource),
                "example.CompiledNormalizedNet", 1), "compiled NormalizedNet", 64);
        Model dslModern = dev.fusenet.runtime.dsl.Functional.build(g -> {
            var same = dev.fusenet.annotations.Padding.SAME;
            var image = g.input("image", 28, 28, 1);
            var x = g.conv2d(g.rescaling(image, 1.0 / 255), 8, 3, c -> c.padding(same).useBias(false));
            var y = g.activation(g.batchNormalization(x), dev.fusenet.annotations.Activation.RELU);
            y = g.separableConv2d(y, 8, 3, c -> c.padding(same));
            y = g.depthwiseConv2d(g.layerNormalization(y), 3, d -> d.padding(same)
                    .activation(dev.fusenet.annotations.Activation.RELU6));
            var sum = g.add(g.upSampling2d(g.maxPooling2d(y, 2)), x);
            g.dense(g.globalAveragePooling2d(g.zeroPadding2d(sum)), 10,
                    d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            g.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.ADAM)
                    .loss(dev.fusenet.annotations.Loss.CATEGORICAL_CROSSENTROPY));
        });
        assertAllocatesNothing(dslModern, "DSL modern convnet", 64);
    }

    private static void assertAllocatesNothing(Model model, String name, int rows) {
        CompiledModelSupport.Network network = (CompiledModelSupport.Network) model;
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[rows * 784];
        float[] y = new float[rows * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < rows; r++) {
            y[r * 10 + random.nextInt(10)] = 1;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                ManagementFactory.getThreadMXBean();
        List<dev.fusenet.runtime.metrics.PredictionMetric> metrics = List.of(
                dev.fusenet.runtime.metrics.Metrics.of(dev.fusenet.annotations.Metric.ACCURACY,
                        dev.fusenet.annotations.Loss.CATEGORICAL_CROSSENTROPY, 10));
        for (int i = 0; i < 200; i++) {
            network.trainStep(x, y, null, rows, metrics);
        }
        // The caller's thread and the shard worker's: both run a step's work.
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("fusenet-shard"))
                .mapToLong(Thread::getId).toArray();
        int steps = 50;
        long before = java.util.Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
        for (int i = 0; i < steps; i++) {
            network.trainStep(x, y, null, rows, metrics);
        }
        long perStep = (java.util.Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum() - before) / steps;
        System.out.println(name + ": allocated bytes per training step after warm-up, " + ids.length
                + " threads: " + perStep);
        // a few bytes are the measurement's own; an iterator per shard and step (what this caught) is 48 and up
        assertTrue(perStep < 40, name + ": a training step allocates " + perStep + " bytes");
    }
}
