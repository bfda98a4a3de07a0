package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.losses.LossFunction;
import dev.fusenet.runtime.optimizers.Adam;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.Optimizers;
import dev.fusenet.runtime.optimizers.RMSprop;
import dev.fusenet.runtime.optimizers.SGD;
import dev.fusenet.runtime.training.Verbosity;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated training step and the GradientTape are two implementations of the same mathematics. For small
 * architectures over every activation, loss and optimizer, the generated code's gradients equal the tape's on
 * the same weights and batch (and central finite differences in float64), and N steps of the generated
 * {@code trainStep} give the weights N tape steps with the runtime optimizer give.
 */
class GeneratedGradientParityTest {

    private static final int ROWS = 6;
    private static final int INPUTS = 4;
    private static final int STEPS = 5;
    private static final double LEARNING_RATE = 0.01;
    private static final double TOLERANCE = 1e-5;

    /**
     * One architecture: two hidden layers and an output, compiled with a loss and an optimizer.
     *
     * @param compileExtras further {@code @Compile} attributes, e.g. {@code momentum = 0.9}
     * @param tapeOptimizer the same optimizer, made by hand for the tape path
     */
    record Case(String name, Activation firstActivation, Activation secondActivation, boolean secondUsesBias,
                Activation outputActivation, int outputs, Loss loss, Optimizer optimizer, boolean fromLogits,
                double labelSmoothing, String compileExtras, Supplier<GradientOptimizer> tapeOptimizer) {

        String source() {
            return "package parity;\n"
                    + "import dev.fusenet.annotations.*;\n"
                    + "import dev.fusenet.runtime.Layer;\n"
                    + "@Compile(optimizer = Optimizer." + optimizer + ", loss = Loss." + loss + ", learningRate = "
                    + LEARNING_RATE + ", fromLogits = " + fromLogits + ", labelSmoothing = " + labelSmoothing
                    + compileExtras + ")\n"
                    + "public interface " + name + " {\n"
                    + "    @Dense(units = 5, activation = Activation." + firstActivation + ", inputShape = " + INPUTS
                    + ") Layer first();\n"
                    + "    @Dense(units = 3, activation = Activation." + secondActivation + ", useBias = "
                    + secondUsesBias + ") Layer second();\n"
                    + "    @Dense(units = " + outputs + ", activation = Activation." + outputActivation
                    + ") Layer out();\n"
                    + "}\n";
        }

        @Override
        public String toString() {
            return name + ": " + firstActivation + ", " + secondActivation + ", " + outputActivation + " → " + loss
                    + " with " + optimizer + compileExtras;
        }
    }

    private static int counter;

    private static Case of(Activation first, Activation second, Activation output, int outputs, Loss loss,
                           Optimizer optimizer) {
        return new Case("Net" + counter++, first, second, true, output, outputs, loss, optimizer, false, 0, "",
                () -> Optimizers.withLearningRate(optimizer, LEARNING_RATE));
    }

    static List<Case> cases() {
        counter = 0;
        List<Case> cases = new ArrayList<>();
        // every activation, in a hidden layer and before a softmax output
        for (Activation activation : Activation.values()) {
            cases.add(of(activation, Activation.TANH, Activation.SOFTMAX, 3, Loss.CATEGORICAL_CROSSENTROPY,
                    Optimizer.SGD));
            cases.add(of(Activation.RELU, Activation.TANH, activation, 2, Loss.MEAN_SQUARED_ERROR, Optimizer.SGD));
        }
        // every loss with the output it expects
        cases.add(of(Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX, 3,
                Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Optimizer.SGD));
        cases.add(of(Activation.RELU, Activation.ELU, Activation.SIGMOID, 1, Loss.BINARY_CROSSENTROPY,
                Optimizer.SGD));
        cases.add(of(Activation.RELU, Activation.ELU, Activation.SIGMOID, 3, Loss.BINARY_CROSSENTROPY,
                Optimizer.SGD));
        cases.add(of(Activation.TANH, Activation.RELU, Activation.LINEAR, 2, Loss.MEAN_ABSOLUTE_ERROR,
                Optimizer.SGD));
        cases.add(of(Activation.TANH, Activation.RELU, Activation.LINEAR, 2, Loss.HUBER, Optimizer.SGD));
        cases.add(of(Activation.TANH, Activation.RELU, Activation.TANH, 2, Loss.HINGE, Optimizer.SGD));
        cases.add(of(Activation.GELU, Activation.SWISH, Activation.SOFTMAX, 3, Loss.KL_DIVERGENCE, Optimizer.SGD));
        cases.add(of(Activation.GELU, Activation.SWISH, Activation.LINEAR, 3, Loss.COSINE_SIMILARITY,
                Optimizer.SGD));
        // logits, label smoothing, a layer without bias
        cases.add(new Case("Net" + counter++, Activation.RELU, Activation.RELU, true, Activation.LINEAR, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, true, 0.1, "",
                () -> Optimizers.withLearningRate(Optimizer.ADAM, LEARNING_RATE)));
        cases.add(new Case("Net" + counter++, Activation.RELU, Activation.RELU, true, Activation.LINEAR, 3,
                Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, true, 0, "",
                () -> Optimizers.withLearningRate(Optimizer.ADAM, LEARNING_RATE)));
        cases.add(new Case("Net" + counter++, Activation.TANH, Activation.RELU, false, Activation.LINEAR, 1,
                Loss.BINARY_CROSSENTROPY, Optimizer.RMSPROP, true, 0.2, "",
                () -> Optimizers.withLearningRate(Optimizer.RMSPROP, LEARNING_RATE)));
        // every optimizer, and the variants their flags select
        for (Optimizer optimizer : Optimizer.values()) {
            cases.add(of(Activation.RELU, Activation.TANH, Activation.SOFTMAX, 3, Loss.CATEGORICAL_CROSSENTROPY,
                    optimizer));
        }
        cases.add(new Case("Net" + counter++, Activation.RELU, Activation.TANH, true, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.SGD, false, 0, ", momentum = 0.9, nesterov = true",
                () -> new SGD(s -> s.learningRate(LEARNING_RATE).momentum(0.9).nesterov(true))));
        cases.add(new Case("Net" + counter++, Activation.RELU, Activation.TANH, true, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.RMSPROP, false, 0,
                ", rho = 0.8, momentum = 0.5, centered = true",
                () -> new RMSprop(s -> s.learningRate(LEARNING_RATE).rho(0.8).momentum(0.5).centered(true))));
        cases.add(new Case("Net" + counter++, Activation.RELU, Activation.TANH, true, Activation.SOFTMAX, 3,
                Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, false, 0,
                ", beta1 = 0.8, beta2 = 0.99, epsilon = 1e-6, amsgrad = true, weightDecay = 0.01",
                () -> new Adam(s -> s.learningRate(LEARNING_RATE).beta1(0.8).beta2(0.99).epsilon(1e-6)
                        .amsgrad(true).weightDecay(0.01))));
        return cases;
    }

    private static Compilation compilation;

    @BeforeAll
    static void compileAllCases() {
        List<JavaFileObject> sources = cases().stream()
                .map(c -> JavaFileObjects.forSourceString("parity." + c.name(), c.source()))
                .toList();
        compilation = com.google.testing.compile.Compiler.javac().withProcessors(new FusenetProcessor())
                .compile(sources);
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void generatedTrainingEqualsTheTape(Case c) {
        Model model = Models.instantiate(compilation, "parity.Compiled" + c.name(), 11);
        Tensor x = Tensor.randomNormal(new long[] {ROWS, INPUTS}, 0, 1, DType.FLOAT32, 3);
        Tensor y = ParityLabels.of(c.loss(), ROWS, c.outputs());
        List<DenseLayer> layers = model.layers().stream().map(DenseLayer.class::cast).toList();
        List<Variable> variables = variables(layers);
        LossFunction loss = CompiledModelSupport.lossFunction(c.loss(), c.fromLogits(), c.labelSmoothing());
        GradientOptimizer tapeOptimizer = c.tapeOptimizer().get();

        for (int step = 0; step < STEPS; step++) {
            List<double[]> weightsBefore = step == 0 ? float64(variables) : null;
            List<Tensor> gradients;
            try (GradientTape tape = new GradientTape()) {
                Tensor value = loss.apply(y, forward(c, layers, variables, x));
                gradients = tape.gradient(value, variables);
            }
            model.fit(x, y, o -> o.epochs(1).batchSize(ROWS).shuffle(false).verbosity(Verbosity.SILENT));
            if (step == 0) {
                List<Tensor> generated = generatedGradients(layers);
                for (int i = 0; i < variables.size(); i++) {
                    assertClose(gradients.get(i), generated.get(i), variables.get(i).name() + " gradient");
                }
                checkFiniteDifferences(c, layers, weightsBefore, x, y, loss, generated);
            }
            tapeOptimizer.applyGradients(variables, gradients);
        }
        List<Tensor> trained = weights(layers);
        for (int i = 0; i < variables.size(); i++) {
            assertClose(variables.get(i).value(), trained.get(i), variables.get(i).name() + " after " + STEPS
                    + " steps");
        }
    }

    private static Tensor forward(Case c, List<DenseLayer> layers, List<Variable> variables, Tensor x) {
        Tensor h = x;
        int next = 0;
        for (DenseLayer layer : layers) {
            h = h.matmul(variables.get(next++).value());
            if (layer.useBias()) {
                h = h.add(variables.get(next++).value());
            }
            h = h.activate(layer.activation());
        }
        return h;
    }

    private static List<Tensor> generatedGradients(List<DenseLayer> layers) {
        List<Tensor> gradients = new ArrayList<>();
        for (DenseLayer layer : layers) {
            gradients.add(layer.weights().get(0).gradient());
            if (layer.useBias()) {
                gradients.add(layer.weights().get(1).gradient());
            }
        }
        return gradients;
    }

    private static List<Tensor> weights(List<DenseLayer> layers) {
        List<Tensor> weights = new ArrayList<>();
        for (Layer layer : layers) {
            weights.add(layer.kernel());
            if (((DenseLayer) layer).useBias()) {
                weights.add(layer.bias());
            }
        }
        return weights;
    }

    private static List<double[]> float64(List<Variable> variables) {
        return variables.stream().map(v -> v.value().castTo(DType.FLOAT64).toDoubleArray()).toList();
    }

    /** Central differences of the float64 loss at a few entries of every weight. */
    /** Sample weights through every generated loss kernel: the tape's weighted loss has the same gradients. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void weightedGeneratedGradientsEqualTheTapesWeightedLoss(Case c) {
        Model model = Models.instantiate(compilation, "parity.Compiled" + c.name(), 11);
        Tensor x = Tensor.randomNormal(new long[] {ROWS, INPUTS}, 0, 1, DType.FLOAT32, 3);
        Tensor y = ParityLabels.of(c.loss(), ROWS, c.outputs());
        float[] w = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            w[i] = 0.5f + 0.75f * (i % 3);
        }
        Tensor sampleWeight = Tensor.of(w, ROWS);
        List<DenseLayer> layers = model.layers().stream().map(DenseLayer.class::cast).toList();
        List<Variable> variables = variables(layers);
        LossFunction loss = CompiledModelSupport.lossFunction(c.loss(), c.fromLogits(), c.labelSmoothing());
        List<Tensor> gradients;
        double tapeLoss;
        try (GradientTape tape = new GradientTape()) {
            Tensor value = loss.apply(y, forward(c, layers, variables, x), sampleWeight);
            tapeLoss = value.doubleValue();
            gradients = tape.gradient(value, variables);
        }
        var history = model.fit(x, y, o -> o.epochs(1).batchSize(ROWS).shuffle(false).verbosity(Verbosity.SILENT)
                .sampleWeight(sampleWeight));
        assertEquals(tapeLoss, history.last("loss"), 1e-5 * Math.max(1, Math.abs(tapeLoss)), c + ": weighted loss");
        List<Tensor> generated = generatedGradients(layers);
        for (int i = 0; i < variables.size(); i++) {
            assertClose(gradients.get(i), generated.get(i), variables.get(i).name() + " weighted gradient");
        }
    }

    /** The layers' weights as tape variables, in the order generatedGradients gives them. */
    private static List<Variable> variables(List<DenseLayer> layers) {
        List<Variable> variables = new ArrayList<>();
        for (DenseLayer layer : layers) {
            variables.add(new Variable(layer.name() + "/kernel", layer.kernel()));
            if (layer.useBias()) {
                variables.add(new Variable(layer.name() + "/bias", layer.bias()));
            }
        }
        return variables;
    }

    private static void checkFiniteDifferences(Case c, List<DenseLayer> layers, List<double[]> weights, Tensor x,
                                               Tensor y, LossFunction loss, List<Tensor> generated) {
        Tensor x64 = x.castTo(DType.FLOAT64);
        Tensor y64 = y.castTo(DType.FLOAT64);
        SplittableRandom random = new SplittableRandom(5);
        double h = 1e-6;
        for (int w = 0; w < weights.size(); w++) {
            float[] analytic = generated.get(w).toFloatArray();
            for (int probe = 0; probe < 3; probe++) {
                int index = random.nextInt(weights.get(w).length);
                double saved = weights.get(w)[index];
                weights.get(w)[index] = saved + h;
                double up = loss64(c, layers, weights, x64, y64, loss);
                weights.get(w)[index] = saved - h;
                double down = loss64(c, layers, weights, x64, y64, loss);
                weights.get(w)[index] = saved;
                double numeric = (up - down) / (2 * h);
                double difference = Math.abs(numeric - analytic[index]);
                assertTrue(difference <= 1e-4 + 1e-3 * Math.abs(numeric), c + ": weight " + w + "[" + index
                        + "]: generated gradient " + analytic[index] + ", finite difference " + numeric);
            }
        }
    }

    private static double loss64(Case c, List<DenseLayer> layers, List<double[]> weights, Tensor x, Tensor y,
                                 LossFunction loss) {
        List<Variable> variables = new ArrayList<>();
        int next = 0;
        for (DenseLayer layer : layers) {
            variables.add(new Variable("k", Tensor.of(weights.get(next++), layer.inputs(), layer.units())));
            if (layer.useBias()) {
                variables.add(new Variable("b", Tensor.of(weights.get(next++), layer.units())));
            }
        }
        return loss.apply(y, forward(c, layers, variables, x)).doubleValue();
    }


    private static void assertClose(Tensor expected, Tensor actual, String what) {
        float[] e = expected.castTo(DType.FLOAT32).toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what + ": sizes");
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= TOLERANCE, what + "[" + i + "]: tape " + e[i] + ", generated "
                    + a[i]);
        }
    }
}
