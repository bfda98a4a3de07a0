package dev.fusenet.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.runtime.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Keras's documented metric examples, the streaming property, and accuracy resolution. */
class MetricsTest {

    private static double once(PredictionMetric metric, Tensor yTrue, Tensor yPred) {
        metric.update(yTrue, yPred);
        return metric.result();
    }

    @Test
    void kerasDocumentationExamples() {
        Tensor oneHot = Tensor.of(new float[][] {{0, 0, 1}, {0, 1, 0}});
        Tensor scores = Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0}});
        assertEquals(0.5, once(new CategoricalAccuracy(), oneHot, scores));
        assertEquals(0.5, once(new TopKCategoricalAccuracy(1), oneHot, scores));
        assertEquals(0.5, once(new SparseCategoricalAccuracy(), Tensor.of(new int[] {2, 1}, 2, 1),
                Tensor.of(new float[][] {{0.1f, 0.6f, 0.3f}, {0.05f, 0.95f, 0}})));
        assertEquals(0.75, once(new BinaryAccuracy(), Tensor.of(new float[] {1, 1, 0, 0}, 4, 1),
                Tensor.of(new float[] {0.98f, 1, 0, 0.6f}, 4, 1)));
        Tensor labels = Tensor.of(new float[] {0, 1, 1, 1});
        Tensor predictions = Tensor.of(new float[] {1, 0, 1, 1});
        assertEquals(2.0 / 3, once(new Precision(), labels, predictions), 1e-12);
        assertEquals(2.0 / 3, once(new Recall(), labels, predictions), 1e-12);
    }

    /**
     * keras.metrics.AUC's example with 3 thresholds [-1e-7, 0.5, 1 + 1e-7]: tp = [2, 1, 0], fp = [2, 0, 0],
     * fn = [0, 1, 2], tn = [0, 2, 2]; ROC area 0.75. The PR area by the interpolation formula: between thresholds
     * 0 and 1, slope = 1/3, intercept = 2/3, P ratio 4, so (1/3)(1 + (2/3)·ln 4)/2; between 1 and 2, slope 1,
     * intercept 0, so 1/2. Total 0.820699.
     */
    @Test
    void areaUnderTheCurve() {
        Tensor labels = Tensor.of(new float[] {0, 0, 1, 1});
        Tensor predictions = Tensor.of(new float[] {0, 0.5f, 0.3f, 0.9f});
        assertEquals(0.75, once(new AUC(AUC.Curve.ROC, 3), labels, predictions), 1e-12);
        double pr = (1.0 / 3) * (1 + (2.0 / 3) * Math.log(4)) / 2 + 0.5;
        assertEquals(pr, once(new AUC(AUC.Curve.PR, 3), labels, predictions), 1e-12);
        assertEquals(1.0, once(new AUC(), labels, Tensor.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f})), 1e-12);
    }

    /** keras.metrics.F1Score's example: threshold 0.5 gives [0.5, 0.8, 0.6666667] per class. */
    @Test
    void f1Score() {
        Tensor labels = Tensor.of(new float[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
        Tensor predictions = Tensor.of(new float[][] {{0.2f, 0.6f, 0.7f}, {0.2f, 0.6f, 0.6f}, {0.6f, 0.8f, 0f}});
        F1Score f1 = new F1Score(F1Score.Average.MACRO, 0.5f);
        f1.update(labels, predictions);
        assertArrayEquals(new double[] {0.5, 0.8, 2.0 / 3}, f1.resultPerClass(), 1e-6);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, f1.result(), 1e-6);
    }

    /**
     * keras.metrics.MeanAbsoluteError's and MeanSquaredError's examples: [[0, 1], [0, 0]] against [[1, 1], [0, 0]]
     * gives 0.25, and with sample weights [1, 0] 0.5; a prediction off by 2 tells the two apart.
     */
    @Test
    void regressionMetrics() {
        Tensor labels = Tensor.of(new float[][] {{0, 1}, {0, 0}});
        Tensor predictions = Tensor.of(new float[][] {{1, 1}, {0, 0}});
        assertEquals(0.25, once(new MeanAbsoluteError(), labels, predictions), 1e-12);
        assertEquals(0.25, once(new MeanSquaredError(), labels, predictions), 1e-12);
        for (RegressionMetric metric : List.of(new MeanAbsoluteError(), new MeanSquaredError())) {
            metric.update(labels.toFloatArray(), predictions.toFloatArray(), 2, 2, new float[] {1, 0});
            assertEquals(0.5, metric.result(), 1e-12, metric.name());
        }
        Tensor farOff = Tensor.of(new float[][] {{2, 1}, {0, 0}});
        assertEquals(0.5, once(new MeanAbsoluteError(), labels, farOff), 1e-12);
        assertEquals(1.0, once(new MeanSquaredError(), labels, farOff), 1e-12);
        assertEquals("mean_absolute_error", Metrics.of(Metric.MEAN_ABSOLUTE_ERROR, Loss.MEAN_SQUARED_ERROR, 1).name());
    }

    static Stream<Arguments> streamingMetrics() {
        return Stream.of(
                Arguments.of("categorical_accuracy", (Supplier<PredictionMetric>) CategoricalAccuracy::new, false),
                Arguments.of("sparse_categorical_accuracy",
                        (Supplier<PredictionMetric>) SparseCategoricalAccuracy::new, true),
                Arguments.of("binary_accuracy", (Supplier<PredictionMetric>) BinaryAccuracy::new, false),
                Arguments.of("top_k", (Supplier<PredictionMetric>) () -> new TopKCategoricalAccuracy(2), false),
                Arguments.of("precision", (Supplier<PredictionMetric>) Precision::new, false),
                Arguments.of("recall", (Supplier<PredictionMetric>) Recall::new, false),
                Arguments.of("auc roc", (Supplier<PredictionMetric>) AUC::new, false),
                Arguments.of("auc pr", (Supplier<PredictionMetric>) () -> new AUC(AUC.Curve.PR, 200), false),
                Arguments.of("f1 macro", (Supplier<PredictionMetric>) F1Score::new, false),
                Arguments.of("f1 weighted threshold",
                        (Supplier<PredictionMetric>) () -> new F1Score(F1Score.Average.WEIGHTED, 0.3f), false),
                Arguments.of("f1 micro", (Supplier<PredictionMetric>) () -> new F1Score(F1Score.Average.MICRO, null),
                        false),
                Arguments.of("mae", (Supplier<PredictionMetric>) MeanAbsoluteError::new, false),
                Arguments.of("mse", (Supplier<PredictionMetric>) MeanSquaredError::new, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamingMetrics")
    void streamedOverBatchesEqualsOneUpdateWithEverything(String name, Supplier<PredictionMetric> make,
                                                          boolean sparse) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        int rows = 257;
        int classes = 4;
        int[] classLabels = new int[rows];
        float[] oneHot = new float[rows * classes];
        float[] scores = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            classLabels[r] = random.nextInt(classes);
            oneHot[r * classes + classLabels[r]] = 1;
            for (int c = 0; c < classes; c++) {
                scores[r * classes + c] = (float) random.nextDouble();
            }
        }
        Tensor yTrue = sparse ? Tensor.of(classLabels) : Tensor.of(oneHot, rows, classes);
        Tensor yPred = Tensor.of(scores, rows, classes);

        PredictionMetric whole = make.get();
        whole.update(yTrue, yPred);
        PredictionMetric streamed = make.get();
        for (int start = 0; start < rows; ) {
            int end = Math.min(rows, start + 1 + random.nextInt(64));
            streamed.update(yTrue.slice(start, end), yPred.slice(start, end));
            start = end;
        }
        assertEquals(whole.result(), streamed.result(), 1e-12, name);
        streamed.reset();
        assertEquals(0.0, streamed.result());
    }

    @Test
    void accuracyResolvesForTheLossAsKerasDoes() {
        assertInstanceOf(CategoricalAccuracy.class, Metrics.of(Metric.ACCURACY, Loss.CATEGORICAL_CROSSENTROPY, 10));
        assertInstanceOf(SparseCategoricalAccuracy.class,
                Metrics.of(Metric.ACCURACY, Loss.SPARSE_CATEGORICAL_CROSSENTROPY, 10));
        assertInstanceOf(BinaryAccuracy.class, Metrics.of(Metric.ACCURACY, Loss.BINARY_CROSSENTROPY, 1));
        assertInstanceOf(BinaryAccuracy.class, Metrics.of(Metric.ACCURACY, Loss.MEAN_SQUARED_ERROR, 1));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.of(Metric.ACCURACY, Loss.MEAN_SQUARED_ERROR, 3));
        assertEquals("accuracy", Metrics.of(Metric.ACCURACY, Loss.CATEGORICAL_CROSSENTROPY, 10).name());
        for (Metric kind : Metric.values()) {
            PredictionMetric metric = Metrics.of(kind, Loss.CATEGORICAL_CROSSENTROPY, 10);
            if (kind != Metric.ACCURACY) {
                assertEquals(kind.kerasName(), metric.name());
            }
        }
    }

    @Test
    void meanTracksAWeightedAverage() {
        Mean loss = new Mean("loss");
        loss.update(2.0, 128);
        loss.update(1.0, 32);
        assertEquals((2.0 * 128 + 32) / 160, loss.result(), 1e-12);
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalAccuracy().update(Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
        assertEquals("categorical_accuracy: labels (4,3) do not match predictions (4,2); they need the same shape",
                e.getMessage());
    }
}
