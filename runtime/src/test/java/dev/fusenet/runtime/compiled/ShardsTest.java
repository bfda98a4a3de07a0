package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;

import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shards of a step: how a batch splits, that every shard runs once, and that results do not depend on how. */
class ShardsTest {

    @Test
    void shardsCoverTheBatchInOrderWithoutOverlap() {
        for (int rows : new int[] {1, 2, 3, 64, 127}) {
            assertEquals(0, Shards.from(0, rows));
            for (int shard = 0; shard < Shards.COUNT; shard++) {
                assertEquals(Shards.to(shard, rows), Shards.from(shard + 1, rows));
                assertTrue(Shards.to(shard, rows) - Shards.from(shard, rows) <= (rows + Shards.COUNT - 1)
                        / Shards.COUNT);
            }
            assertEquals(rows, Shards.to(Shards.COUNT - 1, rows));
        }
    }

    /**
     * A forward pass of one row has work in one shard only: it runs on the caller's thread, so a spaced-out single
     * request never waits for the parked worker; two rows or more still use both cores where they are free.
     */
    @Test
    void aSingleRowRunsOnTheCallersThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int[] runs = new int[Shards.COUNT];
        Shards.run(shard -> {
            runs[shard]++;
            threads.add(Thread.currentThread().getName());
        }, 1);
        assertArrayEquals(new int[] {1, 1}, runs, "both shards ran, the first with no rows");
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        Model model = Sequential.build(m -> {
            m.dense(16, d -> d.activation(Activation.RELU).inputShape(8));
            m.dense(3);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        Tensor rows = Tensor.randomNormal(new long[] {5, 8}, 0, 1, DType.FLOAT32, 3);
        float[] together = model.predict(rows).toFloatArray();
        for (int r = 0; r < 5; r++) {
            float[] alone = model.predict(rows.slice(r, r + 1)).toFloatArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(together, 3 * r, 3 * r + 3), alone, "row " + r);
        }
    }

    @Test
    void everyShardRunsOnceAndAFailureReachesTheCaller() {
        int[] runs = new int[Shards.COUNT];
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Shards.run(shard -> {
            runs[shard]++;
            threads.add(Thread.currentThread().getName());
        });
        assertArrayEquals(new int[] {1, 1}, runs);
        assertTrue(threads.contains(Thread.currentThread().getName()), threads.toString());
        IllegalStateException failure = new IllegalStateException("shard 1 failed");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> Shards.run(shard -> {
            if (shard == 1) {
                throw failure;
            }
        })));
        Shards.run(shard -> runs[shard]++);
        assertArrayEquals(new int[] {2, 2}, runs, "the worker survives a failure");
    }

    /**
     * A model trained while another thread holds the worker (so its shards run one after the other on the
     * caller) ends with the same weights, bit for bit, as one whose shards ran in parallel.
     */
    @Test
    void aModelTrainsToTheSameWeightsWhetherItsShardsRanInParallelOrNot() throws Exception {
        // products large enough that OpenBLAS would split them over threads, which changes their bits
        Tensor x = Tensor.randomNormal(new long[] {128, 28, 28, 1}, 0, 1, DType.FLOAT32, 1);
        float[] labels = new float[128];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        Tensor y = Tensor.of(labels, 128);
        Model parallel = convnet();
        parallel.fit(x, y, o -> o.epochs(2).batchSize(64).verbosity(Verbosity.SILENT));

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> Shards.run(shard -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        Model inline = convnet();
        try {
            inline.fit(x, y, o -> o.epochs(2).batchSize(64).verbosity(Verbosity.SILENT));
        } finally {
            release.countDown();
            holder.join();
        }
        assertSameWeights(parallel, inline);
    }

    /**
     * On one core (simulated with {@code -Dfusenet.singleThreaded=true} in a child JVM) the shards run one after
     * the other on the caller's thread, with no other run in progress: the weights are still the same bits.
     */
    @Test
    void aModelTrainsToTheSameWeightsOnOneCore(@TempDir Path directory)
            throws Exception {
        Path file = directory.resolve("one-core.npz");
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the child multiplies with the same kernel as this JVM (Products): the packed one or OpenBLAS
        String products = Products.PACKED ? "--add-modules=jdk.incubator.vector" : "-Dfusenet.products=openblas";
        Process child = new ProcessBuilder(launcher, products, "-Dfusenet.singleThreaded=true", "-cp",
                System.getProperty("java.class.path"), OneCore.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS) && child.exitValue() == 0, output);
        Model here = OneCore.trained();
        Model there = convnet();
        there.load(file);
        assertSameWeights(here, there);
    }

    /** Every weight, batch normalisation's moving statistics too, bit for bit. */
    private static void assertSameWeights(Model expected, Model actual) {
        List<Tensor> theirs = expected.getWeights();
        List<Tensor> ours = actual.getWeights();
        assertEquals(theirs.size(), ours.size());
        for (int w = 0; w < theirs.size(); w++) {
            assertArrayEquals(theirs.get(w).toFloatArray(), ours.get(w).toFloatArray(), "weight " + w);
        }
    }

    /** The child JVM of {@link #aModelTrainsToTheSameWeightsOnOneCore}: trains and saves. */
    public static final class OneCore {
        public static void main(String[] args) throws Exception {
            trained().save(Path.of(args[0]));
        }

        static Model trained() {
            Tensor x = Tensor.randomNormal(new long[] {128, 28, 28, 1}, 0, 1, DType.FLOAT32, 1);
            float[] labels = new float[128];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 3;
            }
            Model model = convnet();
            model.fit(x, Tensor.of(labels, 128), o -> o.epochs(2).batchSize(64).verbosity(Verbosity.SILENT));
            return model;
        }
    }

    private static Model convnet() {
        return Sequential.build(m -> {
            m.conv2d(16, 3, c -> c.activation(Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            // the shards meet at batch normalisation, summing their statistics in shard order
            m.conv2d(32, 3, c -> c.useBias(false));
            m.batchNormalization();
            m.activation(Activation.RELU);
            m.flatten();
            m.dense(256, d -> d.activation(Activation.RELU));
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        });
    }
}
