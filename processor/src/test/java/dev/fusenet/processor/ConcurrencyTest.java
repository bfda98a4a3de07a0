package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.Callback;
import dev.fusenet.runtime.training.TrainingContext;
import dev.fusenet.runtime.training.Verbosity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One trained model shared by many threads, as a web service shares it between request threads: predictions from
 * 8 threads at once equal the single-threaded ones bit for bit; a prediction during a {@code fit} runs between two
 * of its steps, callbacks may wait for other threads' predictions and saves, and what writes weights from outside
 * waits for the fit.
 */
class ConcurrencyTest {

    private static List<Model> models() {
        Compilation mnist = Models.compile("example.MnistNet", GoldenFileTest.MNIST_NET);
        Model compiled = Models.instantiate(mnist, "example.CompiledMnistNet", 5);
        Model convnet = Sequential.build(m -> {
            m.conv2d(8, 3, c -> c.activation(Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            m.flatten();
            m.dense(10, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        // A small residual graph: a merge, a branch buffer and a concatenation on every thread's buffers
        Compilation residual = Models.compile("example.ResidualNet", GoldenFileTest.RESIDUAL_NET
                .replace("SPARSE_CATEGORICAL_CROSSENTROPY", "CATEGORICAL_CROSSENTROPY")
                .replace("filters = 32", "filters = 4").replace("filters = 16", "filters = 2"));
        Model graph = Models.instantiate(residual, "example.CompiledResidualNet", 5);
        return List.of(compiled, convnet, graph);
    }

    private static Tensor inputs(Model model, int rows, long seed) {
        long[] shape = model.inputShape().length == 3 ? new long[] {rows, 28, 28, 1} : new long[] {rows, 784};
        return Tensor.randomNormal(shape, 0, 1, DType.FLOAT32, seed);
    }

    @Test
    void predictionsFromEightThreadsEqualTheSingleThreadedOnes() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (Model model : models()) {
                List<Tensor> batches = new ArrayList<>();
                List<float[]> expected = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Tensor x = inputs(model, 1 + (i * 37) % 300, i);
                    batches.add(x);
                    expected.add(model.predict(x).toFloatArray());
                }
                List<Future<?>> calls = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    int first = thread;
                    calls.add(threads.submit(() -> {
                        for (int round = 0; round < 20; round++) {
                            int i = (first + round * 3) % batches.size();
                            assertArrayEquals(expected.get(i), model.predict(batches.get(i)).toFloatArray(),
                                    "batch " + i + " on a thread of its own");
                        }
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    call.get(120, TimeUnit.SECONDS);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Tensor labels(int rows) {
        return dev.fusenet.runtime.Tensors.toCategorical(Tensor.of(new int[rows]).add(
                Tensor.randomNormal(new long[] {rows}, 0, 1, DType.FLOAT32, 2).greater(0).castTo(DType.INT32)), 10);
    }

    /**
     * A callback that waits for a prediction and a save on another thread used to deadlock: fit held the write lock
     * through its callbacks. Both now run and see the weights of the finished epoch.
     */
    @Test
    void aCallbackMayWaitForAPredictionAndASaveOnAnotherThread(@org.junit.jupiter.api.io.TempDir
                                                                java.nio.file.Path folder) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (Model model : models()) {
                Tensor x = inputs(model, 64, 1);
                List<float[]> onFitThread = new ArrayList<>();
                List<float[]> fromOtherThread = new ArrayList<>();
                java.nio.file.Path saved = java.nio.file.Files.createTempFile(folder, "model", ".npz");
                Callback evaluateElsewhere = new Callback() {
                    @Override
                    public void onEpochEnd(int epoch, java.util.Map<String, Double> logs, TrainingContext context) {
                        try {
                            fromOtherThread.add(other.submit(() -> model.predict(x).toFloatArray())
                                    .get(60, TimeUnit.SECONDS));
                            other.submit(() -> {
                                model.save(saved);
                                return null;
                            }).get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError("the other thread could not predict or save in a callback", e);
                        }
                        onFitThread.add(model.predict(x).toFloatArray());
                    }
                };
                model.fit(x, labels(64), o -> o.epochs(2).batchSize(16).verbosity(Verbosity.SILENT)
                        .callbacks(evaluateElsewhere));
                assertEquals(2, fromOtherThread.size());
                for (int epoch = 0; epoch < 2; epoch++) {
                    assertArrayEquals(onFitThread.get(epoch), fromOtherThread.get(epoch), "epoch " + epoch);
                }
                assertArrayEquals(model.predict(x).toFloatArray(), fromOtherThread.get(1));
                float[] last = model.predict(x).toFloatArray();
                model.setWeights(model.getWeights().stream().map(Tensor::zerosLike).toList());
                model.load(saved);
                assertArrayEquals(last, model.predict(x).toFloatArray(), "the save from the other thread is whole");
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** A prediction during a fit runs between two steps: it equals the model's output after one of them. */
    @Test
    void aPredictionDuringFitSeesTheWeightsOfAWholeStep() throws Exception {
        for (Model model : models()) {
            Tensor x = inputs(model, 64, 1);
            List<float[]> afterEachStep = java.util.Collections.synchronizedList(new ArrayList<>());
            afterEachStep.add(model.predict(x).toFloatArray());
            CountDownLatch training = new CountDownLatch(1);
            Callback everyStep = new Callback() {
                @Override
                public void onEpochBegin(int epoch, TrainingContext context) {
                    training.countDown();
                }

                @Override
                public void onBatchEnd(int batch, double loss, TrainingContext context) {
                    afterEachStep.add(model.predict(x).toFloatArray());
                }
            };
            Thread fit = new Thread(() -> model.fit(x, labels(64), o -> o.epochs(3).batchSize(16)
                    .verbosity(Verbosity.SILENT).callbacks(everyStep)));
            fit.start();
            assertTrue(training.await(60, TimeUnit.SECONDS));
            List<float[]> during = new ArrayList<>();
            while (fit.isAlive()) {
                during.add(model.predict(x).toFloatArray());
            }
            fit.join();
            assertEquals(13, afterEachStep.size(), "the state before training and after each of 12 steps");
            for (float[] seen : during) {
                assertTrue(afterEachStep.stream().anyMatch(state -> java.util.Arrays.equals(state, seen)),
                        "a prediction during fit saw a mix of two steps' weights");
            }
            assertTrue(!java.util.Arrays.equals(afterEachStep.get(0), model.predict(x).toFloatArray()),
                    "the fit changed the weights");
        }
    }

    /** What changes the weights from outside a fit waits for it to end, so the fit's steps are not mixed with it. */
    @Test
    void setWeightsDuringFitWaitsForItsEnd() throws Exception {
        Model model = models().get(0);
        Tensor x = inputs(model, 64, 1);
        List<Tensor> zeros = model.getWeights().stream().map(Tensor::zerosLike).toList();
        CountDownLatch training = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Callback marks = new Callback() {
            @Override
            public void onEpochBegin(int epoch, TrainingContext context) {
                training.countDown();
            }

            @Override
            public void onTrainEnd(TrainingContext context) {
                ended.set(true);
            }
        };
        Thread fit = new Thread(() -> model.fit(x, labels(64), o -> o.epochs(3).batchSize(16)
                .verbosity(Verbosity.SILENT).callbacks(marks)));
        fit.start();
        assertTrue(training.await(60, TimeUnit.SECONDS));
        model.setWeights(zeros);
        assertTrue(ended.get(), "setWeights returned before the fit ended");
        fit.join();
        for (Tensor weight : model.getWeights()) {
            assertEquals(0.0, weight.abs().sum().doubleValue(), "the fit's last step did not overwrite setWeights");
        }
    }
}
