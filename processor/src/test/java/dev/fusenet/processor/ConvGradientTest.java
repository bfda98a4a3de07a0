package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.WeightedLayer;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.losses.LossFunction;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.Optimizers;
import dev.fusenet.runtime.training.Verbosity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated convolutional training code against two independent implementations: a float64 reference written
 * as direct loops (no patch matrix, no BLAS), and the GradientTape over {@code Tensor.conv2d} and the pooling
 * ops. For architectures over kernel sizes, strides, both paddings, both pools and several activations, the
 * generated forward pass equals the reference's, the generated gradients equal central finite differences of
 * the reference's loss at every weight and the tape's gradients, N generated steps equal N tape steps with the
 * runtime optimizer, and the runtime DSL's model of the same architecture trains to bitwise the same weights.
 */
class ConvGradientTest {

    private static final int ROWS = 3;
    private static final int HEIGHT = 7;
    private static final int WIDTH = 6;
    private static final int CHANNELS = 2;
    private static final int CLASSES = 3;

    /**
     * conv(filters 3, kernel, strides, padding, dilation, activation) → pool → conv(2, 2×2, SAME, tanh) → flatten
     * → dense.
     */
    record Case(String name, int kernelHeight, int kernelWidth, int stride, Padding padding, Activation activation,
                boolean maxPool, Padding poolPadding, int dilation) {

        Case(String name, int kernelHeight, int kernelWidth, int stride, Padding padding, Activation activation,
             boolean maxPool, Padding poolPadding) {
            this(name, kernelHeight, kernelWidth, stride, padding, activation, maxPool, poolPadding, 1);
        }

        String source() {
            return "package conv;\n"
                    + "import dev.fusenet.annotations.*;\n"
                    + "import dev.fusenet.runtime.Layer;\n"
                    + "@Compile(optimizer = Optimizer.SGD, loss = Loss.CATEGORICAL_CROSSENTROPY, learningRate = 0.05, "
                    + "metrics = Metric.ACCURACY)\n"
                    + "public interface " + name + " {\n"
                    + "    @Conv2D(filters = 3, kernelSize = {" + kernelHeight + ", " + kernelWidth + "}, strides = "
                    + stride + ", padding = Padding." + padding + (dilation > 1 ? ", dilationRate = " + dilation : "")
                    + ", activation = Activation." + activation
                    + ", inputShape = {" + HEIGHT + ", " + WIDTH + ", " + CHANNELS + "}) Layer c1();\n"
                    + "    @" + (maxPool ? "MaxPooling2D" : "AveragePooling2D") + "(poolSize = 2, padding = Padding."
                    + poolPadding + ") Layer p1();\n"
                    + "    @Conv2D(filters = 2, kernelSize = 2, padding = Padding.SAME, activation = Activation.TANH) "
                    + "Layer c2();\n"
                    + "    @Flatten Layer f();\n"
                    + "    @Dense(units = " + CLASSES + ", activation = Activation.SOFTMAX) Layer out();\n"
                    + "}\n";
        }

        Sequential dsl(long seed) {
            return Sequential.build(m -> {
                m.seed(seed);
                m.conv2d(3, new int[] {kernelHeight, kernelWidth}, c -> c.strides(stride).padding(padding)
                        .dilationRate(dilation).activation(activation).inputShape(HEIGHT, WIDTH, CHANNELS).name("c1"));
                if (maxPool) {
                    m.maxPooling2d(2, p -> p.padding(poolPadding).name("p1"));
                } else {
                    m.averagePooling2d(2, p -> p.padding(poolPadding).name("p1"));
                }
                m.conv2d(2, 2, c -> c.padding(Padding.SAME).activation(Activation.TANH).name("c2"));
                m.flatten(f -> f.name("f"));
                m.dense(CLASSES, d -> d.activation(Activation.SOFTMAX).name("out"));
                m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY).learningRate(0.05)
                        .metrics(Metric.ACCURACY));
            });
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Conv0", 3, 3, 1, Padding.VALID, Activation.RELU, true, Padding.VALID));
        cases.add(new Case("Conv1", 3, 3, 1, Padding.SAME, Activation.TANH, false, Padding.VALID));
        cases.add(new Case("Conv2", 2, 3, 2, Padding.SAME, Activation.SIGMOID, true, Padding.SAME));
        cases.add(new Case("Conv3", 3, 2, 2, Padding.VALID, Activation.ELU, false, Padding.SAME));
        cases.add(new Case("Conv4", 1, 1, 1, Padding.VALID, Activation.LINEAR, true, Padding.VALID));
        cases.add(new Case("Conv5", 3, 3, 1, Padding.SAME, Activation.SWISH, true, Padding.SAME));
        // dilated kernels: a 3×3 of rate 2 spans 5×5 (VALID leaves 3×2 of 7×6); SAME with an odd total padding,
        // the extra pixel after the image, as TensorFlow puts it
        cases.add(new Case("Dilated0", 3, 3, 1, Padding.VALID, Activation.RELU, true, Padding.VALID, 2));
        cases.add(new Case("Dilated1", 3, 2, 1, Padding.SAME, Activation.TANH, false, Padding.SAME, 2));
        cases.add(new Case("Dilated2", 2, 2, 1, Padding.SAME, Activation.SWISH, true, Padding.VALID, 3));
        // and random architectures, one per activation a hidden convolution can have
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (Activation activation : Activation.values()) {
            if (activation == Activation.SOFTMAX) {
                continue;
            }
            cases.add(new Case("Random" + activation.name().replace("_", ""), 1 + random.nextInt(3),
                    1 + random.nextInt(3), 1 + random.nextInt(2), random.nextBoolean() ? Padding.SAME : Padding.VALID,
                    activation, random.nextBoolean(), random.nextBoolean() ? Padding.SAME : Padding.VALID));
        }
        return cases;
    }

    private static Compilation compilation;

    @BeforeAll
    static void compileAll() {
        List<JavaFileObject> sources = cases().stream()
                .map(c -> JavaFileObjects.forSourceString("conv." + c.name(), c.source())).toList();
        compilation = com.google.testing.compile.Compiler.javac().withProcessors(new FusenetProcessor())
                .compile(sources);
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    /**
     * A compiled convnet's file stores each kernel as Keras does, (kh, kw, in, out), and loads into the DSL
     * model of the same architecture (layers named as Keras names them, so matched by position), and back.
     */
    @org.junit.jupiter.api.Test
    void checkpointsKeepKerasKernelLayoutAndCrossFrontEnds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Case c = cases().get(0);
        Model compiled = Models.instantiate(compilation, "conv.Compiled" + c.name(), 3);
        compiled.fit(inputs(), labels(), o -> o.epochs(2).batchSize(ROWS).verbosity(Verbosity.SILENT));
        java.nio.file.Path file = dir.resolve("conv.npz");
        compiled.save(file);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            byte[] kernel = zip.getInputStream(zip.getEntry("c1/kernel.npy")).readAllBytes();
            assertArrayEquals(new long[] {3, 3, CHANNELS, 3},
                    org.nd4j.linalg.factory.Nd4j.createNpyFromByteArray(kernel).shape());
        }
        Model dsl = Sequential.build(m -> {
            m.conv2d(3, 3, d -> d.activation(c.activation()).inputShape(HEIGHT, WIDTH, CHANNELS));
            m.maxPooling2d(2);
            m.conv2d(2, 2, d -> d.padding(Padding.SAME).activation(Activation.TANH));
            m.flatten();
            m.dense(CLASSES, d -> d.activation(Activation.SOFTMAX));
            m.compile(d -> d.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY).learningRate(0.05)
                    .metrics(Metric.ACCURACY));
        });
        dsl.load(file);
        assertArrayEquals(compiled.predict(inputs()).toFloatArray(), dsl.predict(inputs()).toFloatArray());
        dsl.fit(inputs(), labels(), o -> o.epochs(1).batchSize(ROWS).verbosity(Verbosity.SILENT));
        compiled.fit(inputs(), labels(), o -> o.epochs(1).batchSize(ROWS).verbosity(Verbosity.SILENT));
        java.nio.file.Path back = dir.resolve("back.npz");
        dsl.save(back);
        Model reloaded = Models.instantiate(compilation, "conv.Compiled" + c.name(), 99);
        reloaded.load(back);
        assertArrayEquals(compiled.predict(inputs()).toFloatArray(), reloaded.predict(inputs()).toFloatArray(),
                "training continued alike in both front ends");
    }

    private static Tensor inputs() {
        return Tensor.randomNormal(new long[] {ROWS, HEIGHT, WIDTH, CHANNELS}, 0, 1, DType.FLOAT32, 3);
    }

    private static Tensor labels() {
        float[] y = new float[ROWS * CLASSES];
        for (int r = 0; r < ROWS; r++) {
            y[r * CLASSES + (r % CLASSES)] = 1;
        }
        return Tensor.of(y, ROWS, CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void generatedGradientsEqualFiniteDifferences(Case c) {
        Model model = Models.instantiate(compilation, "conv.Compiled" + c.name(), 11);
        Reference reference = new Reference(c, model.layers());
        double[] x = toDoubles(inputs());
        double[] y = toDoubles(labels());

        float[] predicted = model.predict(inputs()).toFloatArray();
        double[] expected = reference.forward(x);
        for (int i = 0; i < predicted.length; i++) {
            assertEquals(expected[i], predicted[i], 1e-5, c + ": prediction " + i);
        }

        model.fit(inputs(), labels(), o -> o.epochs(1).batchSize(ROWS).shuffle(false).verbosity(Verbosity.SILENT));
        List<WeightedLayer> weighted = model.layers().stream().filter(WeightedLayer.class::isInstance)
                .map(WeightedLayer.class::cast).toList();
        double h = 1e-6;
        for (int w = 0; w < weighted.size(); w++) {
            float[] kernelGradient = weighted.get(w).weights().get(0).gradient().toFloatArray();
            float[] biasGradient = weighted.get(w).weights().get(1).gradient().toFloatArray();
            for (int bias = 0; bias < 2; bias++) {
                double[] values = bias == 0 ? reference.kernels.get(w) : reference.biases.get(w);
                float[] analytic = bias == 0 ? kernelGradient : biasGradient;
                for (int i = 0; i < values.length; i++) {
                    double saved = values[i];
                    values[i] = saved + h;
                    double up = reference.loss(x, y);
                    values[i] = saved - h;
                    double down = reference.loss(x, y);
                    values[i] = saved;
                    double numeric = (up - down) / (2 * h);
                    assertTrue(Math.abs(numeric - analytic[i]) <= 1e-4 + 1e-3 * Math.abs(numeric), c + ": layer "
                            + weighted.get(w).name() + (bias == 0 ? " kernel[" : " bias[") + i + "]: generated "
                            + analytic[i] + ", finite difference " + numeric);
                }
            }
        }
    }

    /**
     * The same steps through the GradientTape, with {@code Tensor.conv2d} and the pooling ops: the first step's
     * gradients equal the generated ones, and after {@code STEPS} steps of the runtime optimizer the weights are
     * the generated class's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void generatedTrainingEqualsTheTape(Case c) {
        int steps = 4;
        Model model = Models.instantiate(compilation, "conv.Compiled" + c.name(), 5);
        List<WeightedLayer> weighted = model.layers().stream().filter(WeightedLayer.class::isInstance)
                .map(WeightedLayer.class::cast).toList();
        List<Variable> variables = new ArrayList<>();
        for (WeightedLayer layer : weighted) {
            variables.add(new Variable(layer.name() + "/kernel", layer.kernel()));
            variables.add(new Variable(layer.name() + "/bias", layer.bias()));
        }
        LossFunction loss = CompiledModelSupport.lossFunction(Loss.CATEGORICAL_CROSSENTROPY, false, 0);
        GradientOptimizer optimizer = Optimizers.withLearningRate(Optimizer.SGD, 0.05);
        Tensor x = inputs();
        Tensor y = labels();
        for (int step = 0; step < steps; step++) {
            List<Tensor> gradients;
            try (GradientTape tape = new GradientTape()) {
                gradients = tape.gradient(loss.apply(y, tapeForward(c, variables, x)), variables);
            }
            model.fit(x, y, o -> o.epochs(1).batchSize(ROWS).shuffle(false).verbosity(Verbosity.SILENT));
            if (step == 0) {
                for (int w = 0; w < weighted.size(); w++) {
                    assertClose(gradients.get(2 * w), weighted.get(w).weights().get(0).gradient(), c + ": "
                            + weighted.get(w).name() + " kernel gradient", 1e-5);
                    assertClose(gradients.get(2 * w + 1), weighted.get(w).weights().get(1).gradient(), c + ": "
                            + weighted.get(w).name() + " bias gradient", 1e-5);
                }
            }
            optimizer.applyGradients(variables, gradients);
        }
        for (int w = 0; w < weighted.size(); w++) {
            assertClose(variables.get(2 * w).value(), weighted.get(w).kernel(), c + ": " + weighted.get(w).name()
                    + " kernel after " + steps + " steps", 1e-5);
            assertClose(variables.get(2 * w + 1).value(), weighted.get(w).bias(), c + ": " + weighted.get(w).name()
                    + " bias after " + steps + " steps", 1e-5);
        }
    }

    private static Tensor tapeForward(Case c, List<Variable> v, Tensor x) {
        Tensor h = x.conv2d(v.get(0).value(), new int[] {c.stride()}, c.padding(), new int[] {c.dilation()})
                .add(v.get(1).value())
                .activate(c.activation());
        h = c.maxPool() ? h.maxPool2d(new int[] {2}, new int[0], c.poolPadding())
                : h.avgPool2d(new int[] {2}, new int[0], c.poolPadding());
        h = h.conv2d(v.get(2).value(), new int[] {1}, Padding.SAME).add(v.get(3).value()).tanh();
        return h.reshape(ROWS, -1).matmul(v.get(4).value()).add(v.get(5).value()).softmax();
    }

    private static void assertClose(Tensor expected, Tensor actual, String what, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.castTo(DType.FLOAT32).toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tolerance, what + "[" + i + "]: tape " + e[i] + ", generated "
                    + a[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void theDslTrainsToTheSameWeightsBitwise(Case c) {
        Model compiled = Models.instantiate(compilation, "conv.Compiled" + c.name(), 7);
        Model dsl = c.dsl(7);
        Tensor x = Tensor.randomNormal(new long[] {10, HEIGHT, WIDTH, CHANNELS}, 0, 1, DType.FLOAT32, 4);
        float[] labels = new float[10 * CLASSES];
        for (int r = 0; r < 10; r++) {
            labels[r * CLASSES + (r * 7 % CLASSES)] = 1;
        }
        Tensor y = Tensor.of(labels, 10, CLASSES);
        for (Model model : List.of(compiled, dsl)) {
            model.fit(x, y, o -> o.epochs(3).batchSize(4).verbosity(Verbosity.SILENT));
        }
        for (int i = 0; i < compiled.layers().size(); i++) {
            Layer a = compiled.layers().get(i);
            Layer b = dsl.layers().get(i);
            if (a instanceof WeightedLayer) {
                assertArrayEquals(a.kernel().toFloatArray(), b.kernel().toFloatArray(), c + ": " + a.name());
                assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray(), c + ": " + a.name());
            }
        }
        assertArrayEquals(compiled.predict(x).toFloatArray(), dsl.predict(x).toFloatArray());
    }

    private static double[] toDoubles(Tensor tensor) {
        return tensor.castTo(DType.FLOAT64).toDoubleArray();
    }

    /** The case's model computed directly in float64 from copies of the compiled model's weights. */
    private static final class Reference {

        final Case c;
        final List<double[]> kernels = new ArrayList<>();
        final List<double[]> biases = new ArrayList<>();

        Reference(Case c, List<Layer> layers) {
            this.c = c;
            for (Layer layer : layers) {
                if (layer instanceof WeightedLayer) {
                    kernels.add(toDoubles(layer.kernel()));
                    biases.add(toDoubles(layer.bias()));
                }
            }
        }

        double[] forward(double[] x) {
            Window first = Window.of(c.kernelHeight(), c.kernelWidth(), c.stride(), c.stride(), c.padding());
            Image h = conv(new Image(x, HEIGHT, WIDTH, CHANNELS), first, c.dilation(), kernels.get(0), biases.get(0),
                    3, c.activation());
            h = pool(h, Window.of(2, 2, 2, 2, c.poolPadding()), c.maxPool());
            h = conv(h, Window.of(2, 2, 1, 1, Padding.SAME), 1, kernels.get(1), biases.get(1), 2, Activation.TANH);
            int features = h.height * h.width * h.channels;
            double[] out = new double[ROWS * CLASSES];
            for (int n = 0; n < ROWS; n++) {
                double[] logits = new double[CLASSES];
                for (int k = 0; k < CLASSES; k++) {
                    logits[k] = biases.get(2)[k];
                    for (int i = 0; i < features; i++) {
                        logits[k] += h.values[n * features + i] * kernels.get(2)[i * CLASSES + k];
                    }
                }
                double max = java.util.Arrays.stream(logits).max().orElseThrow();
                double sum = 0;
                for (int k = 0; k < CLASSES; k++) {
                    sum += Math.exp(logits[k] - max);
                }
                for (int k = 0; k < CLASSES; k++) {
                    out[n * CLASSES + k] = Math.exp(logits[k] - max) / sum;
                }
            }
            return out;
        }

        /** Categorical cross-entropy, mean over the batch (no clipping is reached at these values). */
        double loss(double[] x, double[] y) {
            double[] p = forward(x);
            double total = 0;
            for (int i = 0; i < p.length; i++) {
                total -= y[i] * Math.log(p[i]);
            }
            return total / ROWS;
        }

        record Image(double[] values, int height, int width, int channels) {
        }

        /**
         * A convolution by its definition, TensorFlow's sizes written out here rather than taken from
         * {@link Window}: a kernel of k taps {@code dilation} apart spans {@code s = (k - 1) · dilation + 1}
         * pixels; VALID gives {@code (n - s) / stride + 1} outputs, SAME {@code ceil(n / stride)}, padded by
         * {@code max((out - 1) · stride + s - n, 0)} of which the half rounded down goes before the image.
         */
        static Image conv(Image in, Window window, int dilation, double[] kernel, double[] bias, int filters,
                          Activation f) {
            int stride = window.strideHeight();
            int spanHeight = (window.height() - 1) * dilation + 1;
            int spanWidth = (window.width() - 1) * dilation + 1;
            boolean same = window.padding() == Padding.SAME;
            int outHeight = same ? (in.height + stride - 1) / stride : (in.height - spanHeight) / stride + 1;
            int outWidth = same ? (in.width + stride - 1) / stride : (in.width - spanWidth) / stride + 1;
            int top = same ? Math.max((outHeight - 1) * stride + spanHeight - in.height, 0) / 2 : 0;
            int left = same ? Math.max((outWidth - 1) * stride + spanWidth - in.width, 0) / 2 : 0;
            double[] out = new double[ROWS * outHeight * outWidth * filters];
            int next = 0;
            for (int n = 0; n < ROWS; n++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        for (int o = 0; o < filters; o++) {
                            double z = bias[o];
                            for (int ky = 0; ky < window.height(); ky++) {
                                for (int kx = 0; kx < window.width(); kx++) {
                                    int y = oy * stride - top + ky * dilation;
                                    int x = ox * stride - left + kx * dilation;
                                    if (y < 0 || y >= in.height || x < 0 || x >= in.width) {
                                        continue;
                                    }
                                    for (int ch = 0; ch < in.channels; ch++) {
                                        z += in.values[((n * in.height + y) * in.width + x) * in.channels + ch]
                                                * kernel[((ky * window.width() + kx) * in.channels + ch) * filters + o];
                                    }
                                }
                            }
                            out[next++] = activate(f, z);
                        }
                    }
                }
            }
            return new Image(out, outHeight, outWidth, filters);
        }

        static Image pool(Image in, Window window, boolean max) {
            Window.Placement at = window.over(in.height, in.width);
            double[] out = new double[ROWS * at.outputHeight() * at.outputWidth() * in.channels];
            int next = 0;
            for (int n = 0; n < ROWS; n++) {
                for (int oy = 0; oy < at.outputHeight(); oy++) {
                    for (int ox = 0; ox < at.outputWidth(); ox++) {
                        for (int ch = 0; ch < in.channels; ch++) {
                            double best = Double.NEGATIVE_INFINITY;
                            double sum = 0;
                            int count = 0;
                            for (int ky = 0; ky < window.height(); ky++) {
                                for (int kx = 0; kx < window.width(); kx++) {
                                    int y = oy * at.strideHeight() - at.padTop() + ky;
                                    int x = ox * at.strideWidth() - at.padLeft() + kx;
                                    if (y < 0 || y >= in.height || x < 0 || x >= in.width) {
                                        continue;
                                    }
                                    double v = in.values[((n * in.height + y) * in.width + x) * in.channels + ch];
                                    best = Math.max(best, v);
                                    sum += v;
                                    count++;
                                }
                            }
                            out[next++] = max ? best : sum / count;
                        }
                    }
                }
            }
            return new Image(out, at.outputHeight(), at.outputWidth(), in.channels);
        }

        static double activate(Activation f, double z) {
            return switch (f) {
                case LINEAR -> z;
                case RELU -> Math.max(z, 0);
                case TANH -> Math.tanh(z);
                case SIGMOID -> 1 / (1 + Math.exp(-z));
                case ELU -> z > 0 ? z : Math.exp(z) - 1;
                case SWISH -> z / (1 + Math.exp(-z));
                case RELU6 -> Math.min(Math.max(z, 0), 6);
                case HARD_SIGMOID -> Math.min(Math.max(z / 6 + 0.5, 0), 1);
                case HARD_SILU -> z * Math.min(Math.max(z / 6 + 0.5, 0), 1);
                case LEAKY_RELU -> z >= 0 ? z : 0.2 * z;
                case GELU -> 0.5 * z * (1 + org.apache.commons.math3.special.Erf.erf(z / Math.sqrt(2)));
                default -> throw new IllegalArgumentException(f.name());
            };
        }
    }
}
