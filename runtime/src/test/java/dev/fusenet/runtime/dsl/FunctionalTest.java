package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import org.junit.jupiter.api.Test;

/** The functional builder: a graph model's summary, its interface, and training, as a Keras user expects them. */
class FunctionalTest {

    static Functional residual() {
        return Functional.build(g -> {
            g.name("residual_net");
            Node image = g.input("image", 8, 8, 1);
            Node conv1 = g.conv2d(image, 4, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).name("conv1"));
            Node conv2 = g.conv2d(conv1, 4, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).name("conv2"));
            Node block = g.add("block1", conv2, conv1);
            Node pool = g.maxPooling2d(block, 2, p -> p.name("pool"));
            Node narrow = g.conv2d(pool, 2, 1, c -> c.name("narrow"));
            Node wide = g.conv2d(pool, 2, 3, c -> c.padding(Padding.SAME).name("wide"));
            Node branches = g.concatenate("branches", -1, narrow, wide);
            Node flatten = g.flatten(branches, f -> f.name("flatten"));
            g.dense(flatten, 3, d -> d.activation(Activation.SOFTMAX).name("output"));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY));
        });
    }

    @Test
    void theSummaryShowsTheInputAndWhatEachLayerIsConnectedTo() {
        String summary = residual().summary();
        assertTrue(summary.contains("┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃ "
                + "Connected to             ┃"), summary);
        assertTrue(summary.contains("│ image (InputLayer)              │ (None, 8, 8, 1)        │             0 │ "
                + "-                        │"), summary);
        assertTrue(summary.contains("│ block1 (Add)                    │ (None, 8, 8, 4)        │             0 │ "
                + "conv2[0][0],             │\n│                                 │                        │      "
                + "         │ conv1[0][0]              │"), summary);
        assertTrue(summary.contains("│ branches (Concatenate)          │ (None, 4, 4, 4)        │             0 │ "
                + "narrow[0][0],"), summary);
        assertTrue(summary.contains(" Total params: 467 (1.82 KB)"), summary);
    }

    @Test
    void javaSourceWritesTheGraphsInterface() {
        String source = residual().javaSource("com.example");
        assertTrue(source.contains("""
                    @Input(shape = {8, 8, 1})
                    Layer image();

                    @Conv2D(filters = 4, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
                    Layer conv1(Layer image);
                """), source);
        assertTrue(source.contains("""
                    @Add
                    Layer block1(Layer conv2, Layer conv1);
                """), source);
        assertTrue(source.contains("""
                    @Concatenate
                    Layer branches(Layer narrow, Layer wide);
                """), source);
        assertTrue(source.contains("written by the runtime DSL (Functional.javaSource)"), source);
        assertTrue(source.contains("public interface ResidualNet {"), source);
    }

    @Test
    void aGraphTrainsAndItsLossFalls() {
        Functional model = residual();
        Tensor x = Tensor.randomNormal(new long[] {64, 8, 8, 1}, 0, 1, DType.FLOAT32, 3);
        // a learnable rule: the class is which third of the image holds the largest pixel sum
        float[] pixels = x.toFloatArray();
        float[] labels = new float[64];
        for (int n = 0; n < 64; n++) {
            double[] sums = new double[3];
            for (int p = 0; p < 64; p++) {
                sums[Math.min(2, (p / 8) / 3)] += pixels[n * 64 + p];
            }
            labels[n] = sums[0] > sums[1] ? (sums[0] > sums[2] ? 0 : 2) : (sums[1] > sums[2] ? 1 : 2);
        }
        History history = model.fit(x, Tensor.of(labels, 64), o -> o.epochs(20).batchSize(16)
                .verbosity(Verbosity.SILENT));
        assertTrue(history.last("loss") < history.get("loss").get(0) * 0.8, "loss " + history.get("loss"));
    }

    @Test
    void aGraphIsNotASequential() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(residual().spec(), 1));
        assertEquals("model residual_net is a graph, not a chain of layers; build it with Functional.of",
                error.getMessage());
        assertEquals(residual().getWeights().size(), Functional.of(residual().spec(), 42).getWeights().size());
    }

    @Test
    void aMissingInputIsOneClearMistake() {
        ModelDefinitionException error = assertThrows(ModelDefinitionException.class, () -> Functional.build(g -> {
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.MEAN_SQUARED_ERROR));
        }));
        assertTrue(error.getMessage().contains("the model has no input; start the block with Node x = "
                + "g.input(28, 28, 1)"), error.getMessage());
    }
}
