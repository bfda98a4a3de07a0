package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.CompileBuilder;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime DSL (the model plan interpreted) and the generated class (the plan written out as code) are two
 * front ends of one model: for an architecture per activation, loss and optimizer family, the DSL model's
 * {@code javaSource} compiles through the processor, both start from the same seed, train on the same data in the
 * same shuffled batches, and end with the same weights, losses, metrics and predictions, bit for bit: they run
 * the same kernels in the same order. Their files load into each other.
 */
class DslParityTest {

    private static final int ROWS = 12;
    private static final int INPUTS = 4;
    private static final int EPOCHS = 2;
    private static final int BATCH = 4;
    private static final String PACKAGE = "dslparity";

    /** One architecture: two hidden layers (a dropout between them when asked) and an output. */
    record Case(String name, Activation first, Activation second, boolean secondUsesBias, boolean dropout,
                Activation output, int outputs, Loss loss, Optimizer optimizer, Consumer<CompileBuilder> extras) {

        Sequential build() {
            return Sequential.build(m -> {
                m.seed(name.hashCode());
                m.dense(5, d -> d.activation(first).inputShape(INPUTS).kernelInitializer(Initializer.HE_UNIFORM)
                        .biasInitializer(Initializer.GLOROT_UNIFORM));
                if (dropout) {
                    m.dropout(0.3);
                }
                m.dense(3, d -> d.activation(second).useBias(secondUsesBias));
                m.dense(outputs, d -> d.activation(output));
                m.compile(c -> {
                    c.optimizer(optimizer).loss(loss).learningRate(0.01);
                    extras.accept(c);
                });
            });
        }

        @Override
        public String toString() {
            return name + ": " + first + ", " + second + (dropout ? ", dropout" : "") + ", " + output + " → " + loss
                    + " with " + optimizer;
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Consumer<CompileBuilder> none = c -> { };
        for (Activation activation : Activation.values()) {
            cases.add(new Case("Hidden" + activation, activation, Activation.TANH, true, false, Activation.SOFTMAX,
                    3, Loss.CATEGORICAL_CROSSENTROPY, Optimizer.SGD, c -> c.metrics(Metric.ACCURACY)));
            cases.add(new Case("Output" + activation, Activation.RELU, Activation.TANH, true, false, activation, 2,
                    Loss.MEAN_SQUARED_ERROR, Optimizer.SGD, none));
        }
        cases.add(new Case("Sparse", Activation.RELU, Activation.SIGMOID, true, false, Activation.SOFTMAX, 3,
                Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Optimizer.SGD, c -> c.metrics(Metric.ACCURACY)
                .weightedMetrics(Metric.ACCURACY, Metric.SPARSE_CATEGORICAL_ACCURACY)));
        cases.add(new Case("Binary", Activation.RELU, Activation.ELU, true, false, Activation.SIGMOID, 1,
                Loss.BINARY_CROSSENTROPY, Optimizer.SGD, c -> c.metrics(Metric.ACCURACY, Metric.AUC)
                .weightedMetrics(Metric.AUC, Metric.PRECISION)));
        cases.add(new Case("MultiLabel", Activation.RELU, Activation.ELU, true, false, Activation.SIGMOID, 3,
                Loss.BINARY_CROSSENTROPY, Optimizer.SGD, none));
        cases.add(new Case("Mae", Activation.TANH, Activation.RELU, true, false, Activation.LINEAR, 2,
                Loss.MEAN_ABSOLUTE_ERROR, Optimizer.SGD, none));
        cases.add(new Case("Huber", Activation.TANH, Activation.RELU, true, false, Activation.LINEAR, 2,
                Loss.HUBER, Optimizer.SGD, none));
        cases.add(new Case("Hinge", Activation.TANH, Activation.RELU, true, false, Activation.TANH, 2,
                Loss.HINGE, Optimizer.SGD, none));
        cases.add(new Case("Kld", Activation.GELU, Activation.SWISH, true, false, Activation.SOFTMAX, 3,
                Loss.KL_DIVERGENCE, Optimizer.SGD, none));
        cases.add(new Case("Cosine", Activation.GELU, Activation.SWISH, true, false, Activation.LINEAR, 3,
                Loss.COSINE_SIMILARITY, Optimizer.SGD, none));
        cases.add(new Case("Logits", Activation.RELU, Activation.RELU, false, false, Activation.LINEAR, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, c -> c.fromLogits(true).labelSmoothing(0.1)));
        cases.add(new Case("SparseLogits", Activation.RELU, Activation.RELU, true, false, Activation.LINEAR, 3,
                Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, c -> c.fromLogits(true)));
        cases.add(new Case("BinaryLogits", Activation.TANH, Activation.RELU, true, false, Activation.LINEAR, 1,
                Loss.BINARY_CROSSENTROPY, Optimizer.RMSPROP, c -> c.fromLogits(true).labelSmoothing(0.2)));
        cases.add(new Case("Dropout", Activation.RELU, Activation.TANH, true, true, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.RMSPROP, c -> c.metrics(Metric.ACCURACY)));
        for (Optimizer optimizer : Optimizer.values()) {
            cases.add(new Case("Optimizer" + optimizer, Activation.RELU, Activation.TANH, true, false,
                    Activation.SOFTMAX, 3, Loss.CATEGORICAL_CROSSENTROPY, optimizer, none));
        }
        cases.add(new Case("Nesterov", Activation.RELU, Activation.TANH, true, false, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.SGD, c -> c.momentum(0.9).nesterov(true)));
        cases.add(new Case("Centered", Activation.RELU, Activation.TANH, true, false, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.RMSPROP, c -> c.rho(0.8).momentum(0.5).centered(true)));
        cases.add(new Case("Amsgrad", Activation.RELU, Activation.TANH, true, false, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM,
                c -> c.beta1(0.8).beta2(0.99).epsilon(1e-6).amsgrad(true).weightDecay(0.01)));
        cases.add(new Case("Adadelta", Activation.RELU, Activation.TANH, true, false, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADADELTA, c -> c.rho(0.9).epsilon(1e-5)));
        cases.add(new Case("Nadam", Activation.RELU, Activation.TANH, true, false, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.NADAM, c -> c.beta1(0.85).beta2(0.995)));
        return cases;
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    private static Compilation compilation;

    @BeforeAll
    static void compileEveryCasesJavaSource() {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Case c : cases()) {
            sources.add(JavaFileObjects.forSourceString(PACKAGE + "." + c.name(),
                    c.build().javaSource(PACKAGE, c.name())));
        }
        compilation = com.google.testing.compile.Compiler.javac().withProcessors(new FusenetProcessor())
                .compile(sources);
        // HiddenSOFTMAX draws the softmax-before-the-last-layer warning, as its DSL model did.
        assertThat(compilation).succeeded();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void theDslAndTheGeneratedClassTrainToTheSameWeights(Case c) {
        Sequential dsl = c.build();
        Model compiled = Models.instantiate(compilation, PACKAGE + ".Compiled" + c.name(), dsl.seed());
        assertWeightsEqual(dsl, compiled, "initial weights");
        Tensor x = Tensor.randomNormal(new long[] {ROWS, INPUTS}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 3);
        Tensor y = ParityLabels.of(c.loss(), ROWS, c.outputs());
        History dslHistory = dsl.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH).verbosity(Verbosity.SILENT));
        History compiledHistory = compiled.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH)
                .verbosity(Verbosity.SILENT));
        assertEquals(compiledHistory.keys(), dslHistory.keys());
        for (String key : dslHistory.keys()) {
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                double expected = compiledHistory.get(key).get(epoch);
                double actual = dslHistory.get(key).get(epoch);
                assertEquals(expected, actual, 0, c + ": " + key + " of epoch " + (epoch + 1));
            }
        }
        assertWeightsEqual(dsl, compiled, "after " + EPOCHS * ROWS / BATCH + " steps");
        assertArrayEquals(compiled.predict(x).toFloatArray(), dsl.predict(x).toFloatArray(), c + ": predictions");
    }

    /**
     * Sample and class weights run through every loss kernel in both front ends: the same bits; and weights of 1
     * are bitwise no weights at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void weightedTrainingIsTheSameInBothFrontEndsAndOnesChangeNothing(Case c) {
        Tensor x = Tensor.randomNormal(new long[] {ROWS, INPUTS}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 3);
        Tensor y = ParityLabels.of(c.loss(), ROWS, c.outputs());
        float[] w = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            w[i] = 0.25f + (i % 4) * 0.5f;
        }
        java.util.function.Consumer<dev.fusenet.runtime.FitOptions> weighted = o -> o.epochs(EPOCHS).batchSize(BATCH)
                .verbosity(Verbosity.SILENT).sampleWeight(Tensor.of(w, ROWS)).classWeight(java.util.Map.of(0, 3.0));
        Sequential dsl = c.build();
        Model compiled = Models.instantiate(compilation, PACKAGE + ".Compiled" + c.name(), dsl.seed());
        History dslHistory = dsl.fit(x, y, weighted);
        History compiledHistory = compiled.fit(x, y, weighted);
        assertEquals(compiledHistory.get("loss"), dslHistory.get("loss"), c + ": weighted losses");
        assertWeightsEqual(dsl, compiled, "after weighted training");

        float[] ones = new float[ROWS];
        java.util.Arrays.fill(ones, 1f);
        Sequential plain = c.build();
        Sequential onesWeighted = c.build();
        plain.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH).verbosity(Verbosity.SILENT));
        onesWeighted.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH).verbosity(Verbosity.SILENT)
                .sampleWeight(Tensor.of(ones, ROWS)));
        assertWeightsEqual(plain, onesWeighted, "with weights of 1");
    }

    /**
     * The gradient-only step: computeGradients then applyGradients on a batch is fit on that batch, bitwise, in
     * both front ends; and a batch's gradient is its halves' gradients weighted by their sizes (what training
     * across machines sums).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void computingThenApplyingGradientsIsATrainingStep(Case c) {
        Tensor x = Tensor.randomNormal(new long[] {ROWS, INPUTS}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 3);
        Tensor y = ParityLabels.of(c.loss(), ROWS, c.outputs());
        Sequential fitted = c.build();
        History history = fitted.fit(x, y, o -> o.epochs(1).batchSize(ROWS).shuffle(false)
                .verbosity(Verbosity.SILENT));
        for (Model stepped : List.of(c.build(), Models.instantiate(compilation, PACKAGE + ".Compiled" + c.name(),
                c.build().seed()))) {
            List<Tensor> before = stepped.getWeights();
            dev.fusenet.runtime.Gradients gradients = stepped.computeGradients(x, y);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i).toFloatArray(), stepped.getWeights().get(i).toFloatArray(),
                        c + ": computeGradients changes no weight");
            }
            assertEquals(history.get("loss").get(0), gradients.loss(), 1e-12, c + ": the step's loss");
            stepped.applyGradients(gradients.values());
            assertWeightsEqual(fitted, stepped, "after computeGradients + applyGradients");
        }

        if (c.dropout()) {
            return;   // dropout masks follow a row's place in its batch, so the halves draw other masks
        }
        int half = ROWS / 3;
        Sequential model = c.build();
        List<Tensor> whole = model.computeGradients(x, y).values();
        List<Tensor> first = model.computeGradients(x.slice(0, half), y.slice(0, half)).values();
        List<Tensor> rest = model.computeGradients(x.slice(half, ROWS), y.slice(half, ROWS)).values();
        for (int i = 0; i < whole.size(); i++) {
            float[] expected = whole.get(i).toFloatArray();
            float[] a = first.get(i).toFloatArray();
            float[] b = rest.get(i).toFloatArray();
            for (int j = 0; j < expected.length; j++) {
                double combined = (a[j] * (double) half + b[j] * (double) (ROWS - half)) / ROWS;
                assertEquals(expected[j], combined, 1e-5 * Math.max(1, Math.abs(expected[j])),
                        c + ": gradient " + i + "[" + j + "] from two parts");
            }
        }
    }

    private static void assertWeightsEqual(Model dsl, Model compiled, String when) {
        List<Layer> ours = dsl.layers();
        List<Layer> theirs = compiled.layers();
        assertEquals(theirs.size(), ours.size());
        for (int l = 0; l < ours.size(); l++) {
            if (ours.get(l).parameterCount() == 0) {
                continue;
            }
            assertArrayEquals(theirs.get(l).kernel().toFloatArray(), ours.get(l).kernel().toFloatArray(),
                    ours.get(l).name() + " kernel " + when);
            if (theirs.get(l) instanceof dev.fusenet.runtime.compiled.WeightedLayer weighted && weighted.useBias()) {
                assertArrayEquals(theirs.get(l).bias().toFloatArray(), ours.get(l).bias().toFloatArray(),
                        ours.get(l).name() + " bias " + when);
            }
        }
    }


    // ------------------------------------------------------------------ files across front ends

    @TempDir
    Path directory;

    private static final String HAND_WRITTEN = """
            package dslparity;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.RMSPROP, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface SmallNet {
                @Dense(units = 16, activation = Activation.RELU, inputShape = 6)
                Layer hidden();

                @Dense(units = 3, activation = Activation.SOFTMAX)
                Layer output();
            }
            """;

    private static Sequential smallDsl(long seed) {
        return Sequential.build(m -> {
            m.seed(seed);
            m.dense(16, d -> { d.activation(Activation.RELU); d.inputShape(6); });
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY);
                c.metrics(Metric.ACCURACY); });
        });
    }

    @Test
    void filesOfEitherFrontEndLoadIntoTheOther() throws IOException {
        Compilation handWritten = Models.compile("dslparity.SmallNet", HAND_WRITTEN);
        assertThat(handWritten).succeededWithoutWarnings();
        Tensor x = Tensor.randomNormal(new long[] {20, 6}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 8);
        float[] oneHot = new float[20 * 3];
        for (int r = 0; r < 20; r++) {
            oneHot[r * 3 + r % 3] = 1;
        }
        Tensor y = Tensor.of(oneHot, 20, 3);

        // DSL (layers dense, dense_1) → compiled (hidden, output): the layers match by position
        Sequential dsl = smallDsl(1);
        dsl.fit(x, y, o -> o.epochs(2).batchSize(5).verbosity(Verbosity.SILENT));
        Path dslFile = directory.resolve("dsl.npz");
        dsl.save(dslFile);
        Model compiled = Models.instantiate(handWritten, "dslparity.CompiledSmallNet", 2);
        compiled.load(dslFile);
        assertArrayEquals(dsl.predict(x).toFloatArray(), compiled.predict(x).toFloatArray(), 1e-6f);

        // compiled, trained on → DSL, and both continue alike
        compiled.fit(x, y, o -> o.epochs(1).batchSize(5).verbosity(Verbosity.SILENT));
        Path compiledFile = directory.resolve("compiled.npz");
        compiled.save(compiledFile);
        Sequential restored = smallDsl(3);
        restored.load(compiledFile);
        assertEquals(12, restored.optimizer().iterations());
        assertArrayEquals(compiled.predict(x).toFloatArray(), restored.predict(x).toFloatArray(), 1e-6f);
        // the models were made with different seeds; the batches' shuffle follows the one given here
        compiled.fit(x, y, o -> o.epochs(1).batchSize(5).seed(5).verbosity(Verbosity.SILENT));
        restored.fit(x, y, o -> o.epochs(1).batchSize(5).seed(5).verbosity(Verbosity.SILENT));
        assertArrayEquals(compiled.predict(x).toFloatArray(), restored.predict(x).toFloatArray(), 1e-5f);
    }

    @Test
    void theCompiledClassOfTheDslsSourceHasTheSameSummary() {
        Sequential dsl = smallDsl(4);
        Compilation moved = Models.compile("dslparity.Sequential", dsl.javaSource(PACKAGE));
        assertThat(moved).succeededWithoutWarnings();
        Model compiled = Models.instantiate(moved, "dslparity.CompiledSequential", dsl.seed());
        // The title is the model's name: Keras's "sequential" for the DSL, the interface's for the compiled class.
        assertTrue(dsl.summary().startsWith("Model: \"sequential\"\n"));
        assertTrue(compiled.summary().startsWith("Model: \"Sequential\"\n"));
        assertEquals(dsl.summary().substring(dsl.summary().indexOf('\n')),
                compiled.summary().substring(compiled.summary().indexOf('\n')));
        assertArrayEquals(dsl.layers().get(0).kernel().toFloatArray(), compiled.layers().get(0).kernel().toFloatArray());
    }
}
