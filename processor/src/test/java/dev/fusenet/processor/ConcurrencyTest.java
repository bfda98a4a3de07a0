package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * 8 threads at once equal the single-threaded ones bit for bit, and a prediction during a {@code fit} waits for
 * it and sees its final weights.
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

    @Test
    void aPredictionDuringFitWaitsForItsFinalWeights() throws Exception {
        for (Model model : models()) {
            Tensor x = inputs(model, 64, 1);
            Tensor y = dev.fusenet.runtime.Tensors.toCategorical(Tensor.of(new int[64]).add(
                    Tensor.randomNormal(new long[] {64}, 0, 1, DType.FLOAT32, 2).greater(0).castTo(DType.INT32)), 10);
            float[] before = model.predict(x).toFloatArray();
            CountDownLatch training = new CountDownLatch(1);
            Callback started = new Callback() {
                @Override
                public void onEpochBegin(int epoch, TrainingContext context) {
                    training.countDown();
                }
            };
            Thread fit = new Thread(() -> model.fit(x, y, o -> o.epochs(3).batchSize(16).verbosity(Verbosity.SILENT)
                    .callbacks(started)));
            fit.start();
            assertTrue(training.await(60, TimeUnit.SECONDS));
            float[] during = model.predict(x).toFloatArray();
            fit.join();
            float[] after = model.predict(x).toFloatArray();
            assertArrayEquals(after, during, "the prediction waited for the fit and saw its final weights");
            assertTrue(!java.util.Arrays.equals(before, after), "the fit changed the weights");
        }
    }
}
