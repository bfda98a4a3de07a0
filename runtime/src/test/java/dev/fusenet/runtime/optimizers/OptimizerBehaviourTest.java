package dev.fusenet.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OptimizerBehaviourTest {

    /** keras.optimizers.RMSprop's docstring: var1 = 10, loss = var1² / 2, one step at 0.1 gives 9.683772. */
    @Test
    void rmspropDocstringExample() {
        assertEquals(9.683772f, minimizeHalfSquareOnce(new RMSprop(0.1), 10f), 1e-6f);
    }

    /** keras.optimizers.SGD's docstring: var = 1, loss = var² / 2, one step at 0.1 gives 0.9. */
    @Test
    void sgdDocstringExample() {
        assertEquals(0.9f, minimizeHalfSquareOnce(new SGD(0.1), 1f), 1e-7f);
    }

    /**
     * tf.keras.optimizers.Nadam's docstring: var1 = 10, loss = var1² / 2, one step at 0.2 prints 9.8 with
     * {@code "{:.1f}"}; by Keras 3's formula the value is 9.787442 (u₁ = 0.468, u₂ = 0.48528).
     */
    @Test
    void nadamDocstringExample() {
        float value = minimizeHalfSquareOnce(new Nadam(0.2), 10f);
        assertEquals("9.8", String.format(java.util.Locale.ROOT, "%.1f", value));
        assertEquals(9.787442f, value, 1e-5f);
    }

    /** A tensor read from a variable keeps its values after the optimizer updates the variable. */
    @Test
    void aValueReadBeforeAnUpdateStaysAsItWas() {
        Variable w = new Variable("w", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        RMSprop optimizer = new RMSprop(0.1);
        for (int step = 0; step < 3; step++) {
            Tensor before = w.value();
            float[] copy = before.toFloatArray();
            Tensor gradient;
            try (GradientTape tape = new GradientTape()) {
                gradient = tape.gradient(w.value().square().sum(), w);
            }
            optimizer.applyGradients(List.of(w), List.of(gradient));
            assertArrayEquals(copy, before.toFloatArray());
            assertArrayEquals(copy, before.toNd4j().data().asFloat());
            assertNotEquals(copy[0], w.value().toFloatArray()[0]);
        }
    }

    private static float minimizeHalfSquareOnce(GradientOptimizer optimizer, float start) {
        Variable var = new Variable("var1", Tensor.scalar(start));
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = var.value().square().div(2);
            optimizer.applyGradients(List.of(var), List.of(tape.gradient(loss, var)));
        }
        assertEquals(0, var.value().rank());
        return var.value().floatValue();
    }

    @Test
    void kerasDefaults() {
        RMSprop rmsprop = new RMSprop();
        assertEquals(0.001, rmsprop.currentLearningRate(), 1e-12);
        assertEquals(0.9, rmsprop.rho(), 1e-7);
        assertEquals(1e-7, rmsprop.epsilon(), 1e-12);
        assertEquals(0.0, rmsprop.momentum());
        assertEquals(0.01, new SGD().currentLearningRate(), 1e-12);
        Adam adam = new Adam();
        assertEquals(0.001, adam.currentLearningRate(), 1e-12);
        assertEquals(0.9, adam.beta1(), 1e-7);
        assertEquals(0.999, adam.beta2(), 1e-7);
        assertEquals(0.004, new AdamW().weightDecay(), 1e-9);
        assertEquals(0.1, new Adagrad().initialAccumulatorValue(), 1e-7);
        assertEquals(0.95, new Adadelta().rho(), 1e-7);
        assertEquals(List.of("velocity"), rmsprop.slotNames());
        assertEquals(List.of("velocity", "momentum", "average_gradient"),
                new RMSprop(s -> s.momentum(0.9).centered(true)).slotNames());
    }

    @Test
    void badHyperparametersAreRefusedWithTheirRange() {
        assertMessage("RMSprop: learningRate must be positive, got -0.001",
                () -> new RMSprop(-0.001));
        assertMessage("RMSprop: rho must be in [0, 1), got 1.5", () -> new RMSprop(s -> s.rho(1.5)));
        assertMessage("RMSprop: epsilon must be positive, got 0.0", () -> new RMSprop(s -> s.epsilon(0)));
        assertMessage("SGD: momentum must be in [0, 1), got -0.1", () -> new SGD(s -> s.momentum(-0.1)));
        assertMessage("Adam: beta1 must be in [0, 1), got 1.0", () -> new Adam(s -> s.beta1(1)));
        assertMessage("Adamax: beta2 must be in [0, 1), got NaN", () -> new Adamax(s -> s.beta2(Double.NaN)));
        assertMessage("AdamW: weightDecay must be zero or more, got -1.0", () -> new AdamW(s -> s.weightDecay(-1)));
        assertMessage("Adagrad: initialAccumulatorValue must be zero or more, got -0.1",
                () -> new Adagrad(s -> s.initialAccumulatorValue(-0.1)));
        assertMessage("ExponentialDecay: decayRate must be positive, got 0.0",
                () -> new ExponentialDecay(0.1, 10, 0));
        assertMessage("CosineDecay: alpha must be in [0, 1], got 2.0", () -> new CosineDecay(0.1, 10, 2));
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    @Test
    void applyGradientsChecksShapesBeforeChangingAnything() {
        Variable a = new Variable("a", Tensor.ones(2));
        Variable b = new Variable("b", Tensor.ones(3));
        SGD sgd = new SGD(0.1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> sgd.applyGradients(List.of(a, b), List.of(Tensor.ones(2), Tensor.ones(2))));
        assertEquals("SGD.applyGradients: the gradient of b is (2) but the variable is (3)", e.getMessage());
        assertEquals(Tensor.ones(2), a.value());
        assertEquals(0, sgd.iterations());
    }

    @Test
    void keepsTheVariablesDtype() {
        Variable weights = new Variable("w", Tensor.of(new double[] {1, 2}));
        new SGD(0.5).applyGradients(List.of(weights), List.of(Tensor.of(new double[] {1, 1})));
        assertEquals(DType.FLOAT64, weights.dtype());
        assertArrayEquals(new double[] {0.5, 1.5}, weights.value().toDoubleArray(), 1e-7);
    }

    @Test
    void kernelCallsMustBeInsideAStep() {
        SGD sgd = new SGD();
        float[] p = {1};
        assertThrows(IllegalStateException.class, () -> sgd.update(p, p, new float[0][], 0, 1));
        sgd.beginStep();
        assertThrows(IllegalStateException.class, sgd::beginStep);
        sgd.endStep();
        assertThrows(IllegalStateException.class, sgd::endStep);
    }

    @Test
    void restoringTheIterationCountRestoresNadamsMomentumProduct() {
        float[] straight = runNadam(6, 0);
        float[] resumed = runNadam(3, 3);
        assertArrayEquals(straight, resumed, 0f);
    }

    /** Runs {@code first} Nadam steps, then {@code second} more on a new optimizer restored from the first. */
    private static float[] runNadam(int first, int second) {
        float[] w = {1f, -1f};
        Nadam optimizer = new Nadam(0.1);
        float[][] slots = optimizer.newSlots(2);
        for (int i = 0; i < first; i++) {
            step(optimizer, w, slots);
        }
        if (second > 0) {
            Nadam restored = new Nadam(0.1);
            restored.setIterations(optimizer.iterations());
            for (int i = 0; i < second; i++) {
                step(restored, w, slots);
            }
        }
        return w;
    }

    private static void step(GradientOptimizer optimizer, float[] w, float[][] slots) {
        float[] g = w.clone();
        optimizer.beginStep();
        optimizer.update(w, g, slots, 0, w.length);
        optimizer.endStep();
    }

    @Test
    void schedulesFollowKerasFormulas() {
        ExponentialDecay exponential = new ExponentialDecay(0.1, 10, 0.5);
        assertEquals(0.1, exponential.at(0), 1e-12);
        assertEquals(0.05, exponential.at(10), 1e-12);
        assertEquals(0.1 * Math.pow(0.5, 0.5), exponential.at(5), 1e-12);
        assertEquals(0.1, new ExponentialDecay(0.1, 10, 0.5, true).at(9), 1e-12);
        PiecewiseConstantDecay piecewise = new PiecewiseConstantDecay(new long[] {100, 200},
                new double[] {1.0, 0.5, 0.1});
        assertEquals(1.0, piecewise.at(100));
        assertEquals(0.5, piecewise.at(101));
        assertEquals(0.5, piecewise.at(200));
        assertEquals(0.1, piecewise.at(201));
        CosineDecay cosine = new CosineDecay(0.1, 100, 0.1);
        assertEquals(0.1, cosine.at(0), 1e-12);
        assertEquals(0.1 * (0.9 * 0.5 + 0.1), cosine.at(50), 1e-12);
        assertEquals(0.01, cosine.at(100), 1e-12);
        assertEquals(0.01, cosine.at(1000), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {10}, new double[] {1.0}));
    }

    @Test
    void theScheduleIsReadAtTheIterationCountBeforeEachUpdate() {
        SGD sgd = new SGD(s -> s.learningRate(new PiecewiseConstantDecay(new long[] {0}, new double[] {1.0, 0.5})));
        float[] p = {0f};
        float[] g = {1f};
        sgd.beginStep();
        sgd.update(p, g, sgd.newSlots(1), 0, 1);
        sgd.endStep();
        assertEquals(-1f, p[0]);
        assertEquals(0.5, sgd.currentLearningRate());
    }

    @Test
    void everyOptimizerConstantHasAnImplementationNamedAsKeras() {
        for (dev.fusenet.annotations.Optimizer kind : dev.fusenet.annotations.Optimizer.values()) {
            GradientOptimizer optimizer = Optimizers.withDefaults(kind);
            assertEquals(kind.kerasName(), optimizer.name().toLowerCase(java.util.Locale.ROOT));
            assertEquals(0.25, Optimizers.withLearningRate(kind, 0.25).currentLearningRate(), 1e-12);
        }
    }
}
