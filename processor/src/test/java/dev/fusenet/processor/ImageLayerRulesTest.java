package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fusenet.processor.ValidationRulesTest.assertError;
import static dev.fusenet.processor.ValidationRulesTest.compile;
import static dev.fusenet.processor.ValidationRulesTest.net;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.dsl.ModelDefinitionException;
import dev.fusenet.runtime.dsl.Sequential;
import org.junit.jupiter.api.Test;

/**
 * The rules and shapes of the weightless image layers (global pooling, rescaling, padding, up-sampling), as javac
 * diagnostics and in the DSL.
 */
class ImageLayerRulesTest {

    private static final String COMPILE = "@Compile(optimizer = Optimizer.ADAM, loss = "
            + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
    private static final String CONV = "@Conv2D(filters = 8, kernelSize = 3, inputShape = {12, 12, 1}) Layer conv();";
    private static final String OUTPUT = "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output();";

    @Test
    void aConvnetWithAGlobalAverageHeadCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@GlobalAveragePooling2D Layer pool();", OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void keepdimsKeepsTheSpatialAxesSoADenseNeedsAFlattenAfterIt() {
        assertError(net(COMPILE, CONV, "@GlobalMaxPooling2D(keepdims = true) Layer pool();", OUTPUT),
                "output: @Dense takes flat inputs, but pool gives the (1, 1, 8) feature map; put a @Flatten layer "
                        + "before it", "Layer output()");
        assertThat(compile(net(COMPILE, CONV, "@GlobalMaxPooling2D(keepdims = true) Layer pool();",
                "@Flatten Layer flat();", OUTPUT))).succeededWithoutWarnings();
    }

    @Test
    void itPoolsFeatureMapsNotFlatValues() {
        assertError(net(COMPILE, CONV, "@Flatten Layer flat();", "@GlobalAveragePooling2D Layer pool();", OUTPUT),
                "pool: @GlobalAveragePooling2D needs a (height, width, channels) input, but flat gives (800)",
                "@GlobalAveragePooling2D");
    }

    @Test
    void theDslGivesChannelsAndTheSameMessage() {
        Sequential model = Sequential.build(m -> {
            m.conv2d(8, 3, c -> c.inputShape(12, 12, 1));
            m.globalAveragePooling2d();
            m.dense(10);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertTrue(model.summary().contains("│ (None, 8)  "), model.summary());
        assertEquals(8 * 10 + 10 + 9 * 8 + 8, model.getWeights().stream().mapToLong(t -> t.size()).sum());
        String message = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(4, d -> d.inputShape(6).name("hidden"));
            m.globalMaxPooling2d(p -> p.name("pool"));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        })).getMessage();
        assertTrue(message.contains("pool: @GlobalMaxPooling2D needs a (height, width, channels) input, but hidden "
                + "gives (4)"), message);
    }

    @Test
    void theBooksRescalingCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, "@Rescaling(scale = 1.0 / 255, inputShape = {12, 12, 1}) Layer pixels();",
                CONV.replace(", inputShape = {12, 12, 1}", ""), "@GlobalAveragePooling2D Layer pool();", OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void aRescalingScaleIsAFiniteNumber() {
        assertError(net(COMPILE, "@Rescaling(scale = 1.0 / 0, inputShape = {12, 12, 1}) Layer pixels();",
                        CONV.replace(", inputShape = {12, 12, 1}", ""), "@Flatten Layer flat();", OUTPUT),
                "@Rescaling: scale must be a finite number, got Infinity", "scale = 1.0 / 0");
    }

    @Test
    void aRescalingThatChangesNothingDrawsAWarning() {
        var source = net(COMPILE, "@Rescaling(scale = 1, inputShape = {12, 12, 1}) Layer pixels();",
                CONV.replace(", inputShape = {12, 12, 1}", ""), "@Flatten Layer flat();", OUTPUT);
        var compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("pixels: @Rescaling(scale = 1) with no offset passes its input "
                + "through unchanged, so remove it").inFile(source).onLineContaining("scale = 1,");
    }
}
