package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.Verbosity;
import dev.fusenet.runtime.dsl.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch normalisation as Keras documents it: training normalises with the batch's mean and biased variance and
 * moves the statistics by {@code moving = moving · momentum + batch · (1 - momentum)}; inference (predict,
 * evaluate) uses the moving statistics; the statistics are weights but not trainable ones.
 */
class NormalizationLayerTest {

    private static final int FEATURES = 3;

    /** Normalises the input itself, so the batch's statistics are the data's and a float64 replay can check them. */
    private static Sequential normalisedInput(Optimizer optimizer, double momentum) {
        return Sequential.build(m -> {
            m.batchNormalization(n -> n.inputShape(FEATURES).momentum(momentum).name("norm"));
            m.dense(2, d -> d.name("out"));
            m.compile(c -> c.optimizer(optimizer).loss(Loss.MEAN_SQUARED_ERROR));
        });
    }

    private static Tensor features(int rows) {
        float[] values = new float[rows * FEATURES];
        for (int i = 0; i < values.length; i++) {
            // each feature its own mean and spread, so a swapped channel would show
            int feature = i % FEATURES;
            values[i] = (float) (Math.sin(i * 0.77) * (feature + 1) + feature * 3 - 2);
        }
        return Tensor.of(values, rows, FEATURES);
    }

    private static Tensor targets(int rows) {
        float[] values = new float[rows * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.cos(i * 0.31);
        }
        return Tensor.of(values, rows, 2);
    }

    @Test
    void theWeightsAreGammaBetaAndTheMovingStatisticsInKerasOrder() {
        Sequential model = normalisedInput(Optimizer.SGD, 0.99);
        var weights = model.layers().get(0).weights();
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
                weights.stream().map(w -> w.name()).toList());
        assertEquals(List.of(true, true, false, false), weights.stream().map(w -> w.trainable()).toList());
        List<Tensor> values = model.getWeights();
        assertArrayEquals(new float[] {1, 1, 1}, values.get(0).toFloatArray(), "gamma starts at ones");
        assertArrayEquals(new float[] {0, 0, 0}, values.get(1).toFloatArray(), "beta starts at zeros");
        assertArrayEquals(new float[] {0, 0, 0}, values.get(2).toFloatArray(), "moving mean starts at zeros");
        assertArrayEquals(new float[] {1, 1, 1}, values.get(3).toFloatArray(), "moving variance starts at ones");
        String summary = model.summary();
        assertTrue(summary.contains("Non-trainable params: 6 "), summary);
        assertTrue(summary.contains("Trainable params: 14 "), summary);
    }

    @Test
    void withoutCenterOrScaleTheLayerHasNoBetaOrGamma() {
        Sequential model = Sequential.build(m -> {
            m.batchNormalization(n -> n.inputShape(FEATURES).center(false));
            m.batchNormalization(n -> n.scale(false));
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of("gamma", "moving_mean", "moving_variance"),
                model.layers().get(0).weights().stream().map(w -> w.name()).toList());
        assertEquals(List.of("beta", "moving_mean", "moving_variance"),
                model.layers().get(1).weights().stream().map(w -> w.name()).toList());
    }

    /**
     * Trained with Adam for two epochs of four unshuffled batches, the moving statistics are exactly the
     * momentum rule replayed in float64 over the batches' own means and biased variances: the optimizer never
     * touched them, and its slots exist for the trainable weights only.
     */
    @Test
    void theMovingStatisticsFollowKerasMomentumRuleAndNotTheOptimizer() {
        int rows = 32;
        int batch = 8;
        double momentum = 0.9;
        Sequential model = normalisedInput(Optimizer.ADAM, momentum);
        Tensor x = features(rows);
        model.fit(x, targets(rows), o -> o.epochs(2).batchSize(batch).shuffle(false).verbosity(Verbosity.SILENT));

        float[] data = x.toFloatArray();
        double[] mean = new double[FEATURES];
        double[] variance = {1, 1, 1};
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int start = 0; start < rows; start += batch) {
                for (int f = 0; f < FEATURES; f++) {
                    double sum = 0;
                    for (int r = start; r < start + batch; r++) {
                        sum += data[r * FEATURES + f];
                    }
                    double batchMean = sum / batch;
                    double squares = 0;
                    for (int r = start; r < start + batch; r++) {
                        double d = data[r * FEATURES + f] - batchMean;
                        squares += d * d;
                    }
                    mean[f] = mean[f] * momentum + batchMean * (1 - momentum);
                    variance[f] = variance[f] * momentum + squares / batch * (1 - momentum);
                }
            }
        }
        List<Tensor> weights = model.getWeights();
        float[] movingMean = weights.get(2).toFloatArray();
        float[] movingVariance = weights.get(3).toFloatArray();
        for (int f = 0; f < FEATURES; f++) {
            assertEquals(mean[f], movingMean[f], 1e-5 * (1 + Math.abs(mean[f])), "moving mean " + f);
            assertEquals(variance[f], movingVariance[f], 1e-5 * (1 + variance[f]), "moving variance " + f);
        }
        // Adam keeps two slots per trainable weight: gamma, beta, the kernel and the bias
        assertEquals(8, model.getOptimizerState().slots().size());
    }

    /** predict and evaluate read the moving statistics, not the batch's: a batch of one is not normalised to 0. */
    @Test
    void inferenceUsesTheMovingStatistics() {
        Sequential model = normalisedInput(Optimizer.SGD, 0.99);
        float[] gamma = {2f, 0.5f, 1f};
        float[] beta = {0.1f, -0.2f, 0.3f};
        float[] movingMean = {1f, -1f, 4f};
        float[] movingVariance = {0.25f, 4f, 1f};
        float[] kernel = {1, 0, 0, 1, 1, 1};
        float[] bias = {0f, 0.5f};
        model.setWeights(List.of(Tensor.of(gamma, 3), Tensor.of(beta, 3), Tensor.of(movingMean, 3),
                Tensor.of(movingVariance, 3), Tensor.of(kernel, 3, 2), Tensor.of(bias, 2)));
        Tensor x = features(5);
        float[] in = x.toFloatArray();
        float[] out = model.predict(x).toFloatArray();
        double epsilon = 1e-3;
        double[] expected = new double[10];
        for (int r = 0; r < 5; r++) {
            double[] normalised = new double[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                normalised[f] = (in[r * 3 + f] - movingMean[f]) / Math.sqrt(movingVariance[f] + epsilon) * gamma[f]
                        + beta[f];
            }
            expected[r * 2] = normalised[0] + normalised[2];
            expected[r * 2 + 1] = normalised[1] + normalised[2] + 0.5;
            assertEquals(expected[r * 2], out[r * 2], 1e-5, "row " + r + ", output 0");
            assertEquals(expected[r * 2 + 1], out[r * 2 + 1], 1e-5, "row " + r + ", output 1");
        }
        float[] y = targets(5).toFloatArray();
        double loss = 0;
        for (int i = 0; i < 10; i++) {
            loss += (expected[i] - y[i]) * (expected[i] - y[i]);
        }
        Evaluation evaluation = model.evaluate(x, targets(5));
        assertEquals(loss / 10, evaluation.loss(), 1e-5, "evaluate's loss is predict's");
        assertArrayEquals(movingMean, model.getWeights().get(2).toFloatArray(), "inference leaves them alone");
    }

    /** A checkpoint holds the moving statistics: a model loaded from it predicts the same bits. */
    @Test
    void aCheckpointKeepsTheMovingStatistics(@TempDir Path folder) throws IOException {
        Sequential trained = normalisedInput(Optimizer.ADAM, 0.5);
        trained.fit(features(16), targets(16), o -> o.epochs(3).batchSize(4).verbosity(Verbosity.SILENT));
        Path file = folder.resolve("normalised.npz");
        trained.save(file);
        Model loaded = normalisedInput(Optimizer.ADAM, 0.5);
        loaded.load(file);
        List<Tensor> expected = trained.getWeights();
        List<Tensor> actual = loaded.getWeights();
        for (int w = 0; w < expected.size(); w++) {
            assertArrayEquals(expected.get(w).toFloatArray(), actual.get(w).toFloatArray(), "weight " + w);
        }
        assertTrue(expected.get(2).toFloatArray()[0] != 0f, "the moving mean moved");
        Tensor x = Tensor.randomNormal(new long[] {7, FEATURES}, 0, 1, DType.FLOAT32, 4);
        assertArrayEquals(trained.predict(x).toFloatArray(), loaded.predict(x).toFloatArray());
    }

    /**
     * Layer normalisation as Keras documents it: each row on its own, so {1, 2, 3} gives (x - 2) / sqrt(2/3 +
     * 0.001) whatever the other rows hold, in training and at inference alike.
     */
    @Test
    void layerNormalizationNormalisesEachRowOnItsOwn() {
        LayerNormalizationLayer layer = new LayerNormalizationLayer("norm", dev.fusenet.model.Shape.of(3), 1e-3, true,
                true);
        float[] in = {1, 2, 3, 10, 10, 40};
        float[] normalised = new float[6];
        float[] out = new float[6];
        layer.forward(in, normalised, out, layer.inverses(2), 0, 2);
        double deviation = Math.sqrt(2.0 / 3 + 1e-3);
        assertEquals(-1 / deviation, out[0], 1e-6);
        assertEquals(0, out[1], 1e-6);
        assertEquals(1 / deviation, out[2], 1e-6);
        double secondDeviation = Math.sqrt(200 + 1e-3);
        assertEquals(-10 / secondDeviation, out[3], 1e-6);
        assertEquals(20 / secondDeviation, out[5], 1e-6);
        Sequential model = Sequential.build(m -> {
            m.layerNormalization(n -> n.inputShape(FEATURES));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of("gamma", "beta"), model.layers().get(0).weights().stream().map(w -> w.name()).toList());
        assertTrue(model.summary().contains("Non-trainable params: 0 "), model.summary());
        Tensor x = features(6);
        float[] all = model.predict(x).toFloatArray();
        float[] first = model.predict(x.slice(0, 1)).toFloatArray();
        assertArrayEquals(java.util.Arrays.copyOf(all, 2), first, "a row's output does not depend on the batch");
    }
}
