package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.RMSprop;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.fusenet.model.Shape;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequentialTest {

    @TempDir
    Path directory;

    /** The example, word for word. */
    private static Model lectureModel() {
        Model model = Sequential.build(m -> {
            m.dense(512, d -> { d.activation(Activation.RELU); d.inputShape(28 * 28); });
            m.dense(10, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); });
        });
        return model;
    }

    @Test
    void theLecturesModelHasKerasNamesShapesAndParameterCounts() {
        Sequential model = (Sequential) lectureModel();
        ModelSpec spec = model.spec();
        assertEquals("sequential", spec.name());
        assertEquals(List.of(
                new DenseSpec("dense", 512, Activation.RELU, true, Optional.of(Shape.of(784)), Initializer.GLOROT_UNIFORM,
                        Initializer.ZEROS),
                DenseSpec.of("dense_1", 10, Activation.SOFTMAX)), spec.layers());
        assertEquals(List.of(Metric.ACCURACY), spec.training().metrics());
        assertTrue(Double.isNaN(spec.training().learningRate()), "unset hyperparameters keep Keras's defaults");
        assertEquals(List.of("dense", "dense_1"), model.layers().stream().map(Layer::name).toList());
        String summary = model.summary();
        assertTrue(summary.contains("Model: \"sequential\""), summary);
        assertTrue(summary.contains("401,920") && summary.contains("5,130") && summary.contains("407,050"), summary);
        RMSprop optimizer = (RMSprop) model.optimizer();
        assertEquals(0.001, optimizer.currentLearningRate(), 1e-12);
        assertEquals(0.9, optimizer.rho(), 1e-7);
        assertTrue(model.warnings().isEmpty());
    }

    @Test
    void buildingCallsEverySetterAndNamesLayersLikeKeras() {
        Sequential model = Sequential.build(m -> {
            m.name("tabular").seed(7);
            m.dense(8, d -> d.activation(Activation.TANH).inputShape(3).useBias(false)
                    .kernelInitializer(Initializer.HE_NORMAL));
            m.dropout(0.25);
            m.dense(4, d -> d.name("middle").activation(Activation.ELU).biasInitializer(Initializer.ONES));
            m.dropout(0.5, d -> d.name("drop"));
            m.dense(1, d -> d.activation(Activation.SIGMOID));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.BINARY_CROSSENTROPY)
                    .metrics(Metric.BINARY_ACCURACY, Metric.AUC).learningRate(0.01).beta1(0.8).amsgrad(true)
                    .labelSmoothing(0.1));
        });
        assertEquals(7, model.seed());
        assertEquals(List.of(
                new DenseSpec("dense", 8, Activation.TANH, false, Optional.of(Shape.of(3)), Initializer.HE_NORMAL,
                        Initializer.ZEROS),
                new DropoutSpec("dropout", 0.25),
                new DenseSpec("middle", 4, Activation.ELU, true, Optional.empty(), Initializer.GLOROT_UNIFORM,
                        Initializer.ONES),
                new DropoutSpec("drop", 0.5),
                DenseSpec.of("dense_2", 1, Activation.SIGMOID)), model.spec().layers());
        assertEquals(0.8, model.spec().training().beta1());
        assertTrue(model.spec().training().amsgrad());
        assertArrayEquals(new float[] {1, 1, 1, 1}, model.layers().get(2).bias().toFloatArray(), "ONES bias");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        ModelDefinitionException e = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(0, d -> d.activation(Activation.RELU));
            m.dense(10, d -> d.activation(Activation.RELU).inputShape(5));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY).rho(0.9));
        }));
        assertEquals(5, e.problems().size(), e.getMessage());
        String message = e.getMessage();
        assertTrue(message.startsWith("model sequential cannot be built: 5 errors"), message);
        assertTrue(message.contains("\n  layer 1 (dense), units: error: @Dense units must be positive, got 0"),
                message);
        assertTrue(message.contains("\n  layer 2 (dense_1), inputShape: error: inputShape belongs on the first "
                + "layer only"), message);
        assertTrue(message.contains("\n  layer 1 (dense): error: the first layer needs inputShape"), message);
        assertTrue(message.contains("\n  layer 2 (dense_1), activation: error: loss CATEGORICAL_CROSSENTROPY "
                + "expects probabilities, but the last layer's activation is RELU; use SOFTMAX"), message);
        assertTrue(message.contains("\n  compile, rho: error: rho does not apply to ADAM"), message);
    }

    @Test
    void convnetShapeMistakesAreTheCompilersMessages() {
        ModelDefinitionException wrong = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.conv2d(32, 3, c -> c.activation(Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            m.dense(10, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        }));
        assertTrue(wrong.getMessage().contains("layer 3 (dense): error: dense: @Dense takes flat inputs, but "
                + "max_pooling2d gives the (13, 13, 32) feature map; put a @Flatten layer before it (it turns "
                + "(13, 13, 32) into 5408 features)"), wrong.getMessage());
        ModelDefinitionException tooSmall = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.conv2d(8, 5, c -> c.inputShape(4, 4, 1));
            m.flatten();
            m.dense(2, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        }));
        assertTrue(tooSmall.getMessage().contains("conv2d: a 5×5 kernel does not fit the 4×4 input; "
                + "use padding = SAME, a smaller kernel, or drop a pooling layer"), tooSmall.getMessage());
    }

    @Test
    void notANumberIsAnErrorNotTheDefault() {
        ModelDefinitionException wrong = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(2, d -> d.activation(Activation.SOFTMAX).inputShape(3));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY)
                    .learningRate(Double.NaN).beta1(Double.NaN).beta2(0.9));
        }));
        assertTrue(wrong.getMessage().contains("@Compile: learningRate must be a number, got NaN; leave learningRate "
                + "out to use ADAM's default"), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("@Compile: beta1 must be a number, got NaN"), wrong.getMessage());
        assertTrue(!wrong.getMessage().contains("beta2 must"), wrong.getMessage());
    }

    @Test
    void aBatchWhoseBuffersCannotBeArraysIsRefusedBeforeTraining() {
        Sequential wide = Sequential.build(m -> {
            m.dense(1 << 22, d -> d.inputShape(1));
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        Tensor x = Tensor.zeros(new long[] {600, 1}, dev.fusenet.runtime.DType.FLOAT32);
        Tensor y = Tensor.zeros(new long[] {600, 1}, dev.fusenet.runtime.DType.FLOAT32);
        float[] before = wide.layers().get(1).kernel().toFloatArray();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> wide.fit(x, y, o -> o.batchSize(600).verbosity(dev.fusenet.runtime.training.Verbosity.SILENT)));
        assertEquals("fit: batches of 600 samples need a buffer of 2,516,582,400 values (4,194,304 a sample), more "
                + "than a Java array holds (2,147,483,639); use batchSize(511) or less", refused.getMessage());
        assertArrayEquals(before, wide.layers().get(1).kernel().toFloatArray());
    }

    @Test
    void aModelWithoutCompileOrLossSaysHowToAddIt() {
        ModelDefinitionException notCompiled = assertThrows(ModelDefinitionException.class,
                () -> Sequential.build(m -> m.dense(3, d -> d.inputShape(2))));
        assertTrue(notCompiled.getMessage().contains("compile, loss: error: the model is not compiled; end the "
                + "block with m.compile("), notCompiled.getMessage());
        ModelDefinitionException noLoss = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(3, d -> d.inputShape(0));
            m.compile(c -> c.optimizer(Optimizer.SGD).momentum(2));
        }));
        assertEquals(List.of("compile sets no loss; choose one, e.g. c.loss(Loss.CATEGORICAL_CROSSENTROPY)",
                        "@Dense inputShape must be positive, got 0; it is the number of input features, e.g. 28 * 28 "
                                + "for MNIST",
                        "@Compile: momentum must be in [0, 1), got 2.0"),
                noLoss.problems().stream().map(Problem::message).toList());
    }

    @Test
    void namesMustBeJavaNamesUniqueAndFree() {
        ModelDefinitionException e = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.name("my model");
            m.dense(4, d -> d.name("2nd").inputShape(3));
            m.dense(4, d -> d.name("hidden"));
            m.dense(4, d -> d.name("hidden"));
            m.dense(2, d -> d.name("summary").activation(Activation.SOFTMAX));
            m.compile(c -> c.loss(Loss.CATEGORICAL_CROSSENTROPY));
        }));
        assertEquals(List.of(
                        "model name \"my model\" is not a Java name; it names the compiled interface (and the summary), "
                                + "so use letters, digits and _ (not first a digit), e.g. mnist_net",
                        "layer name \"2nd\" is not a Java method name; layer names become method names and checkpoint "
                                + "entries, so use letters, digits and _ (not first a digit), e.g. hidden or dense_1",
                        "layer 3 is named hidden like layer 2; each layer needs its own name, since its weights are "
                                + "saved under it",
                        "a layer cannot be named summary(): the compiled model already has a method summary() of its "
                                + "own; choose another name"),
                e.problems().stream().map(Problem::message).toList());
    }

    @Test
    void warningsDoNotStopTheBuild() {
        Sequential model = Sequential.build(m -> {
            m.dense(4, d -> d.activation(Activation.SOFTMAX).inputShape(2));
            m.dense(2, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        assertEquals(1, model.warnings().size());
        assertEquals(Problem.Severity.WARNING, model.warnings().get(0).severity());
        assertTrue(model.warnings().get(0).message().startsWith("SOFTMAX on dense(), which is not the last layer"));
    }

    /** Two Gaussian blobs per class in 2-D: a problem a small net learns in a few epochs. */
    private static Tensor[] blobs(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 2];
        float[] y = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            int label = r % 3;
            x[2 * r] = (float) (Math.cos(2 * Math.PI * label / 3) * 2 + random.nextGaussian() * 0.4);
            x[2 * r + 1] = (float) (Math.sin(2 * Math.PI * label / 3) * 2 + random.nextGaussian() * 0.4);
            y[3 * r + label] = 1;
        }
        return new Tensor[] {Tensor.of(x, rows, 2), Tensor.of(y, rows, 3)};
    }

    private static Sequential classifier(long seed) {
        return Sequential.build(m -> {
            m.seed(seed);
            m.dense(16, d -> d.activation(Activation.RELU).inputShape(2));
            m.dropout(0.1);
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY).learningRate(0.02));
        });
    }

    @Test
    void itLearns() {
        Tensor[] train = blobs(300, 1);
        Tensor[] test = blobs(150, 2);
        Sequential model = classifier(3);
        double before = model.evaluate(test[0], test[1]).loss();
        History history = model.fit(train[0], train[1], o -> { o.epochs(8); o.batchSize(32);
            o.verbosity(Verbosity.SILENT); });
        List<Double> losses = history.get("loss");
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) / 2, "training loss falls: " + losses);
        Evaluation evaluation = model.evaluate(test[0], test[1]);
        assertTrue(evaluation.loss() < before / 2, before + " → " + evaluation.loss());
        assertTrue(evaluation.metrics().get("accuracy") > 0.95, evaluation.toString());
        assertEquals(80, model.optimizer().iterations(), "10 batches × 8 epochs");
    }

    @Test
    void theSameSeedTrainsToTheSameWeightsAndPredictionHasNoDropout() {
        Tensor[] train = blobs(60, 4);
        Sequential first = classifier(9);
        Sequential second = classifier(9);
        Sequential other = classifier(10);
        for (Sequential model : List.of(first, second, other)) {
            model.fit(train[0], train[1], o -> o.epochs(2).batchSize(16).verbosity(Verbosity.SILENT));
        }
        assertArrayEquals(first.layers().get(0).kernel().toFloatArray(),
                second.layers().get(0).kernel().toFloatArray());
        assertFalse(java.util.Arrays.equals(first.layers().get(0).kernel().toFloatArray(),
                other.layers().get(0).kernel().toFloatArray()));
        assertArrayEquals(first.predict(train[0]).toFloatArray(), first.predict(train[0]).toFloatArray());
    }

    @Test
    void savedWeightsLoadBackAndAnotherArchitectureIsRefusedWithoutChange() throws IOException {
        Tensor[] train = blobs(60, 5);
        Sequential trained = classifier(1);
        trained.fit(train[0], train[1], o -> o.epochs(2).batchSize(16).verbosity(Verbosity.SILENT));
        Path file = directory.resolve("blobs.npz");
        trained.save(file);

        Sequential restored = classifier(2);
        restored.load(file);
        assertArrayEquals(trained.predict(train[0]).toFloatArray(), restored.predict(train[0]).toFloatArray());
        assertEquals(trained.optimizer().iterations(), restored.optimizer().iterations());

        Sequential wider = Sequential.build(m -> {
            m.dense(17, d -> d.activation(Activation.RELU).inputShape(2));
            m.dropout(0.1);
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY).learningRate(0.02));
        });
        float[] before = wider.layers().get(0).kernel().toFloatArray();
        IOException refused = assertThrows(IOException.class, () -> wider.load(file));
        assertTrue(refused.getMessage().contains("dense/kernel has shape (2,16) but this model needs (2,17)"),
                refused.getMessage());
        assertArrayEquals(before, wider.layers().get(0).kernel().toFloatArray());
        assertTrue(Files.exists(file));
    }

    @Test
    void layersNamedOtherwiseMatchByPosition() throws IOException {
        Tensor[] train = blobs(30, 6);
        Sequential named = Sequential.build(m -> {
            m.dense(16, d -> d.name("hidden").activation(Activation.RELU).inputShape(2));
            m.dropout(0.1, d -> d.name("drop"));
            m.dense(3, d -> d.name("output").activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY).learningRate(0.02));
        });
        named.fit(train[0], train[1], o -> o.epochs(1).batchSize(8).verbosity(Verbosity.SILENT));
        Path file = directory.resolve("named.npz");
        named.save(file);
        Sequential unnamed = classifier(5);
        unnamed.load(file);
        assertArrayEquals(named.predict(train[0]).toFloatArray(), unnamed.predict(train[0]).toFloatArray());
    }

    @Test
    void badInputIsReportedWithShapes() {
        Model model = lectureModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(4, 28, 28), Tensor.zeros(4, 10), 1, 2));
        assertTrue(e.getMessage().startsWith("fit: x must have shape (samples,784) for sequential, got (4,28,28)"),
                e.getMessage());
    }

    /** Channels-first images are told to transpose: the reshape hint given for other shapes would scramble them. */
    @Test
    void channelsFirstImagesAreToldToTranspose() {
        Model convnet = Sequential.build(m -> {
            m.conv2d(2, 3, c -> c.inputShape(8, 6, 3));
            m.flatten();
            m.dense(2);
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.SGD)
                    .loss(dev.fusenet.annotations.Loss.MEAN_SQUARED_ERROR));
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> convnet.predict(Tensor.zeros(5, 3, 8, 6)));
        assertTrue(e.getMessage().endsWith("; these look like channels-first images (samples, channels, height, "
                + "width), as PyTorch stores them; fusenet takes channels last: x.transpose(0, 2, 3, 1)"),
                e.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> convnet.predict(Tensor.zeros(5, 144)));
        assertTrue(other.getMessage().endsWith("reshape each sample to (8,6,3), e.g. x.reshape(5, 8, 6, 3)"),
                other.getMessage());
    }
}
