package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fusenet.processor.ValidationRulesTest.assertError;
import static dev.fusenet.processor.ValidationRulesTest.compile;
import static dev.fusenet.processor.ValidationRulesTest.net;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.dsl.ModelDefinitionException;
import dev.fusenet.runtime.dsl.Sequential;
import org.junit.jupiter.api.Test;

/**
 * {@code @BatchNormalization}'s and {@code @LayerNormalization}'s rules, one test each, as javac errors on the
 * annotation and from the DSL.
 */
class NormalizationRulesTest {

    private static final String COMPILE = "@Compile(optimizer = Optimizer.ADAM, loss = "
            + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
    private static final String CONV = "@Conv2D(filters = 8, kernelSize = 3, inputShape = {12, 12, 1}, useBias = false) "
            + "Layer conv();";
    private static final String RELU = "@ActivationLayer(Activation.RELU) Layer relu();";
    private static final String FLATTEN = "@Flatten Layer flatten();";
    private static final String OUTPUT = "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output();";

    @Test
    void convolutionNormalisationReluCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@BatchNormalization Layer norm();", RELU, FLATTEN, OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void momentumIsAFraction() {
        assertError(net(COMPILE, CONV, "@BatchNormalization(momentum = 1.5) Layer norm();", RELU, FLATTEN, OUTPUT),
                "@BatchNormalization: momentum must be in [0, 1], got 1.5", "momentum = 1.5");
    }

    @Test
    void epsilonIsPositive() {
        assertError(net(COMPILE, CONV, "@BatchNormalization(epsilon = 0) Layer norm();", RELU, FLATTEN, OUTPUT),
                "@BatchNormalization: epsilon must be positive, got 0.0", "epsilon = 0");
    }

    @Test
    void theAxisIsTheLastOne() {
        assertError(net(COMPILE, CONV, "@BatchNormalization(axis = 1) Layer norm();", RELU, FLATTEN, OUTPUT),
                "@BatchNormalization axis 1 on conv, (10, 10, 8): fusenet normalises the last axis, the channels or "
                        + "features (-1, or 3)", "axis = 1");
    }

    @Test
    void theLastAxisMayBeCountedFromTheBatch() {
        assertThat(compile(net(COMPILE, CONV, "@BatchNormalization(axis = 3) Layer norm();", RELU, FLATTEN, OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void theDslSaysTheSame() {
        String message = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(4, d -> d.inputShape(6));
            m.batchNormalization(n -> n.momentum(-0.1).name("norm"));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        })).getMessage();
        assertTrue(message.contains("layer 2 (norm), momentum: error: @BatchNormalization: momentum must be in [0, 1], got -0.1"),
                message);
    }

    @Test
    void layerNormalizationAfterAConvolutionCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@LayerNormalization Layer norm();", RELU, FLATTEN, OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void layerNormalizationsEpsilonIsPositive() {
        assertError(net(COMPILE, CONV, "@LayerNormalization(epsilon = -1e-5) Layer norm();", RELU, FLATTEN, OUTPUT),
                "@LayerNormalization: epsilon must be positive, got -1.0E-5", "epsilon = -1e-5");
    }

    @Test
    void layerNormalizationsAxisIsTheLastOne() {
        assertError(net(COMPILE, CONV, "@LayerNormalization(axis = 2) Layer norm();", RELU, FLATTEN, OUTPUT),
                "@LayerNormalization axis 2 on conv, (10, 10, 8): fusenet normalises the last axis, the features or "
                        + "channels (-1, or 3)", "axis = 2");
    }
}
