package dev.fusenet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset's stages, each against what {@code tf.data}'s documentation says it does. */
class DatasetTest {

    /** Ten samples of two features: sample i is [i, 10 i], label i % 3. */
    private static Dataset ten() {
        float[] x = new float[20];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i % 3;
        }
        return Dataset.fromTensors(Tensor.of(x, 10, 2), Tensor.of(y, 10));
    }

    /** The first feature of every sample of a pass, in order (batches flattened). */
    private static List<Integer> firstFeatures(Dataset data, long epoch) {
        List<Integer> values = new ArrayList<>();
        try (Cursor<Batch> pass = data.open(epoch)) {
            for (Batch b = pass.next(); b != null; b = pass.next()) {
                float[] features = b.featureValues();
                int width = features.length / b.size();
                for (int r = 0; r < b.size(); r++) {
                    values.add((int) features[r * width]);
                }
            }
        }
        return values;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    @Test
    void fromTensorsSlicesTheFirstAxisIntoSamples() {
        List<Batch> samples = ten().toList();
        assertEquals(10, samples.size());
        Batch third = samples.get(3);
        assertFalse(third.isBatched());
        assertArrayEquals(new long[] {2}, third.features().shape());
        assertArrayEquals(new float[] {3, 30}, third.featureValues());
        assertArrayEquals(new float[] {0}, third.labelValues());
        assertArrayEquals(new int[0], third.labelShape(), "a class index has shape ()");
        assertEquals(10, ten().cardinality().getAsLong());
    }

    @Test
    void batchStacksSamplesAndKeepsOrDropsTheRemainder() {
        List<Batch> batches = ten().batch(4).toList();
        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        assertArrayEquals(new long[] {4, 2}, batches.get(0).features().shape());
        assertArrayEquals(new float[] {2, 0}, batches.get(2).labelValues(), "samples 8 and 9: labels 2, 0");
        assertEquals(3, ten().batch(4).cardinality().getAsLong());
        assertEquals(List.of(4, 4), ten().batch(4, true).toList().stream().map(Batch::size).toList());
        assertEquals(2, ten().batch(4, true).cardinality().getAsLong());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ten().batch(4).batch(2));
        assertTrue(twice.getMessage().contains("unbatch()"), twice.getMessage());
        assertEquals(range(0, 10), firstFeatures(ten().batch(4).unbatch(), 0), "unbatch undoes batch");
    }

    @Test
    void shuffleIsAPermutationThatRepeatsPerSeedAndEpochAndDiffersAcrossEpochs() {
        Dataset shuffled = ten().shuffle(10, 42);
        List<Integer> epoch0 = firstFeatures(shuffled, 0);
        assertEquals(new HashSet<>(range(0, 10)), new HashSet<>(epoch0));
        assertEquals(10, epoch0.size());
        assertNotEquals(range(0, 10), epoch0);
        assertEquals(epoch0, firstFeatures(ten().shuffle(10, 42), 0), "same seed, same epoch: same order");
        assertNotEquals(epoch0, firstFeatures(shuffled, 1), "reshuffled each epoch");
        assertNotEquals(epoch0, firstFeatures(ten().shuffle(10, 43), 0), "another seed, another order");
        Dataset fixed = ten().shuffle(10, 42, false);
        assertEquals(firstFeatures(fixed, 0), firstFeatures(fixed, 5), "reshuffleEachEpoch off");
        assertEquals(range(0, 10), firstFeatures(ten().shuffle(1, 42), 0), "a buffer of one keeps the order");
    }

    @Test
    void aSmallShuffleBufferOnlyMixesNearbyElements() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        List<Integer> order = firstFeatures(Dataset.fromTensors(Tensor.of(x, 1000, 1)).shuffle(4, 7), 0);
        // Output k is drawn from a buffer holding elements no later than k + 3.
        for (int k = 0; k < order.size(); k++) {
            assertTrue(order.get(k) <= k + 3, "element " + order.get(k) + " at position " + k);
        }
        assertEquals(new HashSet<>(range(0, 1000)), new HashSet<>(order));
    }

    @Test
    void takeAndSkipSliceEachPass() {
        assertEquals(range(0, 3), firstFeatures(ten().take(3), 0));
        assertEquals(range(7, 10), firstFeatures(ten().skip(7), 0));
        assertEquals(range(2, 5), firstFeatures(ten().skip(2).take(3), 0));
        assertEquals(List.of(), firstFeatures(ten().skip(20), 0));
        assertEquals(3, ten().take(3).cardinality().getAsLong());
        assertEquals(0, ten().skip(20).cardinality().getAsLong());
        assertEquals(2, ten().batch(4).skip(1).cardinality().getAsLong());
    }

    @Test
    void parallelMapKeepsTheOrderAndRunsOnSeveralThreads() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Dataset doubled = ten().map(b -> {
            threads.add(Thread.currentThread().getName());
            sleep(5 * (10 - (int) b.featureValues()[0])); // the early ones finish last
            return b.withFeatures(b.features().mul(2));
        }, 3);
        assertEquals(range(0, 10).stream().map(i -> 2 * i).toList(), firstFeatures(doubled, 0));
        assertTrue(threads.size() > 1, "ran on " + threads);
        assertTrue(threads.stream().allMatch(name -> name.startsWith("fusenet-data-map")), threads.toString());
    }

    @Test
    void aMapFunctionsExceptionReachesTheReaderUnchanged() {
        Dataset failing = ten().map(b -> {
            if (b.featureValues()[0] == 6) {
                throw new DataException("bad sample six");
            }
            return b;
        }, 2);
        DataException e = assertThrows(DataException.class, failing::toList);
        assertEquals("bad sample six", e.getMessage());
        DataException sequential = assertThrows(DataException.class, () -> ten().map(b -> null).toList());
        assertTrue(sequential.getMessage().contains("returned null"), sequential.getMessage());
    }

    @Test
    void cacheRunsTheStagesBeforeItOnceAndOnlyAfterACompletePass() {
        AtomicInteger calls = new AtomicInteger();
        Dataset cached = ten().map(b -> {
            calls.incrementAndGet();
            return b;
        }).cache();
        assertEquals(range(0, 3), firstFeatures(cached.take(3), 0));
        assertEquals(3, calls.get());
        assertEquals(range(0, 10), firstFeatures(cached, 0), "a stopped pass cached nothing: read again");
        assertEquals(13, calls.get());
        Dataset shuffled = cached.shuffle(10, 1);
        List<Integer> epoch1 = firstFeatures(shuffled, 1);
        List<Integer> epoch2 = firstFeatures(shuffled, 2);
        assertEquals(13, calls.get(), "later passes replay the cache");
        assertNotEquals(epoch1, epoch2, "a shuffle after the cache still reshuffles");
    }

    @Test
    void aFileCacheIsWrittenWholeAfterACompletePassAndReadByLaterRuns(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cache/ten.bin");
        AtomicInteger calls = new AtomicInteger();
        Dataset counted = ten().map(b -> {
            calls.incrementAndGet();
            return b;
        });
        assertEquals(range(0, 4), firstFeatures(counted.cache(file).take(4), 0));
        assertFalse(Files.exists(file), "a stopped pass leaves no cache");
        try (var files = Files.list(file.getParent())) {
            assertEquals(0, files.count(), "and no partial file");
        }
        assertEquals(range(0, 10), firstFeatures(counted.cache(file), 0));
        assertTrue(Files.isRegularFile(file));
        calls.set(0);
        List<Batch> again = counted.cache(file).batch(5).toList();
        assertEquals(0, calls.get(), "another run reads the file instead of the stages");
        assertArrayEquals(ten().batch(5).toList().get(1).featureValues(), again.get(1).featureValues());
        assertArrayEquals(ten().batch(5).toList().get(1).labelValues(), again.get(1).labelValues());

        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        DataException cut = assertThrows(DataException.class, () -> counted.cache(file).toList());
        assertTrue(cut.getMessage().contains(file.toString()) && cut.getMessage().contains("delete it"),
                cut.getMessage());
        Files.writeString(file, "not a cache");
        DataException foreign = assertThrows(DataException.class, () -> counted.cache(file).toList());
        assertTrue(foreign.getMessage().contains("not a complete fusenet cache file"), foreign.getMessage());
    }

    @Test
    void prefetchReadsAheadKeepsTheOrderAndPassesFailuresOn() throws InterruptedException {
        AtomicInteger produced = new AtomicInteger();
        Dataset ahead = ten().map(b -> {
            produced.incrementAndGet();
            return b;
        }).prefetch(3);
        try (Cursor<Batch> pass = ahead.open(0)) {
            assertEquals(0f, pass.next().featureValues()[0]);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (produced.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertEquals(5, produced.get(), "one taken, three in the buffer and one waiting for room; no more");
        }
        assertEquals(range(0, 10), firstFeatures(ahead, 0));
        Dataset failing = ten().map(b -> {
            if (b.featureValues()[0] == 8) {
                throw new DataException("corrupt eight");
            }
            return b;
        }).prefetch();
        List<Integer> seen = new ArrayList<>();
        DataException e = assertThrows(DataException.class, () -> {
            try (Cursor<Batch> pass = failing.open(0)) {
                for (Batch b = pass.next(); b != null; b = pass.next()) {
                    seen.add((int) b.featureValues()[0]);
                }
            }
        });
        assertEquals("corrupt eight", e.getMessage());
        assertEquals(range(0, 8), seen, "the elements before the failure arrive first");
    }

    @Test
    void closingAPassStopsItsThreads() throws InterruptedException {
        Dataset slow = ten().map(b -> b, 2).prefetch(2);
        for (int i = 0; i < 20; i++) {
            try (Cursor<Batch> pass = slow.open(i)) {
                pass.next();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (dataThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, dataThreads(), "every pass's threads ended");
    }

    @Test
    void elementsCannotBeChangedThroughTheirGetters() {
        Dataset cached = ten().cache();
        cached.toList();
        Batch first = cached.toList().get(0);
        first.featureValues()[0] = 99;
        assertEquals(0f, cached.toList().get(0).featureValues()[0]);
    }

    @Test
    void badArgumentsAreRefusedWhenTheDatasetIsMade() {
        assertThrows(IllegalArgumentException.class, () -> ten().batch(0));
        assertThrows(IllegalArgumentException.class, () -> ten().shuffle(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ten().map(b -> b, 0));
        assertThrows(IllegalArgumentException.class, () -> ten().take(-1));
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromTensors(Tensor.zeros(3, 2), Tensor.zeros(4)));
        assertTrue(rows.getMessage().contains("x has 3 samples but y has shape [4]"), rows.getMessage());
        DataException shapes = assertThrows(DataException.class, () -> Dataset.of(List.of(
                Batch.sample(new float[] {1, 2}, new int[] {2}, null, null),
                Batch.sample(new float[] {1, 2, 3}, new int[] {3}, null, null))).batch(2).toList());
        assertTrue(shapes.getMessage().contains("sample 1 of a batch has features of shape (3,), the first (2,)"),
                shapes.getMessage());
    }

    private static long dataThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fusenet-data")).count();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
