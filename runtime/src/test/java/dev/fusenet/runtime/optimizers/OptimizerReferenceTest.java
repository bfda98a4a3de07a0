package dev.fusenet.runtime.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ten updates of every optimizer on a fixed problem, against float64 reference values.
 *
 * <p>The problem: loss(w) = Σ c·(w - t)² / 2 with w₀ = [1, -2, 0.5, 3], c = [1, 0.5, 2, 0.1],
 * t = [0.5, 0.5, -1, 2], so the gradient is c·(w - t). The expected values were computed by
 * {@code src/test/resources/reference/optimizers.py}, which writes out each Keras 3 {@code update_step} in numpy
 * float64 independently of this code; run it to regenerate them. fusenet computes in float32, hence the tolerance.
 */
class OptimizerReferenceTest {

    private static final float[] W0 = {1f, -2f, 0.5f, 3f};
    private static final float[] C = {1f, 0.5f, 2f, 0.1f};
    private static final float[] T = {0.5f, 0.5f, -1f, 2f};

    static Stream<Arguments> references() {
        return Stream.of(
                reference("SGD", () -> new SGD(0.1),
                        0.67433922005, -0.996842348096, -0.8389387264, 2.90438207501),
                reference("SGD momentum", () -> new SGD(s -> s.learningRate(0.1).momentum(0.9)),
                        0.2056053056, 1.27730727667, -0.9934001941, 2.62107911247),
                reference("SGD nesterov", () -> new SGD(s -> s.learningRate(0.1).momentum(0.9).nesterov(true)),
                        0.326710914177, 1.15498113346, -0.922958896506, 2.58261111481),
                reference("RMSprop", () -> new RMSprop(0.01),
                        0.838084430024, -1.82875092496, 0.330189851598, 2.8320559909),
                reference("RMSprop momentum", () -> new RMSprop(s -> s.learningRate(0.01).momentum(0.9)),
                        0.378034135248, -1.22796061437, -0.252359124258, 2.27519423742),
                reference("RMSprop centered", () -> new RMSprop(s -> s.learningRate(0.01).centered(true)),
                        0.796935134869, -1.77923627467, 0.281866323351, 2.78533920819),
                reference("RMSprop centered momentum",
                        () -> new RMSprop(s -> s.learningRate(0.01).centered(true).momentum(0.5)),
                        0.664183924316, -1.60392547428, 0.112401788341, 2.62392974957),
                reference("RMSprop exponential decay",
                        () -> new RMSprop(s -> s.learningRate(new ExponentialDecay(0.1, 2, 0.5))),
                        0.529313931596, -1.29240855356, -0.17884052571, 2.36450816878),
                reference("Adam", () -> new Adam(0.1),
                        0.296677829353, -1.01803321775, -0.462046047095, 2.07626417668),
                reference("Adam beta2 0.5", () -> new Adam(s -> s.learningRate(0.1).beta2(0.5)),
                        0.226985749001, -0.935751567425, -0.642697809841, 1.69748346787),
                reference("Adam beta2 0.5 amsgrad",
                        () -> new Adam(s -> s.learningRate(0.1).beta2(0.5).amsgrad(true)),
                        0.352259625178, -1.0212056624, -0.433772655711, 2.12967518901),
                reference("AdamW", () -> new AdamW(s -> s.learningRate(0.1).weightDecay(0.1)),
                        0.284140940656, -0.874447339861, -0.465536483521, 1.87753460797),
                reference("Adagrad", () -> new Adagrad(0.1),
                        0.644334247581, -1.52450763739, 0.0345391636962, 2.76575912653),
                reference("Adadelta", () -> new Adadelta(1.0),
                        0.985539731506, -1.98543149782, 0.485449522851, 2.98547354269),
                reference("Adamax", () -> new Adamax(0.1),
                        0.414872341864, -1.09499772338, -0.343329354916, 2.22879277306),
                reference("Nadam", () -> new Nadam(0.1),
                        0.479220135353, -1.26000699781, -0.210821795089, 2.3305571104));
    }

    private static Arguments reference(String name, Supplier<GradientOptimizer> optimizer, double... expected) {
        return Arguments.of(name, optimizer, expected);
    }

    private static float[] gradient(float[] w) {
        float[] g = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = C[i] * (w[i] - T[i]);
        }
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void fusedKernelMatchesTheFloat64Reference(String name, Supplier<GradientOptimizer> make, double[] expected) {
        GradientOptimizer optimizer = make.get();
        float[] w = W0.clone();
        float[][] slots = optimizer.newSlots(w.length);
        for (int step = 0; step < 10; step++) {
            float[] g = gradient(w);
            optimizer.beginStep();
            optimizer.update(w, g, slots, 0, w.length);
            optimizer.endStep();
        }
        assertEquals(10, optimizer.iterations());
        for (int i = 0; i < w.length; i++) {
            assertEquals(expected[i], w[i], 2e-5 * Math.max(1, Math.abs(expected[i])), name + " element " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void tapePathGivesTheSameParametersAsTheKernel(String name, Supplier<GradientOptimizer> make,
                                                   double[] expected) {
        // The kernel on raw buffers, split into two chunks as generated code stages them.
        GradientOptimizer fused = make.get();
        float[] w = W0.clone();
        float[][] slots = fused.newSlots(w.length);
        // The tape path: two variables (the first two and last two elements), gradients from a GradientTape.
        GradientOptimizer taped = make.get();
        Variable head = new Variable("head", Tensor.of(new float[] {W0[0], W0[1]}));
        Variable tail = new Variable("tail", Tensor.of(new float[] {W0[2], W0[3]}));
        Tensor cHead = Tensor.of(new float[] {C[0], C[1]});
        Tensor cTail = Tensor.of(new float[] {C[2], C[3]});
        Tensor tHead = Tensor.of(new float[] {T[0], T[1]});
        Tensor tTail = Tensor.of(new float[] {T[2], T[3]});
        for (int step = 0; step < 10; step++) {
            float[] g = gradient(w);
            fused.beginStep();
            fused.update(w, g, slots, 0, 2);
            fused.update(w, g, slots, 2, 2);
            fused.endStep();

            List<Tensor> gradients;
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = cHead.mul(head.value().sub(tHead).square()).sum()
                        .add(cTail.mul(tail.value().sub(tTail).square()).sum()).div(2);
                gradients = tape.gradient(loss, List.of(head, tail));
            }
            taped.applyGradients(List.of(head, tail), gradients);
        }
        float[] headValues = head.value().toFloatArray();
        float[] tailValues = tail.value().toFloatArray();
        float[] viaTape = {headValues[0], headValues[1], tailValues[0], tailValues[1]};
        assertArrayEquals(w, viaTape, 1e-6f, name);
        assertEquals(10, taped.iterations());
        assertEquals(fused.slotNames().size(), taped.slotsOf(head).length);
    }
}
