package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fusenet.processor.ValidationRulesTest.assertError;
import static dev.fusenet.processor.ValidationRulesTest.compile;
import static dev.fusenet.processor.ValidationRulesTest.net;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.ModelDefinitionException;
import dev.fusenet.runtime.dsl.Node;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of graph models, one test each: a javac error with the rule's message on the line of the parameter,
 * annotation or method that caused it; and the same message from the runtime DSL's functional builder.
 */
class GraphRulesTest {

    private static final String COMPILE = "@Compile(optimizer = Optimizer.ADAM, loss = "
            + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)";
    private static final String IMAGE = "@Input(shape = {28, 28, 1}) Layer image();";
    private static final String CONV1 = "@Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = "
            + "Activation.RELU) Layer conv1(Layer image);";
    private static final String CONV2 = "@Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = "
            + "Activation.RELU) Layer conv2(Layer conv1);";
    private static final String FLATTEN = "@Flatten Layer flatten(Layer block);";
    private static final String OUTPUT = "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer "
            + "flatten);";

    @Test
    void aResidualBlockCompilesWithoutDiagnostics() {
        Compilation compilation = compile(net(COMPILE, IMAGE, CONV1, CONV2, "@Add Layer block(Layer conv2, Layer conv1);",
                FLATTEN, OUTPUT));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("example.CompiledNet");
    }

    @Test
    void aChainMayMixParametersAndTheLayerBefore() {
        Compilation compilation = compile(net(COMPILE, IMAGE, CONV1, "@MaxPooling2D(poolSize = 2) Layer pool();",
                "@Flatten Layer flat(Layer pool);", "@Dense(units = 10, activation = Activation.SOFTMAX) Layer out();"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Nested
    class Wiring {

        @Test
        void aParameterNamesALayer() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Add Layer block(Layer conv2, Layer convv);", FLATTEN,
                            OUTPUT),
                    "block reads convv, which is no layer of Net; name a layer method declared above block(), or the "
                            + "@Input image", "Layer block(Layer conv2, Layer convv)");
        }

        @Test
        void aParameterNamesALayerDeclaredAbove() {
            assertError(net(COMPILE, IMAGE, "@Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME) Layer "
                            + "conv1(Layer conv2);", CONV2.replace("conv1)", "image)"),
                            "@Add Layer block(Layer conv2, Layer conv1);", FLATTEN, OUTPUT),
                    "conv1 reads conv2, which is declared below it; a layer reads only layers declared above it (the "
                            + "model reads top to bottom), so move conv2() above conv1()", "Layer conv1(Layer conv2)");
        }

        @Test
        void aLayerCannotReadItself() {
            assertError(net(COMPILE, IMAGE, CONV1, "@Add Layer block(Layer block, Layer conv1);", FLATTEN, OUTPUT),
                    "block reads itself; a layer reads layers declared above it, so name one of those",
                    "Layer block(Layer block, Layer conv1)");
        }

        @Test
        void everyLayerButTheOutputIsRead() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Conv2D(filters = 8, kernelSize = 1) Layer unused(Layer "
                            + "conv1);", "@Add Layer block(Layer conv2, Layer conv1);", FLATTEN, OUTPUT),
                    "nothing reads unused: it is not the model's output (the last layer, output) and no later layer "
                            + "names it as a parameter, so it would be computed for nothing and its weights would "
                            + "never train; pass it to a later layer, or remove it", "Layer unused(Layer conv1)");
        }

        @Test
        void aOneInputLayerReadsOneLayer() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Flatten Layer block(Layer conv2, Layer conv1);",
                            "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer block);"),
                    "@Flatten reads one layer, but block() names 2 (conv2, conv1); merge them first with @Add or "
                            + "@Concatenate, and pass the merge to block", "Layer block(Layer conv2, Layer conv1)");
        }

        @Test
        void aMergeReadsTwoOrMoreLayers() {
            assertError(net(COMPILE, IMAGE, CONV1, "@Add Layer block();", FLATTEN, OUTPUT),
                    "@Add merges 2 or more layers, but block() reads only the layer before it; name the layers it "
                            + "merges as its parameters, e.g. `Layer block(Layer a, Layer b)`", "Layer block()");
        }

        @Test
        void subtractReadsExactlyTwoLayers() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Conv2D(filters = 32, kernelSize = 1) Layer conv3(Layer "
                            + "conv2);", "@Subtract Layer block(Layer conv3, Layer conv2, Layer conv1);", FLATTEN,
                            OUTPUT),
                    "@Subtract merges exactly 2 layers, but block() reads 3 (conv3, conv2, conv1)",
                    "Layer block(Layer conv3, Layer conv2, Layer conv1)");
        }

        @Test
        void parametersAreLayers() {
            assertError(net(COMPILE, IMAGE, CONV1, "@Add Layer block(Layer conv1, String image);", FLATTEN, OUTPUT),
                    "parameter image of layer method block() is a java.lang.String, but a layer method's parameters "
                            + "name the layers it reads", "Layer block(Layer conv1, String image)");
        }
    }

    @Nested
    class Shapes {

        @Test
        void mergedShapesAgree() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@MaxPooling2D(poolSize = 2) Layer pool(Layer conv2);",
                            "@Add Layer block(Layer conv2, Layer pool);", FLATTEN, OUTPUT),
                    "@Add inputs must have one shape: conv2 is (28, 28, 32), pool is (14, 14, 32)", "@Add");
        }

        @Test
        void concatenateAgreesOffTheAxis() {
            assertError(net(COMPILE, IMAGE, CONV1, "@MaxPooling2D(poolSize = 2) Layer pool(Layer conv1);",
                            "@Concatenate Layer block(Layer conv1, Layer pool);", FLATTEN, OUTPUT),
                    "@Concatenate inputs must agree in every size but axis -1's: conv1 is (28, 28, 32), pool is "
                            + "(14, 14, 32)", "@Concatenate");
        }

        @Test
        void concatenateAlongAnAxisInRange() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Concatenate(axis = 4) Layer block(Layer conv1, Layer "
                            + "conv2);", FLATTEN, OUTPUT),
                    "@Concatenate axis 4 is out of range for inputs shaped (28, 28, 32) (and the batch): use 1 to 3, "
                            + "or -3 to -1", "axis = 4");
        }

        @Test
        void concatenateNotAlongTheBatch() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Concatenate(axis = 0) Layer block(Layer conv1, Layer "
                            + "conv2);", FLATTEN, OUTPUT),
                    "@Concatenate axis 0 is the batch, which a model cannot join along", "axis = 0");
        }

        @Test
        void concatenatedRanksAgree() {
            assertError(net(COMPILE, IMAGE, CONV1, "@Flatten Layer flat(Layer conv1);",
                            "@Concatenate Layer block(Layer conv1, Layer flat);", FLATTEN, OUTPUT),
                    "@Concatenate inputs must have one rank: conv1 is (28, 28, 32), flat is (25088)", "@Concatenate");
        }

        @Test
        void chainRulesHoldOnEachNodeWithTheLayerItReads() {
            assertError(net(COMPILE, IMAGE, CONV1, CONV2, "@Add Layer block(Layer conv2, Layer conv1);",
                            "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer block);"),
                    "output: @Dense takes flat inputs, but block gives the (28, 28, 32) feature map; put a @Flatten "
                            + "layer before it", "@Dense");
        }

        @Test
        void aKernelFitsTheMergedInput() {
            assertError(net(COMPILE, "@Input(shape = {4, 4, 2}) Layer image();",
                            "@Conv2D(filters = 2, kernelSize = 1) Layer conv1(Layer image);",
                            "@Add Layer block(Layer conv1, Layer image);",
                            "@Conv2D(filters = 2, kernelSize = 5) Layer big(Layer block);",
                            "@Flatten Layer flatten(Layer big);", OUTPUT),
                    "big: a 5×5 kernel does not fit the 4×4 input from block; use padding = SAME", "kernelSize = 5");
        }
    }

    @Nested
    class Input {

        @Test
        void theInputTakesNoParameters() {
            assertError(net(COMPILE, "@Input(shape = {28, 28, 1}) Layer image(Layer other);", CONV1, CONV2,
                            "@Add Layer block(Layer conv2, Layer conv1);", FLATTEN, OUTPUT),
                    "@Input method image must take no parameters: the input reads nothing; write `Layer image();`",
                    "Layer image(Layer other)");
        }

        @Test
        void theInputComesFirst() {
            assertError(net(COMPILE, "@Dense(units = 4, inputShape = 4) Layer first();", IMAGE,
                            "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer first);"),
                    "@Input image() is declared after layers; the model reads top to bottom, so declare the input "
                            + "first", "@Input");
        }

        @Test
        void oneInput() {
            assertError(net(COMPILE, IMAGE, "@Input(shape = {28, 28, 1}) Layer other();", CONV1, CONV2,
                            "@Add Layer block(Layer conv2, Layer conv1);", FLATTEN, OUTPUT),
                    "@Input other() is the model's second input; fusenet models take one input for now", "Layer other()");
        }

        @Test
        void theInputIsNotALayer() {
            assertError(net(COMPILE, "@Input(shape = 4) @Dense(units = 4) Layer image();",
                            "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer image);"),
                    "@Input image() also carries a layer annotation; the input is a method of its own", "@Input");
        }

        @Test
        void inputShapeIsTheChainsShortForm() {
            assertError(net(COMPILE, IMAGE, "@Conv2D(filters = 32, kernelSize = 3, inputShape = {28, 28, 1}) Layer "
                            + "conv1(Layer image);", "@Flatten Layer flatten(Layer conv1);", OUTPUT),
                    "inputShape is the short form of @Input for a chain, but Net declares @Input image; remove "
                            + "inputShape from conv1()", "inputShape = {28, 28, 1}");
        }

        @Test
        void inputSizesArePositive() {
            assertError(net(COMPILE, "@Input(shape = {28, 0, 1}) Layer image();", CONV1, "@Flatten Layer "
                            + "flatten(Layer conv1);", OUTPUT),
                    "@Input shape sizes must be positive, got {28, 0, 1}", "shape = {28, 0, 1}");
        }

        @Test
        void theInputNameIsFree() {
            assertError(net(COMPILE, "@Input(shape = 4) Layer summary();",
                            "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output(Layer summary);"),
                    "the input cannot be named summary(): the compiled model already has a method summary() of its "
                            + "own", "Layer summary()");
        }
    }

    @Nested
    class StandaloneActivations {

        @Test
        void reluAfterTheSumCompilesWithoutDiagnostics() {
            Compilation compilation = compile(net(COMPILE, IMAGE, CONV1, CONV2.replace("activation = Activation.RELU",
                    "activation = Activation.LINEAR"), "@Add Layer sum(Layer conv2, Layer conv1);",
                    "@ActivationLayer(Activation.RELU) Layer block(Layer sum);", FLATTEN, OUTPUT));
            assertThat(compilation).succeededWithoutWarnings();
        }

        @Test
        void aLinearActivationLayerDoesNothing() {
            JavaFileObject source = net(COMPILE, IMAGE, CONV1, CONV2, "@Add Layer sum(Layer conv2, Layer conv1);",
                    "@ActivationLayer(Activation.LINEAR) Layer block(Layer sum);", FLATTEN, OUTPUT);
            Compilation compilation = compile(source);
            assertThat(compilation).succeeded();
            assertThat(compilation).hadWarningContaining("block: @ActivationLayer(Activation.LINEAR) passes its input "
                    + "through unchanged, so remove it").inFile(source).onLineContaining("Activation.LINEAR");
        }

        @Test
        void theOutputIsStillADenseLayer() {
            assertError(net(COMPILE, IMAGE, CONV1, "@Flatten Layer flatten(Layer conv1);",
                            "@Dense(units = 10) Layer logits(Layer flatten);",
                            "@ActivationLayer(Activation.SOFTMAX) Layer output(Layer logits);"),
                    "the last layer must be @Dense", "Layer output(Layer logits)");
        }
    }

    @Nested
    class TheDslSaysTheSame {

        private String problems(java.util.function.Consumer<dev.fusenet.runtime.dsl.FunctionalBuilder> block) {
            return assertThrows(ModelDefinitionException.class, () -> Functional.build(g -> {
                block.accept(g);
                g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
            })).getMessage();
        }

        @Test
        void mergedShapesAgree() {
            String message = problems(g -> {
                Node image = g.input("image", 28, 28, 1);
                Node conv2 = g.conv2d(image, 32, 3, c -> c.padding(Padding.SAME).name("conv2"));
                Node pool = g.maxPooling2d(conv2, 2, p -> p.name("pool"));
                Node block = g.add("block", conv2, pool);
                g.dense(g.flatten(block), 10, d -> d.activation(Activation.SOFTMAX));
            });
            assertTrue(message.contains("layer 3 (block): error: @Add inputs must have one shape: conv2 is "
                    + "(28, 28, 32), pool is (14, 14, 32)"), message);
        }

        @Test
        void everyLayerButTheOutputIsRead() {
            String message = problems(g -> {
                Node image = g.input("image", 6);
                Node used = g.dense(image, 4, d -> d.name("used"));
                g.dense(image, 4, d -> d.name("unused"));
                g.dense(used, 10, d -> d.activation(Activation.SOFTMAX).name("output"));
            });
            assertTrue(message.contains("layer 2 (unused): error: nothing reads unused: it is not the model's output "
                    + "(the last layer, output)"), message);
        }

        @Test
        void aLayerReadsEachLayerOnce() {
            // In an interface javac itself refuses two parameters of one name; a DSL model gets the rule's message.
            String message = problems(g -> {
                Node image = g.input("image", 6);
                Node a = g.dense(image, 4, d -> d.name("a"));
                g.dense(g.add("twice", a, a), 10, d -> d.activation(Activation.SOFTMAX));
            });
            assertTrue(message.contains("layer 2 (twice), input 2: error: twice reads a twice; a layer reads each "
                    + "layer once"), message);
        }

        @Test
        void theOutputIsDeclaredLast() {
            String message = problems(g -> {
                Node image = g.input("image", 6);
                Node out = g.dense(image, 10, d -> d.activation(Activation.SOFTMAX).name("out"));
                g.dense(out, 4, d -> d.name("later"));
                g.output(out);
            });
            assertTrue(message.contains("the output is out, but later is declared after it; declare the output "
                    + "layer last"), message);
        }

        @Test
        void aNodeOfAnotherBlockIsRefused() {
            Node[] foreign = new Node[1];
            Functional.build(g -> {
                foreign[0] = g.input(6);
                g.dense(foreign[0], 2, d -> d.activation(Activation.SOFTMAX));
                g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
            });
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Functional.build(
                    g -> g.dense(foreign[0], 2)));
            assertTrue(error.getMessage().contains("belongs to another model's block"), error.getMessage());
        }
    }
}
