package dev.fusenet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Keras's documented values for {@code keras.layers.Normalization}, and a float64 reference for the rest. */
class NormalizationTest {

    @Test
    void adaptGlobalAsKerasDocumentsIt() {
        // keras.layers.Normalization(axis=None); adapt([1, 2, 3, 4, 5]); layer([1, 2, 3])
        Normalization norm = Normalization.adaptGlobal(Tensor.of(new float[] {1, 2, 3, 4, 5}, 5));
        assertArrayEquals(new float[] {3}, norm.mean());
        assertArrayEquals(new float[] {2}, norm.variance());
        assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f},
                norm.apply(Tensor.of(new float[] {1, 2, 3}, 3)).toFloatArray(), 1e-6f);
    }

    @Test
    void adaptPerFeatureAsKerasDocumentsIt() {
        // adapt([[0., 7., 4.], [2., 9., 6.], [0., 7., 4.], [2., 9., 6.]]); layer([[0., 7., 4.]]) == [[-1., -1., -1.]]
        Normalization norm = Normalization.adapt(Tensor.of(new float[][] {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}}));
        assertArrayEquals(new float[] {1, 8, 5}, norm.mean());
        assertArrayEquals(new float[] {1, 1, 1}, norm.variance());
        assertArrayEquals(new float[] {-1, -1, -1}, norm.apply(Tensor.of(new float[][] {{0, 7, 4}})).toFloatArray());
    }

    @Test
    void givenStatisticsAsKerasDocumentsThem() {
        // Normalization(mean=3., variance=2.); layer([[1.], [2.], [3.]])
        Normalization norm = Normalization.of(new float[] {3}, new float[] {2});
        Tensor y = norm.apply(Tensor.of(new float[][] {{1}, {2}, {3}}));
        assertArrayEquals(new long[] {3, 1}, y.shape());
        assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f}, y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 2, 3}, norm.invert(y).toFloatArray(), 1e-6f);
    }

    @Test
    void streamedStatisticsMatchAFloat64ReferenceAndTheTensorPath() {
        int rows = 1000;
        int features = 4;
        float[] x = new float[rows * features];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            // Large offsets: the naive E[x^2] - E[x]^2 in float32 would lose the variance entirely.
            x[i] = (float) (1e4 * (i % features) + random.nextGaussian() * (1 + i % features));
        }
        double[] mean = new double[features];
        double[] variance = new double[features];
        for (int i = 0; i < x.length; i++) {
            mean[i % features] += x[i] / (double) rows;
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i % features];
            variance[i % features] += d * d / rows;
        }
        Tensor data = Tensor.of(x, rows, features);
        Normalization fromTensor = Normalization.adapt(data);
        Normalization streamed = Normalization.adapt(Dataset.fromTensors(data).batch(64));
        for (int f = 0; f < features; f++) {
            assertEquals(mean[f], fromTensor.mean()[f], 1e-6 * Math.max(1, Math.abs(mean[f])));
            assertEquals(variance[f], fromTensor.variance()[f], 1e-5 * variance[f]);
            assertEquals(fromTensor.mean()[f], streamed.mean()[f], 1e-6 * Math.max(1, Math.abs(mean[f])));
            assertEquals(fromTensor.variance()[f], streamed.variance()[f], 1e-5 * variance[f]);
        }
        float[] normalized = fromTensor.apply(data).toFloatArray();
        double[] check = new double[features];
        for (int i = 0; i < normalized.length; i++) {
            check[i % features] += normalized[i] / rows;
        }
        for (double m : check) {
            assertEquals(0, m, 1e-3, "the training rows come out with mean 0");
        }
    }

    @Test
    void constantFeaturesStayFiniteAndShapesAreChecked() {
        Normalization norm = Normalization.adapt(Tensor.of(new float[][] {{5, 1}, {5, 3}}));
        float[] y = norm.apply(Tensor.of(new float[][] {{5, 2}, {6, 2}})).toFloatArray();
        assertArrayEquals(new float[] {0, 0, 1e7f, 0}, y, 1f, "a constant feature is divided by epsilon, not zero");

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> norm.apply(Tensor.of(new float[] {1, 2, 3}, 1, 3)));
        assertTrue(wrong.getMessage().contains("last axis must have the 2 features adapted on, got shape [1, 3]"),
                wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {0}, new float[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {0, 1}, new float[] {1}));
    }

    @Test
    void appliedToADatasetKeepsTheLabels() {
        Tensor x = Tensor.of(new float[][] {{0}, {2}, {4}});
        Tensor y = Tensor.of(new float[] {10, 20, 30}, 3);
        Normalization norm = Normalization.adapt(x);
        Dataset dataset = Dataset.fromTensors(x, y).batch(3).map(norm::apply, 1);
        try (Cursor<Batch> pass = dataset.open(0)) {
            Batch batch = pass.next();
            float s = (float) Math.sqrt(8.0 / 3);
            assertArrayEquals(new float[] {-2 / s, 0, 2 / s}, batch.featureValues(), 1e-6f);
            assertArrayEquals(new float[] {10, 20, 30}, batch.labelValues());
        }
    }
}
