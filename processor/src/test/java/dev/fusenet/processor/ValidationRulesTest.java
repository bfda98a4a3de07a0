package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per compile-time rule: the mistake is a javac error (or warning) with the rule's message, on the line of
 * the annotation value or element that caused it, and no class is generated for a model with errors.
 */
class ValidationRulesTest {

    private static final String MNIST_COMPILE = "@Compile(optimizer = Optimizer.RMSPROP, loss = "
            + "Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)";
    private static final String HIDDEN = "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
            + "Layer hidden();";
    private static final String OUTPUT = "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output();";

    /** An interface Net with the given {@code @Compile} line and members, one per line. */
    static JavaFileObject net(String compile, String... members) {
        return type(compile, "public interface Net", members);
    }

    static JavaFileObject type(String compile, String declaration, String... members) {
        StringBuilder source = new StringBuilder("""
                package example;

                import dev.fusenet.annotations.*;
                import dev.fusenet.runtime.Layer;

                """);
        source.append(compile).append('\n').append(declaration).append(" {\n");
        for (String member : members) {
            source.append("    ").append(member).append('\n');
        }
        source.append("}\n");
        return JavaFileObjects.forSourceString("example.Net", source.toString());
    }

    static Compilation compile(JavaFileObject source) {
        return com.google.testing.compile.Compiler.javac().withProcessors(new FusenetProcessor()).compile(source);
    }

    /** Asserts an error with {@code message} on the line containing {@code line}. */
    static void assertError(JavaFileObject source, String message, String line) {
        Compilation compilation = compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    }

    @Test
    void theLectureModelCompilesWithoutDiagnostics() {
        Compilation compilation = compile(net(MNIST_COMPILE, HIDDEN, OUTPUT));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("example.CompiledNet");
    }

    @Nested
    class Layers {

        @Test
        void unitsMustBePositive() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dense(units = 0, activation = Activation.SOFTMAX) "
                    + "Layer output();"), "@Dense units must be positive, got 0", "units = 0");
        }

        @Test
        void theFirstLayerNeedsInputShape() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELU) Layer hidden();",
                    OUTPUT), "the first layer needs inputShape, the shape of one sample", "Layer hidden()");
        }

        @Test
        void inputShapeBelongsOnTheFirstLayerOnly() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dense(units = 10, activation = Activation.SOFTMAX, "
                            + "inputShape = 512) Layer output();"),
                    "inputShape belongs on the first layer only; output() takes its input from the layer before it",
                    "inputShape = 512");
        }

        @Test
        void inputShapeMustBePositive() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELU, inputShape = -3) "
                    + "Layer hidden();", OUTPUT), "@Dense inputShape must be positive, got -3", "inputShape = -3");
        }

        @Test
        void aModelNeedsLayers() {
            assertError(net(MNIST_COMPILE), "model Net has no layers; declare them as abstract methods returning "
                    + "Layer, annotated @Dense, @Conv2D, @MaxPooling2D, @AveragePooling2D, @Flatten or @Dropout, in "
                    + "order", "@Compile");
        }

        @Test
        void aFirstDropoutLayerNeedsTheInputShape() {
            assertError(net(MNIST_COMPILE, "@Dropout(rate = 0.2) Layer dropout();",
                    "@Dense(units = 512, activation = Activation.RELU) Layer hidden();", OUTPUT),
                    "the first layer needs inputShape, the shape of one sample", "@Dropout(rate = 0.2)");
            assertThat(compile(net(MNIST_COMPILE, "@Dropout(rate = 0.2, inputShape = 784) Layer dropout();",
                    "@Dense(units = 512, activation = Activation.RELU) Layer hidden();", OUTPUT)))
                    .succeededWithoutWarnings();
        }

        @Test
        void theLastLayerIsDense() {
            assertError(net(MNIST_COMPILE, HIDDEN, OUTPUT, "@Dropout(rate = 0.2) Layer dropout();"),
                    "the last layer must be @Dense: the model's outputs come from it; move dropout() before the "
                            + "output layer", "@Dropout(rate = 0.2)");
        }

        @Test
        void dropoutRateIsAFraction() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dropout(rate = 1.0) Layer dropout();", OUTPUT),
                    "@Dropout: rate must be in [0, 1), got 1.0", "rate = 1.0");
        }

        @Test
        void softmaxBelongsOnTheLastLayerWarning() {
            JavaFileObject source = net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.SOFTMAX, "
                    + "inputShape = 784) Layer hidden();", OUTPUT);
            Compilation compilation = compile(source);
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining("SOFTMAX on hidden(), which is not the last layer")
                    .inFile(source).onLineContaining("Activation.SOFTMAX, inputShape");
            assertThat(compilation).generatedSourceFile("example.CompiledNet");
        }
    }

    @Nested
    class LossesAndMetrics {

        @Test
        void categoricalCrossentropyNeedsSoftmax() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dense(units = 10, activation = Activation.RELU) "
                            + "Layer output();"),
                    "loss CATEGORICAL_CROSSENTROPY expects probabilities, but the last layer's activation is RELU; "
                            + "use SOFTMAX, or LINEAR with @Compile(fromLogits = true) to pass logits",
                    "Activation.RELU) Layer output()");
        }

        @Test
        void fromLogitsNeedsALinearOutput() {
            assertError(net("@Compile(loss = Loss.CATEGORICAL_CROSSENTROPY, fromLogits = true)", HIDDEN, OUTPUT),
                    "fromLogits = true means the last layer outputs logits, but its activation is SOFTMAX; use "
                            + "LINEAR, or drop fromLogits and keep SOFTMAX", "Activation.SOFTMAX");
        }

        @Test
        void fromLogitsIsForCrossentropies() {
            assertError(net("@Compile(loss = Loss.MEAN_SQUARED_ERROR,\n    fromLogits = true)", HIDDEN,
                            "@Dense(units = 1) Layer output();"),
                    "fromLogits applies to the cross-entropy losses only, not MEAN_SQUARED_ERROR",
                    "fromLogits = true");
        }

        @Test
        void binaryCrossentropyNeedsSigmoid() {
            assertError(net("@Compile(loss = Loss.BINARY_CROSSENTROPY, metrics = Metric.ACCURACY)", HIDDEN,
                            "@Dense(units = 1, activation = Activation.TANH) Layer output();"),
                    "loss BINARY_CROSSENTROPY expects probabilities, but the last layer's activation is TANH; use "
                            + "SIGMOID", "Activation.TANH");
        }

        @Test
        void binaryAccuracyNeedsOneUnit() {
            assertError(net("@Compile(loss = Loss.BINARY_CROSSENTROPY, metrics = Metric.BINARY_ACCURACY)", HIDDEN,
                            "@Dense(units = 10, activation = Activation.SIGMOID) Layer output();"),
                    "loss BINARY_CROSSENTROPY with a binary accuracy needs one output unit, but the last layer has "
                            + "10; for 10 classes use SOFTMAX with CATEGORICAL_CROSSENTROPY", "units = 10");
        }

        @Test
        void sparseLossWithOneHotMetric() {
            assertError(net("@Compile(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,\n    metrics = "
                            + "Metric.CATEGORICAL_ACCURACY)", HIDDEN, OUTPUT),
                    "metric CATEGORICAL_ACCURACY expects one-hot labels, but loss SPARSE_CATEGORICAL_CROSSENTROPY "
                            + "takes integer labels; use SPARSE_CATEGORICAL_ACCURACY or ACCURACY",
                    "metrics = Metric.CATEGORICAL_ACCURACY");
        }

        @Test
        void oneHotLossWithSparseMetric() {
            assertError(net("@Compile(loss = Loss.CATEGORICAL_CROSSENTROPY,\n    metrics = "
                            + "Metric.SPARSE_CATEGORICAL_ACCURACY)", HIDDEN, OUTPUT),
                    "metric SPARSE_CATEGORICAL_ACCURACY expects integer labels, but loss CATEGORICAL_CROSSENTROPY "
                            + "takes one-hot labels; use CATEGORICAL_ACCURACY or ACCURACY",
                    "metrics = Metric.SPARSE_CATEGORICAL_ACCURACY");
        }

        @Test
        void weightedMetricsFollowTheSameLabelRuleAndThePointerFindsThem() {
            assertError(net("@Compile(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,\n    weightedMetrics = "
                            + "Metric.CATEGORICAL_ACCURACY)", HIDDEN, OUTPUT),
                    "metric CATEGORICAL_ACCURACY expects one-hot labels, but loss SPARSE_CATEGORICAL_CROSSENTROPY takes "
                            + "integer labels; use SPARSE_CATEGORICAL_ACCURACY or ACCURACY",
                    "weightedMetrics = Metric.CATEGORICAL_ACCURACY");
        }

        @Test
        void labelSmoothingNeedsOneHotCrossentropy() {
            assertError(net("@Compile(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,\n    labelSmoothing = 0.1)",
                            HIDDEN, OUTPUT),
                    "labelSmoothing applies to CATEGORICAL_CROSSENTROPY and BINARY_CROSSENTROPY only, not "
                            + "SPARSE_CATEGORICAL_CROSSENTROPY; one-hot encode the labels",
                    "labelSmoothing = 0.1");
        }
    }

    @Nested
    class Hyperparameters {

        private void assertHyperparameterError(String attribute, String message) {
            assertError(net("@Compile(optimizer = Optimizer.ADAM, loss = Loss.CATEGORICAL_CROSSENTROPY,\n    "
                    + attribute + ")", HIDDEN, OUTPUT), message, attribute);
        }

        @Test
        void learningRateMustBePositive() {
            assertHyperparameterError("learningRate = 0.0", "@Compile: learningRate must be positive, got 0.0");
        }

        @Test
        void betaIsAFraction() {
            assertHyperparameterError("beta1 = 1.0", "@Compile: beta1 must be in [0, 1), got 1.0");
        }

        @Test
        void epsilonMustBePositive() {
            assertHyperparameterError("epsilon = -1e-7", "@Compile: epsilon must be positive, got -1.0E-7");
        }

        @Test
        void weightDecayIsNotNegative() {
            assertHyperparameterError("weightDecay = -0.1", "@Compile: weightDecay must be zero or more, got -0.1");
        }

        @Test
        void labelSmoothingIsAFraction() {
            assertHyperparameterError("labelSmoothing = 1.5", "@Compile: labelSmoothing must be in [0, 1], got 1.5");
        }

        @Test
        void rhoIsAFraction() {
            assertError(net("@Compile(loss = Loss.CATEGORICAL_CROSSENTROPY,\n    rho = 1.5)", HIDDEN, OUTPUT),
                    "@Compile: rho must be in [0, 1), got 1.5", "rho = 1.5");
        }

        @Test
        void hyperparameterMustBelongToTheOptimizer() {
            assertHyperparameterError("rho = 0.9", "rho does not apply to ADAM; it is a hyperparameter of RMSPROP "
                    + "and ADADELTA");
        }
    }

    @Nested
    class Declarations {

        @Test
        void aConcreteClassIsRejected() {
            assertError(type(MNIST_COMPILE, "public class Net", "@Dense(units = 512, activation = Activation.RELU, "
                            + "inputShape = 784) Layer hidden() { return null; }"),
                    "@Compile goes on an interface or an abstract class, but Net is a class that is not abstract",
                    "public class Net");
        }

        @Test
        void aPrivateTypeIsRejected() {
            JavaFileObject source = JavaFileObjects.forSourceString("example.Outer", """
                    package example;

                    import dev.fusenet.annotations.*;
                    import dev.fusenet.runtime.Layer;

                    public class Outer {
                        @Compile(loss = Loss.CATEGORICAL_CROSSENTROPY)
                        private interface Net {
                            @Dense(units = 10, activation = Activation.SOFTMAX, inputShape = 784) Layer output();
                        }
                    }
                    """);
            Compilation compilation = compile(source);
            assertThat(compilation).hadErrorContaining("@Compile type Net is private, so CompiledNet cannot "
                    + "implement it from outside; make it public or package-private").inFile(source)
                    .onLineContaining("private interface Net");
        }

        @Test
        void aGenericTypeIsRejected() {
            assertError(type(MNIST_COMPILE, "public interface Net<T>", HIDDEN, OUTPUT),
                    "@Compile type Net has type parameters <T>, but a compiled model has one fixed architecture; "
                            + "remove <T>", "public interface Net<T>");
        }

        @Test
        void aNonStaticInnerClassIsRejected() {
            JavaFileObject source = JavaFileObjects.forSourceString("example.Outer", """
                    package example;

                    import dev.fusenet.annotations.*;
                    import dev.fusenet.runtime.Layer;

                    public class Outer {
                        @Compile(loss = Loss.CATEGORICAL_CROSSENTROPY)
                        public abstract class Net {
                            @Dense(units = 10, activation = Activation.SOFTMAX, inputShape = 784)
                            public abstract Layer output();
                        }
                    }
                    """);
            Compilation compilation = compile(source);
            assertThat(compilation).hadErrorContaining("@Compile type Net is an inner (non-static) class, which "
                    + "CompiledNet cannot extend without an instance of Outer; declare it static").inFile(source)
                    .onLineContaining("public abstract class Net");
        }

        @Test
        void anAbstractClassNeedsANoArgumentConstructor() {
            assertError(type(MNIST_COMPILE, "public abstract class Net",
                            "protected Net(int size) { }",
                            "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
                                    + "public abstract Layer hidden();",
                            "@Dense(units = 10, activation = Activation.SOFTMAX) public abstract Layer output();"),
                    "@Compile class Net has no constructor without parameters that CompiledNet can call",
                    "public abstract class Net");
        }

        @Test
        void anAbstractClassCompiles() {
            JavaFileObject source = type(MNIST_COMPILE, "public abstract class Net",
                    "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
                            + "protected abstract Layer hidden();",
                    "@Dense(units = 10, activation = Activation.SOFTMAX) public abstract Layer output();",
                    "public String describe() { return \"mine\"; }");
            Compilation compilation = compile(source);
            assertThat(compilation).succeededWithoutWarnings();
            assertThat(compilation).generatedSourceFile("example.CompiledNet").contentsAsUtf8String()
                    .contains("public final class CompiledNet extends Net implements Model");
        }

        @Test
        void layerMethodParametersAreLayers() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
                            + "Layer hidden(int size);", OUTPUT),
                    "parameter size of layer method hidden() is a int, but a layer method's parameters name the "
                            + "layers it reads; write `Layer size`, named after a layer method declared above",
                    "Layer hidden(int size)");
        }

        @Test
        void layerMethodsReturnLayer() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
                            + "Object hidden();", OUTPUT),
                    "layer method hidden() must return dev.fusenet.runtime.Layer, not java.lang.Object; write "
                            + "`Layer hidden();`", "Object hidden()");
        }

        @Test
        void layerMethodsAreAbstract() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELU, inputShape = 784) "
                            + "default Layer hidden() { return null; }", OUTPUT),
                    "layer method hidden() is a default method, but fusenet implements layer methods itself; "
                            + "declare it abstract, without a body", "default Layer hidden()");
        }

        @Test
        void aMethodDeclaresOneLayer() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dropout(rate = 0.5) @Dense(units = 10, activation = "
                            + "Activation.SOFTMAX) Layer output();"),
                    "layer method output() carries both @Dense and @Dropout", "@Dropout(rate = 0.5) @Dense");
        }

        @Test
        void layerNamesMustNotShadowModelMethods() {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dense(units = 10, activation = Activation.SOFTMAX) "
                            + "Layer summary();"),
                    "a layer cannot be named summary(): the compiled model already has a method summary() of its "
                            + "own; choose another name", "Layer summary()");
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dense(units = 10, activation = Activation.SOFTMAX) "
                            + "Layer loss();"),
                    "a layer cannot be named loss(): the compiled model already has a method loss() of its "
                            + "own; choose another name", "Layer loss()");
        }

        @Test
        void abstractMethodsMustBeLayers() {
            assertError(net(MNIST_COMPILE, HIDDEN, OUTPUT, "Layer extra();"),
                    "abstract method extra() is not a layer, so CompiledNet cannot implement it; annotate it with "
                            + "a layer annotation (@Dense, @Conv2D, @MaxPooling2D, @AveragePooling2D, @Flatten, "
                            + "@Dropout, a merge such as @Add or @Concatenate) or @Input, or give it a body (a "
                            + "default method)", "Layer extra()");
        }

        @Test
        void layerAnnotationsNeedCompile() {
            assertError(net("", HIDDEN, OUTPUT),
                    "@Dense on hidden() has no effect: Net is not annotated @Compile; add @Compile(optimizer = ..., "
                            + "loss = ..., metrics = ...) to Net", "Layer hidden()");
        }

        @Test
        void theGeneratedNameMustBeFree() {
            JavaFileObject clash = JavaFileObjects.forSourceString("example.CompiledNet", """
                    package example;

                    public class CompiledNet {
                    }
                    """);
            JavaFileObject source = net(MNIST_COMPILE, HIDDEN, OUTPUT);
            Compilation compilation = com.google.testing.compile.Compiler.javac()
                    .withProcessors(new FusenetProcessor()).compile(source, clash);
            assertThat(compilation).hadErrorContaining("fusenet writes CompiledNet for Net, but type "
                    + "example.CompiledNet already exists; rename Net or the other type").inFile(source)
                    .onLineContaining("public interface Net");
        }
    }

    @Test
    void everyErrorOfAFileIsReportedInOneCompile() {
        JavaFileObject source = net("@Compile(loss = Loss.CATEGORICAL_CROSSENTROPY,\n    learningRate = -1.0)",
                "@Dense(units = 0, activation = Activation.RELU, inputShape = 784) Layer hidden();",
                "@Dense(units = 10, activation = Activation.TANH) Layer output();",
                "Layer extra();");
        Compilation compilation = compile(source);
        long errors = compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
        assertEquals(4, errors, () -> compilation.diagnostics().toString());
        assertThat(compilation).hadErrorContaining("units must be positive").inFile(source)
                .onLineContaining("units = 0");
        assertThat(compilation).hadErrorContaining("learningRate must be positive").inFile(source)
                .onLineContaining("learningRate = -1.0");
        assertThat(compilation).hadErrorContaining("expects probabilities").inFile(source)
                .onLineContaining("Activation.TANH");
        assertThat(compilation).hadErrorContaining("is not a layer").inFile(source).onLineContaining("extra()");
    }

    @Test
    void noClassIsWrittenForAModelWithErrorsButOneIsForWarnings() {
        FilerSpy spy = new FilerSpy();
        com.google.testing.compile.Compiler.javac().withProcessors(spy).compile(net(MNIST_COMPILE,
                "@Dense(units = 0, activation = Activation.RELU, inputShape = 784) Layer hidden();", OUTPUT));
        assertEquals(List.of(), spy.created);
        FilerSpy warned = new FilerSpy();
        com.google.testing.compile.Compiler.javac().withProcessors(warned).compile(net(MNIST_COMPILE,
                "@Dense(units = 512, activation = Activation.SOFTMAX, inputShape = 784) Layer hidden();", OUTPUT));
        assertEquals(List.of("example.CompiledNet"), warned.created);
    }

    /** Runs the processor with a Filer that records which source files it creates. */
    static final class FilerSpy extends AbstractProcessor {
        final FusenetProcessor processor = new FusenetProcessor();
        final List<String> created = new ArrayList<>();

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            Filer filer = environment.getFiler();
            Filer recording = (Filer) Proxy.newProxyInstance(Filer.class.getClassLoader(),
                    new Class<?>[] {Filer.class}, (proxy, method, args) -> {
                        if (method.getName().equals("createSourceFile")) {
                            created.add(args[0].toString());
                        }
                        return method.invoke(filer, args);
                    });
            processor.init((ProcessingEnvironment) Proxy.newProxyInstance(
                    ProcessingEnvironment.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
                    (proxy, method, args) -> method.getName().equals("getFiler") ? recording
                            : method.invoke(environment, args)));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return processor.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return processor.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return processor.process(annotations, round);
        }
    }

    @Test
    void anUnresolvedValueLeavesTheErrorToJavac() {
        JavaFileObject source = net(MNIST_COMPILE, "@Dense(units = 512, activation = Activation.RELUU, "
                + "inputShape = 784) Layer hidden();", OUTPUT);
        Compilation compilation = compile(source);
        assertThat(compilation).failed();
        // javac's own wording differs between versions ("cannot find symbol" on 17, "an enum annotation value must
        // be an enum constant" on 25); what matters is that the error is javac's, on the value.
        assertThat(compilation).hadErrorContaining("").inFile(source).onLineContaining("RELUU");
        assertTrue(compilation.diagnostics().stream().noneMatch(d -> String.valueOf(d.getMessage(null))
                .contains("fusenet could not compile")), "the processor does not fail on javac's errors");
    }

    /** The shape rules of convolutional networks (issue 11): one test per rule, message and line. */
    @Nested
    class ConvolutionShapes {

        private static final String SPARSE = "@Compile(optimizer = Optimizer.RMSPROP, loss = "
                + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)";
        private static final String CONV1 = "@Conv2D(filters = 32, kernelSize = 3, activation = Activation.RELU, "
                + "inputShape = {28, 28, 1}) Layer conv1();";
        private static final String FLATTEN = "@Flatten Layer flatten();";

        private void assertWarning(JavaFileObject source, String message, String line) {
            Compilation compilation = compile(source);
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining(message).inFile(source).onLineContaining(line);
        }

        @Test
        void theBooksConvnetCompiles() {
            Compilation compilation = compile(JavaFileObjects.forSourceString("example.MnistConvNet",
                    GoldenFileTest.MNIST_CONV_NET));
            assertThat(compilation).succeeded();
            // Keras drops pool2's last row and column silently; fusenet says so.
            assertThat(compilation).hadWarningContaining("pool2: 2×2 windows with strides 2 over the 11×11 input "
                    + "from conv2 never read the last row and the last column (Keras drops them silently); use "
                    + "padding = SAME to keep them");
        }

        @Test
        void aKernelMustFitItsInput() {
            assertError(net(SPARSE, CONV1, "@MaxPooling2D(poolSize = 13) Layer pool();",
                    "@Conv2D(filters = 8, kernelSize = 3) Layer conv3();", FLATTEN, OUTPUT),
                    "conv3: a 3×3 kernel does not fit the 2×2 input from pool; use padding = SAME, a smaller "
                            + "kernel, or drop a pooling layer", "kernelSize = 3) Layer conv3");
        }

        @Test
        void aPoolWindowMustFitItsInput() {
            assertError(net(SPARSE, "@Conv2D(filters = 4, kernelSize = 3, inputShape = {4, 4, 1}) Layer conv1();",
                            "@AveragePooling2D(poolSize = {3, 2}) Layer pool();", FLATTEN, OUTPUT),
                    "pool: a 3×2 pool window does not fit the 2×2 input from conv1; use padding = SAME, a smaller "
                            + "poolSize, or drop a pooling layer", "poolSize = {3, 2}");
        }

        @Test
        void aDenseLayerNeedsFlattenAfterAFeatureMap() {
            assertError(net(SPARSE, CONV1, "@MaxPooling2D Layer pool();", OUTPUT),
                    "output: @Dense takes flat inputs, but pool gives the (13, 13, 32) feature map; put a @Flatten "
                            + "layer before it (it turns (13, 13, 32) into 5408 features)", "Layer output()");
        }

        @Test
        void convolutionComesBeforeFlatten() {
            assertError(net(SPARSE, CONV1, FLATTEN, "@Conv2D(filters = 8, kernelSize = 3) Layer conv2();", OUTPUT),
                    "conv2: @Conv2D needs a (height, width, channels) input, but flatten gives (21632); "
                            + "convolution and pooling layers come before @Flatten and @Dense", "Layer conv2()");
        }

        @Test
        void poolingComesBeforeDense() {
            assertError(net(SPARSE, HIDDEN, "@MaxPooling2D Layer pool();", FLATTEN, OUTPUT),
                    "pool: @MaxPooling2D needs a (height, width, channels) input, but hidden gives (512)",
                    "Layer pool()");
        }

        @Test
        void flattenOnAFlatInputIsAWarning() {
            assertWarning(net(MNIST_COMPILE, HIDDEN, FLATTEN, OUTPUT), "flatten: the input from hidden is already "
                    + "flat, (512); @Flatten does nothing here, so remove it", "Layer flatten()");
        }

        @Test
        void anImageLayerFirstNeedsHeightWidthAndChannels() {
            assertError(net(SPARSE, "@Conv2D(filters = 8, kernelSize = 3, inputShape = {28, 28}) Layer conv1();",
                    FLATTEN, OUTPUT), "@Conv2D inputShape must be (height, width, channels), got (28, 28); for one "
                    + "channel, add it: inputShape = {28, 28, 1}", "inputShape = {28, 28}");
        }

        @Test
        void aDenseLayerFirstTakesFeatures() {
            assertError(net(SPARSE, "@Dense(units = 8, inputShape = {28, 28, 1}) Layer hidden();", OUTPUT),
                    "@Dense inputShape is the number of input features, but it is (28, 28, 1); start with "
                            + "@Flatten(inputShape = {28, 28, 1}) before hidden(), or declare 784 features",
                    "inputShape = {28, 28, 1}");
        }

        @Test
        void flattenFirstTakesImages() {
            assertThat(compile(net(SPARSE, "@Flatten(inputShape = {28, 28}) Layer flatten();",
                    "@Dense(units = 128, activation = Activation.RELU) Layer hidden();",
                    "@Dropout(rate = 0.2) Layer dropout();", OUTPUT))).succeededWithoutWarnings();
        }

        @Test
        void filtersMustBePositive() {
            assertError(net(SPARSE, "@Conv2D(filters = 0, kernelSize = 3, inputShape = {28, 28, 1}) Layer conv1();",
                    FLATTEN, OUTPUT), "@Conv2D filters must be positive, got 0", "filters = 0");
        }

        @Test
        void windowSizesMustBePositive() {
            assertError(net(SPARSE, "@Conv2D(filters = 8, kernelSize = {3, 0}, inputShape = {28, 28, 1}) "
                    + "Layer conv1();", FLATTEN, OUTPUT), "@Conv2D kernelSize must be positive, got {3, 0}",
                    "kernelSize = {3, 0}");
            assertError(net(SPARSE, CONV1, "@MaxPooling2D(strides = -1) Layer pool();", FLATTEN, OUTPUT),
                    "@MaxPooling2D strides must be positive, got -1", "strides = -1");
        }

        @Test
        void windowSizesAreOneOrTwoValues() {
            assertError(net(SPARSE, CONV1, "@MaxPooling2D(poolSize = {2, 2, 2}) Layer pool();", FLATTEN, OUTPUT),
                    "@MaxPooling2D poolSize takes one size (square) or two (height, width), got 3: [2, 2, 2]",
                    "poolSize = {2, 2, 2}");
        }

        @Test
        void stridesLargerThanTheWindowAreAWarning() {
            assertWarning(net(SPARSE, CONV1, "@MaxPooling2D(poolSize = 2, strides = 3) Layer pool();", FLATTEN,
                    OUTPUT), "pool: strides 3 are larger than the 2×2 window, so input pixels between windows are "
                    + "never read (1 row and 1 column after each window); use strides no larger than the window",
                    "strides = 3");
        }

        @Test
        void aStridedOneByOneConvolutionSubsamplesWithoutAWarning() {
            assertThat(compile(net(SPARSE, CONV1, "@Conv2D(filters = 8, kernelSize = 1, strides = 2, padding = "
                    + "Padding.SAME) Layer projection();", FLATTEN, OUTPUT))).succeededWithoutWarnings();
        }

        @Test
        void samePaddingKeepsEveryPixel() {
            assertThat(compile(net(SPARSE, CONV1,
                    "@MaxPooling2D(poolSize = 2, padding = Padding.SAME) Layer pool1();",
                    "@Conv2D(filters = 8, kernelSize = 3) Layer conv2();",
                    "@MaxPooling2D(poolSize = 2, padding = Padding.SAME) Layer pool2();", FLATTEN, OUTPUT)))
                    .succeededWithoutWarnings();
        }

        @Test
        void buffersMustFitAJavaArray() {
            assertError(net(SPARSE, "@Conv2D(filters = 100000, kernelSize = 150, inputShape = {300, 300, 1}) "
                    + "Layer conv1();", FLATTEN, OUTPUT), "conv1: the kernel (150, 150, 1, 100000) needs "
                    + "2,250,000,000 values, more than a Java array holds (2,147,483,639); use fewer filters or a "
                    + "smaller kernel", "kernelSize = 150");
        }

        @Test
        void theParameterCountMustFitAnInt() {
            assertError(net(SPARSE, "@Dense(units = 40000, inputShape = 40000) Layer a();",
                    "@Dense(units = 40000) Layer b();", OUTPUT), "model Net has 3,200,480,010 parameters, more "
                    + "than an int counts (2,147,483,647); use fewer units or filters", "@Compile");
        }
    }

    /**
     * The sweep of issue 17: numeric annotation values at their extremes (0, negative, MIN and MAX, NaN,
     * ±Infinity) are each a javac error with the rule's message on the value's line, or a documented, working
     * model.
     */
    @Nested
    class ExtremeValues {

        private static final String OPTIMIZER = "@Compile(optimizer = Optimizer.%s, loss = "
                + "Loss.CATEGORICAL_CROSSENTROPY, %s)";

        private static JavaFileObject withCompile(String optimizer, String setting) {
            return net(String.format(OPTIMIZER, optimizer, setting), HIDDEN, OUTPUT);
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0} = {1}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "learningRate | Double.NaN | RMSPROP | @Compile: learningRate must be a number, got NaN; leave learningRate out to use RMSPROP's default",
            "rho | Double.NaN | RMSPROP | @Compile: rho must be a number, got NaN; leave rho out to use RMSPROP's default",
            "momentum | Double.NaN | SGD | @Compile: momentum must be a number, got NaN",
            "beta1 | Double.NaN | ADAM | @Compile: beta1 must be a number, got NaN",
            "beta2 | Double.NaN | ADAM | @Compile: beta2 must be a number, got NaN",
            "epsilon | Double.NaN | ADAM | @Compile: epsilon must be a number, got NaN",
            "weightDecay | Double.NaN | ADAMW | @Compile: weightDecay must be a number, got NaN",
            "learningRate | Double.POSITIVE_INFINITY | RMSPROP | @Compile: learningRate must be positive, got Infinity",
            "learningRate | -Double.MAX_VALUE | RMSPROP | @Compile: learningRate must be positive, got -1.7976931348623157E308",
            "learningRate | 0 | SGD | @Compile: learningRate must be positive, got 0.0",
            "rho | Double.NEGATIVE_INFINITY | RMSPROP | @Compile: rho must be in [0, 1), got -Infinity",
            "rho | 1 | RMSPROP | @Compile: rho must be in [0, 1), got 1.0",
            "beta2 | Double.POSITIVE_INFINITY | ADAM | @Compile: beta2 must be in [0, 1), got Infinity",
            "epsilon | 0 | ADAM | @Compile: epsilon must be positive, got 0.0",
            "epsilon | Double.POSITIVE_INFINITY | ADAM | @Compile: epsilon must be positive, got Infinity",
            "weightDecay | -0.5 | ADAMW | @Compile: weightDecay must be zero or more, got -0.5",
            "weightDecay | Double.POSITIVE_INFINITY | ADAMW | @Compile: weightDecay must be zero or more, got Infinity",
            "labelSmoothing | Double.NaN | RMSPROP | @Compile: labelSmoothing must be in [0, 1], got NaN",
            "labelSmoothing | Double.NEGATIVE_INFINITY | RMSPROP | @Compile: labelSmoothing must be in [0, 1], got -Infinity",
        })
        void compileHyperparameters(String name, String value, String optimizer, String message) {
            assertError(withCompile(optimizer, name + " = " + value), message, name + " = " + value);
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Double.NaN | @Dropout: rate must be in [0, 1), got NaN",
            "Double.POSITIVE_INFINITY | @Dropout: rate must be in [0, 1), got Infinity",
            "-Double.MIN_VALUE | @Dropout: rate must be in [0, 1), got -4.9E-324",
        })
        void dropoutRates(String value, String message) {
            assertError(net(MNIST_COMPILE, HIDDEN, "@Dropout(rate = " + value + ") Layer dropout();", OUTPUT),
                    message, "rate = " + value);
        }

        @Test
        void unitsAtTheirExtremes() {
            assertError(net(MNIST_COMPILE, "@Dense(units = Integer.MIN_VALUE, inputShape = 784) Layer hidden();",
                    OUTPUT), "@Dense units must be positive, got -2147483648", "units = Integer.MIN_VALUE");
            // the example, whose generated constructor used to throw NegativeArraySizeException
            assertError(net(MNIST_COMPILE, "@Dense(units = Integer.MAX_VALUE, inputShape = 1 << 20) "
                    + "Layer hidden();", OUTPUT), "hidden: the kernel (1048576, 2147483647) needs "
                    + "2,251,799,812,636,672 values, more than a Java array holds (2,147,483,639); use fewer units "
                    + "or fewer input features", "units = Integer.MAX_VALUE");
        }

        @Test
        void buffersForABatchOf32MustBeArrays() {
            assertError(net(MNIST_COMPILE, "@Dense(units = 1 << 27, inputShape = 1) Layer hidden();", OUTPUT),
                    "hidden: its output (134217728), 134,217,728 values a sample, needs 4,294,967,296 values for a "
                            + "batch of 32 (Keras's default), more than a Java array holds (2,147,483,639); use "
                            + "fewer units or filters, strides, or pooling", "Layer hidden()");
            assertError(net(MNIST_COMPILE, "@Flatten(inputShape = {Integer.MAX_VALUE, Integer.MAX_VALUE}) "
                    + "Layer flatten();", OUTPUT), "the input (2147483647, 2147483647), 4,611,686,014,132,420,609 "
                    + "values a sample, needs more than 9.2e18 values for a batch of 32", "inputShape =");
        }

        @Test
        void convolutionValuesAtTheirExtremes() {
            String sparse = "@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
            assertError(net(sparse, "@Conv2D(filters = Integer.MAX_VALUE, kernelSize = 3, inputShape = {28, 28, 1}) "
                    + "Layer conv();", "@Flatten Layer flatten();", OUTPUT), "conv: the kernel (3, 3, 1, "
                    + "2147483647) needs 19,327,352,823 values, more than a Java array holds", "kernelSize = 3");
            assertError(net(sparse, "@Conv2D(filters = 8, kernelSize = Integer.MAX_VALUE, inputShape = {28, 28, 1}) "
                    + "Layer conv();", "@Flatten Layer flatten();", OUTPUT), "conv: a 2147483647×2147483647 kernel "
                    + "does not fit the 28×28 input; use padding = SAME", "kernelSize = Integer.MAX_VALUE");
            assertError(net(sparse, "@Conv2D(filters = 8, kernelSize = 3, inputShape = {28, 0, 1}) Layer conv();",
                    "@Flatten Layer flatten();", OUTPUT), "@Conv2D inputShape sizes must be positive, got {28, 0, 1}",
                    "inputShape = {28, 0, 1}");
            assertError(net(sparse, "@Conv2D(filters = 8, kernelSize = 3, strides = Integer.MIN_VALUE, "
                    + "inputShape = {28, 28, 1}) Layer conv();", "@Flatten Layer flatten();", OUTPUT),
                    "@Conv2D strides must be positive, got -2147483648", "strides = Integer.MIN_VALUE");
        }

        /** Strides far larger than the window are legal, with a warning: a working model of one window. */
        @Test
        void hugeStridesWarnAndCompile() {
            String sparse = "@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
            Compilation compilation = compile(net(sparse, "@Conv2D(filters = 8, kernelSize = 3, inputShape = "
                    + "{28, 28, 1}) Layer conv();", "@MaxPooling2D(strides = Integer.MAX_VALUE) Layer pool();",
                    "@Flatten Layer flatten();", OUTPUT));
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining("pool: strides 2147483647 are larger than the 2×2 window");
            assertThat(compilation).hadWarningContaining("never read the last 24 rows and the last 24 columns");
            Compilation same = compile(net(sparse, "@Conv2D(filters = 8, kernelSize = 3, strides = Integer.MAX_VALUE, "
                    + "padding = Padding.SAME, inputShape = {28, 28, 1}) Layer conv();", "@Flatten Layer flatten();",
                    OUTPUT));
            assertThat(same).succeeded();
            assertThat(same).hadWarningContaining("conv: strides 2147483647 are larger than the 3×3 window");
        }
    }
}
