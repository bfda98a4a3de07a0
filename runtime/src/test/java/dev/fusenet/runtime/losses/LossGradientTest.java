package dev.fusenet.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.losses.LossFunction.Reduction;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss's tape gradient against central finite differences in float64, and the fused kernels against the
 * tape gradient of the unfused activation and loss.
 */
class LossGradientTest {

    private static final int ROWS = 4;
    private static final int CLASSES = 3;

    enum Predictions { PROBABILITIES, LOGITS, REAL }

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of(new CategoricalCrossentropy(), Predictions.PROBABILITIES),
                Arguments.of(new CategoricalCrossentropy(true, 0.1, Reduction.SUM_OVER_BATCH_SIZE), Predictions.LOGITS),
                Arguments.of(new BinaryCrossentropy(), Predictions.PROBABILITIES),
                Arguments.of(new BinaryCrossentropy(true, 0.2, Reduction.SUM), Predictions.LOGITS),
                Arguments.of(new MeanSquaredError(), Predictions.REAL),
                Arguments.of(new MeanAbsoluteError(), Predictions.REAL),
                Arguments.of(new KLDivergence(), Predictions.PROBABILITIES),
                Arguments.of(new CosineSimilarity(), Predictions.REAL),
                Arguments.of(new Huber(0.5, Reduction.SUM_OVER_BATCH_SIZE), Predictions.REAL),
                Arguments.of(new Hinge(), Predictions.REAL));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("losses")
    void tapeGradientMatchesFiniteDifferences(LossFunction loss, Predictions kind) {
        SplittableRandom random = new SplittableRandom(loss.name().hashCode());
        Tensor yTrue = labelsFor(loss, random);
        Tensor yPred = predictions(kind, random);
        Tensor analytic;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(yPred);
            analytic = tape.gradient(loss.apply(yTrue, yPred), yPred);
        }
        double[] values = yPred.toDoubleArray();
        double[] numeric = new double[values.length];
        double step = 1e-6;
        for (int i = 0; i < values.length; i++) {
            double original = values[i];
            values[i] = original + step;
            double plus = loss.apply(yTrue, Tensor.of(values.clone(), yPred.shape())).doubleValue();
            values[i] = original - step;
            double minus = loss.apply(yTrue, Tensor.of(values.clone(), yPred.shape())).doubleValue();
            values[i] = original;
            numeric[i] = (plus - minus) / (2 * step);
        }
        double[] a = analytic.toDoubleArray();
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            difference += (a[i] - numeric[i]) * (a[i] - numeric[i]);
            norm += numeric[i] * numeric[i];
        }
        double relative = Math.sqrt(difference / Math.max(norm, 1e-24));
        assertTrue(relative < 1e-6, loss + ": relative error " + relative);
    }

    private static Tensor labelsFor(LossFunction loss, SplittableRandom random) {
        double[] labels = new double[ROWS * CLASSES];
        if (loss instanceof CategoricalCrossentropy || loss instanceof KLDivergence) {
            for (int r = 0; r < ROWS; r++) {
                labels[r * CLASSES + random.nextInt(CLASSES)] = 1;
            }
        } else if (loss instanceof BinaryCrossentropy || loss instanceof Hinge) {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(2);
            }
        } else {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextGaussian();
            }
        }
        return Tensor.of(labels, ROWS, CLASSES);
    }

    private static Tensor predictions(Predictions kind, SplittableRandom random) {
        double[] values = new double[ROWS * CLASSES];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind) {
                case PROBABILITIES -> random.nextDouble(0.05, 0.95);
                case LOGITS -> random.nextGaussian() * 2;
                // Away from the kinks of |x| (MAE), max(0, 1 - yx) (hinge) and Huber's delta.
                case REAL -> random.nextDouble(0.1, 0.4) * (random.nextBoolean() ? 1 : -1) + 0.05;
            };
        }
        return Tensor.of(values, ROWS, CLASSES);
    }

    @Test
    void fusedSoftmaxCrossentropyEqualsTheTapeThroughSoftmax() {
        SplittableRandom random = new SplittableRandom(7);
        float[] logits = new float[ROWS * CLASSES];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian() * 3;
        }
        Tensor labels = Tensors.toCategorical(Tensor.of(new int[] {0, 2, 1, 2}), CLASSES);
        float[] probabilities = new float[logits.length];
        float[] gradient = new float[logits.length];
        // in two shards of rows, as a training step runs them: their parts add up to the batch's loss
        double fusedLoss = FusedLosses.softmaxCategoricalCrossentropy(logits, labels.toFloatArray(), probabilities,
                gradient, 0, 1, ROWS, CLASSES, 0.1f, null) + FusedLosses.softmaxCategoricalCrossentropy(logits,
                labels.toFloatArray(), probabilities, gradient, 1, ROWS, ROWS, CLASSES, 0.1f, null);

        Tensor z = Tensor.of(logits, ROWS, CLASSES);
        CategoricalCrossentropy loss = new CategoricalCrossentropy(false, 0.1, Reduction.SUM_OVER_BATCH_SIZE);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(z);
            Tensor p = z.softmax();
            Tensor value = loss.apply(labels, p);
            assertEquals(value.doubleValue(), fusedLoss, 1e-6);
            assertArrayEquals(p.toFloatArray(), probabilities, 1e-6f);
            assertArrayEquals(tape.gradient(value, z).toFloatArray(), gradient, 1e-6f);
        }

        float[] sparseGradient = new float[logits.length];
        double sparseLoss = FusedLosses.softmaxSparseCategoricalCrossentropy(logits, new float[] {0, 2, 1, 2},
                probabilities, sparseGradient, 0, ROWS, ROWS, CLASSES, null);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(z);
            Tensor value = new SparseCategoricalCrossentropy().apply(Tensor.of(new float[] {0, 2, 1, 2}), z.softmax());
            assertEquals(value.doubleValue(), sparseLoss, 1e-6);
            assertArrayEquals(tape.gradient(value, z).toFloatArray(), sparseGradient, 1e-6f);
        }
    }

    @Test
    void fusedSigmoidBinaryCrossentropyEqualsTheTapeThroughSigmoid() {
        float[] logits = {-2.5f, -0.3f, 0.1f, 1.7f, 3.2f, -1.1f};
        float[] labels = {0, 1, 1, 1, 0, 0};
        float[] probabilities = new float[6];
        float[] gradient = new float[6];
        double fusedLoss = FusedLosses.sigmoidBinaryCrossentropy(logits, labels, probabilities, gradient, 0, 2, 3, 2, 0f,
                null)
                + FusedLosses.sigmoidBinaryCrossentropy(logits, labels, probabilities, gradient, 2, 3, 3, 2, 0f, null);
        Tensor z = Tensor.of(logits, 3, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(z);
            Tensor value = new BinaryCrossentropy().apply(Tensor.of(labels, 3, 2), z.sigmoid());
            assertEquals(value.doubleValue(), fusedLoss, 1e-6);
            assertArrayEquals(tape.gradient(value, z).toFloatArray(), gradient, 1e-6f);
        }
    }

    @Test
    void predictionsMustBeFloatingPoint() {
        assertEquals(DType.FLOAT32, new MeanSquaredError().apply(Tensor.of(new int[] {1}),
                Tensor.of(new float[] {1.5f})).dtype());
    }
}
