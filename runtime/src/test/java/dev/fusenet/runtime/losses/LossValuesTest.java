package dev.fusenet.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.losses.LossFunction.Reduction;
import org.junit.jupiter.api.Test;

/** The usage examples of Keras's loss documentation, with the values it prints, and hand-computed cases. */
class LossValuesTest {

    private static Tensor m(float[][] rows) {
        return Tensor.of(rows);
    }

    private static final Tensor Y_TRUE = m(new float[][] {{0, 1}, {0, 0}});
    private static final Tensor Y_PRED = m(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});

    @Test
    void categoricalCrossentropy() {
        Tensor yTrue = m(new float[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor yPred = m(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
        // -(log 0.95 + log 0.1) / 2
        assertEquals(1.1769392, new CategoricalCrossentropy().apply(yTrue, yPred).doubleValue(), 1e-6);
        assertEquals(2.3538785, new CategoricalCrossentropy(false, 0, Reduction.SUM).apply(yTrue, yPred)
                .doubleValue(), 1e-6);
        assertArrayEquals(new float[] {0.0512933f, 2.3025851f},
                new CategoricalCrossentropy(false, 0, Reduction.NONE).apply(yTrue, yPred).toFloatArray(), 1e-6f);
    }

    @Test
    void categoricalCrossentropyFromLogitsAndWithLabelSmoothing() {
        Tensor logits = m(new float[][] {{1, 2, 3}});
        Tensor yTrue = m(new float[][] {{0, 0, 1}});
        double logSumExp = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(logSumExp - 3, new CategoricalCrossentropy(true, 0, Reduction.SUM_OVER_BATCH_SIZE)
                .apply(yTrue, logits).doubleValue(), 1e-6);
        // Smoothing 0.3 over 3 classes: labels become [0.1, 0.1, 0.8].
        double smoothed = -(0.1 * (1 - logSumExp) + 0.1 * (2 - logSumExp) + 0.8 * (3 - logSumExp));
        assertEquals(smoothed, new CategoricalCrossentropy(true, 0.3, Reduction.SUM_OVER_BATCH_SIZE)
                .apply(yTrue, logits).doubleValue(), 1e-6);
    }

    @Test
    void sparseCategoricalCrossentropy() {
        Tensor yPred = m(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
        assertEquals(1.1769392, new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {1, 2}), yPred)
                .doubleValue(), 1e-6);
        assertEquals(1.1769392, new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {1, 2}, 2, 1), yPred)
                .doubleValue(), 1e-6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {1, 2, 0}), yPred));
        assertEquals("sparse_categorical_crossentropy: integer labels (3) do not fit predictions (2,3); expected "
                + "labels of shape (2) (for one-hot labels use CategoricalCrossentropy)", e.getMessage());
        var outOfRange = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().apply(Tensor.of(new int[] {1, 3}), yPred));
        assertEquals("toCategorical: label 3 at index 1 is outside [0, 3); numClasses must exceed the largest label",
                outOfRange.getMessage());
    }

    @Test
    void binaryCrossentropy() {
        assertEquals(0.81492424, new BinaryCrossentropy().apply(Y_TRUE, Y_PRED).doubleValue(), 1e-6);
        Tensor logits = Tensor.of(new float[] {-18.6f, 0.51f, 2.94f, -12.8f});
        Tensor labels = Tensor.of(new float[] {0, 1, 0, 0});
        assertEquals(0.865458, new BinaryCrossentropy(true, 0, Reduction.SUM_OVER_BATCH_SIZE)
                .apply(labels, logits).doubleValue(), 1e-5);
        // With smoothing 0.2 the labels are 0.1 and 0.9.
        double p = 0.4;
        double smoothed = -(0.9 * Math.log(p) + 0.1 * Math.log(1 - p));
        assertEquals(smoothed, new BinaryCrossentropy(false, 0.2, Reduction.SUM_OVER_BATCH_SIZE)
                .apply(Tensor.of(new float[] {1}), Tensor.of(new float[] {0.4f})).doubleValue(), 1e-6);
    }

    @Test
    void regressionLosses() {
        Tensor yTrue = m(new float[][] {{0, 1}, {0, 0}});
        Tensor yPred = m(new float[][] {{1, 1}, {1, 0}});
        assertEquals(0.5, new MeanSquaredError().apply(yTrue, yPred).doubleValue(), 1e-7);
        assertEquals(0.5, new MeanAbsoluteError().apply(yTrue, yPred).doubleValue(), 1e-7);
        assertEquals(0.155, new Huber().apply(Y_TRUE, Y_PRED).doubleValue(), 1e-6);
        assertEquals(0.3125, new Huber(0.25, Reduction.SUM_OVER_BATCH_SIZE)
                .apply(Tensor.of(new float[] {0}), Tensor.of(new float[] {1.375f})).doubleValue(), 1e-7);
    }

    @Test
    void distributionLosses() {
        assertEquals(0.45814306, new KLDivergence().apply(Y_TRUE, Y_PRED).doubleValue(), 1e-6);
        Tensor yTrue = m(new float[][] {{0, 1}, {1, 1}});
        Tensor yPred = m(new float[][] {{1, 0}, {1, 1}});
        assertEquals(-0.5, new CosineSimilarity().apply(yTrue, yPred).doubleValue(), 1e-6);
        assertEquals(1.3, new Hinge().apply(Y_TRUE, Y_PRED).doubleValue(), 1e-6);
        assertEquals(1.3, new Hinge().apply(Y_TRUE.mul(2).sub(1), Y_PRED).doubleValue(), 1e-6);
    }

    @Test
    void probabilitiesAreClippedAwayFromZero() {
        Tensor certainAndWrong = new CategoricalCrossentropy().apply(m(new float[][] {{1, 0}}),
                m(new float[][] {{0, 1}}));
        assertEquals(-Math.log(1e-7), certainAndWrong.doubleValue(), 1e-3);
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().apply(Tensor.zeros(32, 9), Tensor.zeros(32, 10)));
        assertEquals("categorical_crossentropy: labels (32,9) do not match predictions (32,10); they need the same "
                + "shape; one-hot encode integer labels with Tensors.toCategorical, or use "
                + "SparseCategoricalCrossentropy", e.getMessage());
    }

    @Test
    void everyLossConstantHasItsKerasImplementation() {
        for (Loss kind : Loss.values()) {
            assertEquals(kind.kerasName(), Losses.of(kind).name());
        }
    }
}
