package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.Shape;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import org.junit.jupiter.api.Test;

/** The activation layer on its own: Keras's formulas over the last axis, and a chain that uses it. */
class ActivationLayerTest {

    @Test
    void softmaxNormalisesEachPositionsChannels() {
        ActivationLayer layer = new ActivationLayer("channels", Activation.SOFTMAX, Shape.of(2, 2, 3));
        float[] in = new float[2 * 12];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i * 1.7) * 3;
        }
        float[] z = new float[in.length];
        float[] a = new float[in.length];
        layer.forward(in, z, a, 0, 2);
        for (int position = 0; position < 8; position++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(in[position * 3 + c]);
            }
            for (int c = 0; c < 3; c++) {
                int i = position * 3 + c;
                assertEquals(Math.exp(in[i]) / sum, a[i], 1e-6, "position " + position + ", channel " + c);
            }
        }
        assertArrayEquals(in, z, "the input itself is left alone; the layer works on its own copy");
    }

    @Test
    void reluBackwardPassesTheGradientWhereTheInputWasPositive() {
        ActivationLayer layer = new ActivationLayer("relu", Activation.RELU, Shape.of(4));
        float[] in = {-1f, 2f, 0f, 3f};
        float[] z = new float[4];
        float[] a = new float[4];
        layer.forward(in, z, a, 0, 1);
        assertArrayEquals(new float[] {0f, 2f, 0f, 3f}, a);
        float[] gradient = {5f, 6f, 7f, 8f};
        float[] inGradient = new float[4];
        layer.backward(z, a, gradient, inGradient, 0, 1);
        assertArrayEquals(new float[] {0f, 6f, 0f, 8f}, inGradient);
    }

    @Test
    void aChainWithAnActivationLayerLearnsAsItsFusedTwin() {
        Sequential separate = Sequential.build(m -> {
            m.dense(8, d -> d.inputShape(4).name("hidden"));
            m.activation(Activation.TANH, a -> a.name("squash"));
            m.dense(3, d -> d.activation(Activation.SOFTMAX).name("out"));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        Sequential fused = Sequential.build(m -> {
            m.dense(8, d -> d.inputShape(4).activation(Activation.TANH).name("hidden"));
            m.dense(3, d -> d.activation(Activation.SOFTMAX).name("out"));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        assertEquals(fused.getWeights().size(), separate.getWeights().size(), "the activation has no weights");
        fused.setWeights(separate.getWeights());
        Tensor x = Tensor.randomNormal(new long[] {12, 4}, 0, 1, DType.FLOAT32, 3);
        float[] labels = new float[12 * 3];
        for (int i = 0; i < 12; i++) {
            labels[i * 3 + i % 3] = 1;
        }
        Tensor y = Tensor.of(labels, 12, 3);
        var separateGradients = separate.computeGradients(x, y);
        var fusedGradients = fused.computeGradients(x, y);
        assertEquals(fusedGradients.loss(), separateGradients.loss(), 1e-6);
        for (int w = 0; w < fusedGradients.values().size(); w++) {
            float[] expected = fusedGradients.values().get(w).toFloatArray();
            float[] actual = separateGradients.values().get(w).toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "weight " + w + "[" + i + "]");
            }
        }
        String summary = separate.summary();
        assertTrue(summary.contains("squash (Activation)"), summary);
        assertTrue(separate.javaSource("example").contains("@ActivationLayer(Activation.TANH)\n    Layer squash();"),
                separate.javaSource("example"));
    }
}
