package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Predictor;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.Verbosity;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Predictor}: predict's bits into the caller's arrays, no allocation, one thread each. */
class PredictorTest {

    private static Model convnet() {
        return Sequential.build(m -> {
            m.conv2d(8, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).inputShape(12, 12, 1));
            m.maxPooling2d(2);
            m.flatten();
            m.dense(16, d -> d.activation(Activation.RELU));
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        });
    }

    private static float[] images(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * 144];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }

    private static Model trained() {
        Model model = convnet();
        float[] labels = new float[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        model.fit(Tensor.of(images(64, 1), 64, 12, 12, 1), Tensor.of(labels, 64),
                o -> o.epochs(1).batchSize(16).verbosity(Verbosity.SILENT));
        return model;
    }

    @Test
    void predictAnswersOnTheHeapWithTheSameBitsForHeapAndNd4jInputs() {
        Model model = trained();
        float[] x = images(5, 3);
        Tensor fromNd4j = model.predict(Tensor.of(x, 5, 12, 12, 1));
        Tensor fromHeap = model.predict(Tensor.wrap(x.clone(), new long[] {5, 12, 12, 1}));
        // an ND4J array for a serving call's few outputs cost more than the call (docs/performance.md)
        assertTrue(fromNd4j.onHeap(), "predict's outputs live on the heap");
        assertArrayEquals(new long[] {5, 3}, fromHeap.shape());
        assertArrayEquals(fromNd4j.toFloatArray(), fromHeap.toFloatArray());
        // ND4J operations still take the answer: it makes its ND4J array when asked
        assertEquals(5.0, fromHeap.sum().doubleValue(), 1e-5);
    }

    @Test
    void readsAnNd4jInputABatchAtATimeWithTheHeapsBitsAndTheTrueSampleOfABadValue() {
        Model model = trained();
        int rows = 600; // three inference batches, the last partial
        float[] x = images(rows, 6);
        float[] fromHeap = model.predict(Tensor.wrap(x.clone(), new long[] {rows, 12, 12, 1})).toFloatArray();
        assertArrayEquals(fromHeap, model.predict(Tensor.of(x, rows, 12, 12, 1)).toFloatArray());
        // a view of an ND4J array (every other sample) is not read in bulk: copied out once, the same bits
        Tensor doubled = Tensor.of(images(2 * rows, 6), 2 * rows, 12, 12, 1);
        Tensor view = Tensor.of(doubled.toNd4j().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 2 * rows)));
        float[] viewValues = view.toFloatArray();
        assertArrayEquals(model.predict(Tensor.wrap(viewValues, new long[] {rows, 12, 12, 1})).toFloatArray(),
                model.predict(view).toFloatArray());
        // a bad value in the third batch is reported at its sample of the whole input, not of its batch
        x[530 * 144 + 7] = Float.NaN;
        RuntimeException nan = assertThrows(RuntimeException.class,
                () -> model.predict(Tensor.of(x, rows, 12, 12, 1)));
        assertTrue(nan.getMessage().contains("NaN at sample 530, column 7"), nan.getMessage());
    }

    @Test
    void givesPredictsBitsForOneSampleAndForMoreThanAnInferenceBatch() {
        Model model = trained();
        Predictor predictor = model.predictor();
        assertEquals(144, predictor.inputSize());
        assertEquals(3, predictor.outputSize());
        int rows = 300; // more than the 256 rows predict runs at once
        float[] x = images(rows, 2);
        float[] expected = model.predict(Tensor.of(x, rows, 12, 12, 1)).toFloatArray();
        float[] outputs = new float[rows * 3 + 1];
        outputs[rows * 3] = -1f;
        predictor.predict(x, rows, outputs);
        assertArrayEquals(expected, Arrays.copyOf(outputs, rows * 3));
        assertEquals(-1f, outputs[rows * 3], "nothing is written past the rows' outputs");
        float[] one = new float[3];
        for (int row : new int[] {0, 131, 299}) {
            predictor.predict(Arrays.copyOfRange(x, row * 144, row * 144 + 144), one);
            assertArrayEquals(Arrays.copyOfRange(expected, row * 3, row * 3 + 3), one, "sample " + row);
        }
    }

    @Test
    void allocatesNothingPerCallAfterWarmUp() {
        Model model = trained();
        Predictor predictor = model.predictor();
        float[] x = images(1, 3);
        float[] out = new float[3];
        float[] batch = images(32, 4);
        float[] batchOut = new float[96];
        for (int i = 0; i < 20_000; i++) {
            predictor.predict(x, out);
            predictor.predict(batch, 32, batchOut);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("fusenet-shard"))
                .mapToLong(Thread::getId).toArray();
        // The least of a few windows: a recompilation inside one (the JIT's timing, which differs between a warm
        // and a clean build) runs the Vector API kernels unoptimised for a while, and they box there; a call that
        // allocates allocates in every window.
        int calls = 2000;
        long perCall = Long.MAX_VALUE;
        for (int window = 0; window < 5 && perCall >= 16; window++) {
            long before = Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
            for (int i = 0; i < calls; i++) {
                predictor.predict(x, out);
                predictor.predict(batch, 32, batchOut);
            }
            perCall = Math.min(perCall,
                    (Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum() - before) / (2L * calls));
        }
        assertTrue(perCall < 16, "a call allocates " + perCall + " bytes");
    }

    @Test
    void belongsToTheFirstThreadThatCallsIt() throws Exception {
        Model model = convnet();
        Predictor predictor = model.predictor();
        float[] out = new float[3];
        predictor.predict(images(1, 5), out);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                predictor.predict(images(1, 5), new float[3]);
            } catch (Throwable e) {
                refused.set(e);
            }
        }, "request-7");
        other.start();
        other.join();
        assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
        assertTrue(refused.get().getMessage().contains("called from \"request-7\"")
                && refused.get().getMessage().contains("model.predictor()"), refused.get().getMessage());
    }

    @Test
    void refusesShortArraysNonFiniteInputsAndNoRows() {
        Predictor predictor = convnet().predictor();
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[143], new float[3]));
        assertTrue(shortInput.getMessage().contains("inputs must hold 1 rows × 144 values = 144, got 143"),
                shortInput.getMessage());
        IllegalArgumentException shortOutput = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(images(2, 1), 2, new float[5]));
        assertTrue(shortOutput.getMessage().contains("outputs must hold 2 rows × 3 values = 6, got 5"),
                shortOutput.getMessage());
        float[] withNaN = images(2, 1);
        withNaN[144 + 7] = Float.NaN;
        float[] out = {9f, 9f, 9f, 9f, 9f, 9f};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(withNaN, 2, out));
        assertTrue(nan.getMessage().contains("NaN at sample 1, column 7"), nan.getMessage());
        assertArrayEquals(new float[] {9f, 9f, 9f, 9f, 9f, 9f}, out, "a refused call writes nothing");
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(images(1, 1), 0, out));
    }

    @Test
    void threadsWithTheirOwnPredictorsShareOneModel() throws Exception {
        Model model = trained();
        int rows = 40;
        float[] x = images(rows, 6);
        float[] expected = model.predict(Tensor.of(x, rows, 12, 12, 1)).toFloatArray();
        ThreadLocal<Predictor> predictors = ThreadLocal.withInitial(model::predictor);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int rowCount = 1 + task % rows;
                results.add(pool.submit(() -> {
                    float[] out = new float[rowCount * 3];
                    for (int repeat = 0; repeat < 20; repeat++) {
                        predictors.get().predict(x, rowCount, out);
                    }
                    return out;
                }));
            }
            for (Future<float[]> result : results) {
                float[] out = result.get();
                assertArrayEquals(Arrays.copyOf(expected, out.length), out);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
