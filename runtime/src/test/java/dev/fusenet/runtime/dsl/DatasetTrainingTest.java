package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.DataException;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** fit, evaluate and predict on a Dataset: the same results as on the tensors it holds. */
class DatasetTrainingTest {

    private static final int ROWS = 100;
    private static final Tensor X;
    private static final Tensor Y;

    static {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[ROWS * 4];
        float[] y = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                x[r * 4 + c] = (float) random.nextGaussian();
                sum += x[r * 4 + c] * (c + 1);
            }
            y[r] = sum > 0 ? 1 : sum > -2 ? 2 : 0;
        }
        X = Tensor.of(x, ROWS, 4);
        Y = Tensor.of(y, ROWS);
    }

    private static Sequential model() {
        return Sequential.build(m -> {
            m.seed(5);
            m.dense(8, d -> d.activation(Activation.RELU).inputShape(4));
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY).weightedMetrics(Metric.ACCURACY));
        });
    }

    @Test
    void fitOnADatasetTrainsAsFitOnItsTensorsBitForBit() {
        Sequential onTensors = model();
        History expected = onTensors.fit(X, Y, o -> o.epochs(3).batchSize(16).shuffle(false)
                .verbosity(Verbosity.SILENT));
        Sequential onDataset = model();
        History history = onDataset.fit(Dataset.fromTensors(X, Y).batch(16), o -> o.epochs(3)
                .verbosity(Verbosity.SILENT));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(onTensors.getWeights().get(i).toFloatArray(), onDataset.getWeights().get(i)
                    .toFloatArray(), "weight " + i);
        }
        assertEquals(expected.last("loss"), history.last("loss"), 0);
        assertEquals(expected.last("accuracy"), history.last("accuracy"), 0);
    }

    @Test
    void evaluateAndPredictStreamTheBatchesToTheWholeDatasResults() {
        Sequential model = model();
        model.fit(X, Y, o -> o.epochs(2).batchSize(10).verbosity(Verbosity.SILENT));
        Evaluation whole = model.evaluate(X, Y);
        Evaluation streamed = model.evaluate(Dataset.fromTensors(X, Y).batch(7));
        assertEquals(whole.loss(), streamed.loss(), 1e-6);
        assertEquals(whole.metric("accuracy"), streamed.metric("accuracy"), 0);
        Tensor weights = Tensor.of(new SplittableRandom(1).doubles(ROWS, 0, 2).toArray(), ROWS);
        Evaluation weighted = model.evaluate(X, Y, weights);
        Evaluation weightedStream = model.evaluate(Dataset.fromTensors(X, Y, weights).batch(9));
        assertEquals(weighted.loss(), weightedStream.loss(), 1e-6);
        assertEquals(weighted.metric("weighted_accuracy"), weightedStream.metric("weighted_accuracy"), 1e-6);
        assertArrayEquals(model.predict(X).toFloatArray(), model.predict(Dataset.fromTensors(X).batch(32))
                .toFloatArray());
    }

    @Test
    void sampleAndClassWeightsInADatasetTrainAsTheTensorOptions() {
        Tensor weights = Tensor.of(new SplittableRandom(2).doubles(ROWS, 0, 3).toArray(), ROWS);
        Sequential expected = model();
        expected.fit(X, Y, o -> o.epochs(2).batchSize(20).shuffle(false).verbosity(Verbosity.SILENT)
                .sampleWeight(weights).classWeight(Map.of(0, 2.0)));
        Sequential actual = model();
        actual.fit(Dataset.fromTensors(X, Y, weights).batch(20), o -> o.epochs(2).verbosity(Verbosity.SILENT)
                .classWeight(Map.of(0, 2.0)));
        assertArrayEquals(expected.getWeights().get(0).toFloatArray(), actual.getWeights().get(0).toFloatArray());
    }

    @Test
    void validationOnADatasetIsLoggedAsValidationOnTensors() {
        Sequential onTensors = model();
        History expected = onTensors.fit(X, Y, o -> o.epochs(2).batchSize(25).shuffle(false)
                .validationData(X, Y).verbosity(Verbosity.SILENT));
        Sequential onDataset = model();
        History history = onDataset.fit(Dataset.fromTensors(X, Y).batch(25), o -> o.epochs(2)
                .validationData(Dataset.fromTensors(X, Y).batch(30)).verbosity(Verbosity.SILENT));
        assertEquals(expected.last("val_loss"), history.last("val_loss"), 1e-6);
        assertEquals(expected.last("val_accuracy"), history.last("val_accuracy"), 0);
    }

    @Test
    void aShuffledDatasetGivesEachEpochAnotherOrderAndRepeatsPerRun() {
        Dataset shuffled = Dataset.fromTensors(X, Y).shuffle(ROWS, 9).batch(10);
        Sequential first = model();
        first.fit(shuffled, o -> o.epochs(2).verbosity(Verbosity.SILENT));
        Sequential second = model();
        second.fit(shuffled, o -> o.epochs(2).verbosity(Verbosity.SILENT));
        assertArrayEquals(first.getWeights().get(0).toFloatArray(), second.getWeights().get(0).toFloatArray());
        Sequential unshuffled = model();
        unshuffled.fit(Dataset.fromTensors(X, Y).batch(10), o -> o.epochs(2).verbosity(Verbosity.SILENT));
        assertTrue(!java.util.Arrays.equals(first.getWeights().get(0).toFloatArray(),
                unshuffled.getWeights().get(0).toFloatArray()), "the shuffle changed the batches");
    }

    @Test
    void anEpochOfUnknownLengthShowsUnknownStepsThenTheCountItFound() {
        // unbatch then batch: no cardinality is known before the first epoch ends
        Dataset unknown = Dataset.fromTensors(X, Y).batch(10).unbatch().batch(25);
        assertTrue(unknown.cardinality().isEmpty());
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            model().fit(unknown, o -> o.epochs(2).verbosity(Verbosity.ONE_LINE_PER_EPOCH));
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("4/4 - "), out);
    }

    @Test
    void settingsThatADatasetBringsItselfAreRefused() {
        Dataset data = Dataset.fromTensors(X, Y).batch(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().fit(data, o -> o.batchSize(64).validationSplit(0.2)));
        assertTrue(e.getMessage().startsWith("fit: batchSize, validationSplit apply to in-memory tensors, not to a "
                + "Dataset; set them on the dataset instead: batch(n)"), e.getMessage());
        IllegalArgumentException unbatched = assertThrows(IllegalArgumentException.class,
                () -> model().fit(Dataset.fromTensors(X, Y), 1));
        assertTrue(unbatched.getMessage().contains("call batch(32) on it first"), unbatched.getMessage());
    }

    @Test
    void aBadBatchIsNamedAndTheModelIsNotTrainedOnIt() {
        Sequential model = model();
        List<Tensor> before = model.getWeights();
        Dataset wrongShape = Dataset.fromTensors(Tensor.zeros(10, 5), Tensor.zeros(10)).batch(5);
        DataException shape = assertThrows(DataException.class, () -> model.fit(wrongShape, 1));
        assertEquals("fit: batch 0 has samples of shape (5,), but sequential takes samples of shape (4,); resize or "
                + "reshape them in the dataset (imageSize, map)", shape.getMessage());
        float[] labels = new float[10];
        labels[7] = 3;
        Dataset badLabel = Dataset.fromTensors(Tensor.zeros(10, 4), Tensor.of(labels, 10)).batch(5);
        // batch 0 trains, as a stream cannot be checked before it is read; batch 1 is refused before its step
        DataException label = assertThrows(DataException.class, () -> model().fit(badLabel, 1));
        assertEquals("fit: label 3.0 of batch 1, sample 2 is not a class index in [0, 3)", label.getMessage());
        Dataset oneHot = Dataset.fromTensors(Tensor.zeros(10, 4), Tensor.zeros(10, 3)).batch(5);
        DataException form = assertThrows(DataException.class, () -> model.evaluate(oneHot));
        assertTrue(form.getMessage().contains("needs one class index per sample"), form.getMessage());
        Dataset noLabels = Dataset.fromTensors(Tensor.zeros(10, 4)).batch(5);
        DataException none = assertThrows(DataException.class, () -> model.evaluate(noLabels));
        assertTrue(none.getMessage().contains("batch 0 has no labels"), none.getMessage());
        float[] nan = new float[40];
        nan[13] = Float.NaN;
        DataException notFinite = assertThrows(DataException.class, () -> model.fit(
                Dataset.fromTensors(Tensor.of(nan, 10, 4), Tensor.zeros(10)).batch(5), 1));
        assertEquals("fit: the features of batch 0 holds NaN at sample 3, column 1; clean or impute the data first",
                notFinite.getMessage());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).toFloatArray(), model.getWeights().get(i).toFloatArray(),
                    "the first batch was refused before any step");
        }
        assertEquals(1, model.predict(Dataset.of(List.of(Batch.of(Tensor.zeros(1, 4), null, null)))).shape()[0]);
    }
}
