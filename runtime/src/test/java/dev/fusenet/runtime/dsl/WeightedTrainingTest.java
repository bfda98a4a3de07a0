package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.Verbosity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's sample and class weights, against values computed by hand. The model: one softmax layer whose kernel
 * is zero and whose bias is [0, ln 3], so every sample is predicted [0.25, 0.75].
 */
class WeightedTrainingTest {

    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    /** Sample 0 is class 0 (loss −ln 0.25), sample 1 class 1 (loss −ln 0.75). */
    private static final Tensor Y = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);

    private static Sequential model(Optimizer optimizer) {
        Sequential model = Sequential.build(m -> {
            m.dense(2, d -> d.activation(Activation.SOFTMAX).inputShape(2));
            m.compile(c -> c.optimizer(optimizer).learningRate(0.1).loss(Loss.CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY));
        });
        model.setWeights(List.of(Tensor.zeros(2, 2), Tensor.of(new float[] {0f, (float) Math.log(3)}, 2)));
        return model;
    }

    @Test
    void evaluateWeighsEachSamplesLossAndKeepsTheMeanOverSamples() {
        Evaluation weighted = model(Optimizer.SGD).evaluate(X, Y, Tensor.of(new float[] {2, 1}, 2));
        double expected = (2 * -Math.log(0.25) + 1 * -Math.log(0.75)) / 2;   // 1.530135...
        assertEquals(expected, weighted.loss(), 1e-6);
        assertEquals(0.5, weighted.metric("accuracy"), 0, "metrics are not weighted, as Keras's metrics");
        Evaluation plain = model(Optimizer.SGD).evaluate(X, Y);
        assertEquals((-Math.log(0.25) - Math.log(0.75)) / 2, plain.loss(), 1e-6);
    }

    @Test
    void weightedMetricsCountEachSampleItsWeight() {
        Sequential model = Sequential.build(m -> {
            m.dense(2, d -> d.activation(Activation.SOFTMAX).inputShape(2));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY).weightedMetrics(Metric.ACCURACY, Metric.PRECISION));
        });
        model.setWeights(List.of(Tensor.zeros(2, 2), Tensor.of(new float[] {0f, (float) Math.log(3)}, 2)));
        // Both samples are predicted class 1: sample 0 (class 0, weight 2) wrong, sample 1 (weight 1) right.
        Evaluation result = model.evaluate(X, Y, Tensor.of(new float[] {2, 1}, 2));
        assertEquals(0.5, result.metric("accuracy"), 1e-12);
        assertEquals(1.0 / 3, result.metric("weighted_accuracy"), 1e-12, "a clash with a metric: weighted_ prefix");
        // precision over the one-hot values > 0.5: predicted positives are column 1 of both rows; one is right,
        // weighted 1 against 2 + 1.
        assertEquals(1.0 / 3, result.metric("precision"), 1e-12, "no clash: Keras's own name");
        Evaluation unweighted = model.evaluate(X, Y);
        assertEquals(0.5, unweighted.metric("weighted_accuracy"), 1e-12, "no sample weights: plain counts");
        var history = model.fit(X, Y, o -> o.epochs(1).batchSize(2).shuffle(false).verbosity(Verbosity.SILENT)
                .classWeight(Map.of(0, 2.0)));
        assertEquals(1.0 / 3, history.last("weighted_accuracy"), 1e-12, "class weights weigh them in fit");
        assertEquals(0.5, history.last("accuracy"), 1e-12);
    }

    @Test
    void oneWeightedSgdStepMovesTheBiasAsComputedByHand() {
        Sequential model = model(Optimizer.SGD);
        model.fit(X, Y, o -> o.epochs(1).batchSize(2).shuffle(false).verbosity(Verbosity.SILENT)
                .sampleWeight(Tensor.of(new float[] {2, 1}, 2)));
        // dLoss/dbias = Σ w·(p − y) / n = (2·[−0.75, 0.75] + 1·[0.25, −0.25]) / 2 = [−0.625, 0.625]
        float[] bias = model.getWeights().get(1).toFloatArray();
        assertEquals(0.0625, bias[0], 1e-6);
        assertEquals(Math.log(3) - 0.0625, bias[1], 1e-6);
        // dLoss/dkernel = xᵀ · (w·(p − y)) / n: rows x0 = [1, 2] (weight 2), x1 = [3, 4]
        float[] kernel = model.getWeights().get(0).toFloatArray();
        double[] expected = {
            -0.1 * (1 * 2 * -0.75 + 3 * 0.25) / 2, -0.1 * (1 * 2 * 0.75 + 3 * -0.25) / 2,
            -0.1 * (2 * 2 * -0.75 + 4 * 0.25) / 2, -0.1 * (2 * 2 * 0.75 + 4 * -0.25) / 2};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], kernel[i], 1e-6, "kernel " + i);
        }
    }

    @Test
    void classWeightIsSampleWeightByClass() {
        Sequential byClass = model(Optimizer.ADAM);
        byClass.fit(X, Y, o -> o.epochs(3).batchSize(1).verbosity(Verbosity.SILENT).classWeight(Map.of(0, 2.0)));
        Sequential bySample = model(Optimizer.ADAM);
        bySample.fit(X, Y, o -> o.epochs(3).batchSize(1).verbosity(Verbosity.SILENT)
                .sampleWeight(Tensor.of(new float[] {2, 1}, 2)));
        assertArrayEquals(bySample.getWeights().get(0).toFloatArray(), byClass.getWeights().get(0).toFloatArray());
        assertArrayEquals(bySample.getWeights().get(1).toFloatArray(), byClass.getWeights().get(1).toFloatArray());
    }

    @Test
    void doublingEveryWeightUnderSgdIsDoublingTheLearningRate() {
        Sequential doubled = model(Optimizer.SGD);
        doubled.fit(X, Y, o -> o.epochs(2).batchSize(1).verbosity(Verbosity.SILENT)
                .sampleWeight(Tensor.of(new float[] {2, 2}, 2)));
        Sequential faster = model(Optimizer.SGD);
        faster.optimizer().setLearningRate(0.2);
        faster.fit(X, Y, o -> o.epochs(2).batchSize(1).verbosity(Verbosity.SILENT));
        assertArrayEquals(faster.getWeights().get(0).toFloatArray(), doubled.getWeights().get(0).toFloatArray());
    }

    @Test
    void badWeightsAreRefusedWithTheirPlace() {
        Sequential model = model(Optimizer.SGD);
        assertEquals("fit: sampleWeight must hold one weight per sample, shaped (2), got (3)",
                assertThrows(IllegalArgumentException.class, () -> model.fit(X, Y, o -> o.sampleWeight(
                        Tensor.of(new float[] {1, 1, 1}, 3)))).getMessage());
        assertEquals("evaluate: sample weight NaN of sample 1 is not a finite number of zero or more",
                assertThrows(IllegalArgumentException.class, () -> model.evaluate(X, Y,
                        Tensor.of(new float[] {1, Float.NaN}, 2))).getMessage());
        assertEquals("fit: classWeight names class 5, but the model has classes 0 to 1",
                assertThrows(IllegalArgumentException.class, () -> model.fit(X, Y, o -> o.classWeight(
                        Map.of(5, 2.0)))).getMessage());
    }
}
