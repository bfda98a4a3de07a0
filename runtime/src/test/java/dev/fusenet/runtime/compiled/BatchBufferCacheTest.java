package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The buffer sets are made once per batch size; a heap too small for a batch is a message with the size that fits. */
class BatchBufferCacheTest {

    @Test
    void eachBatchSizesBuffersAreMadeOnce() {
        AtomicInteger made = new AtomicInteger();
        BatchBufferCache<float[]> cache = new BatchBufferCache<>(rows -> {
            made.incrementAndGet();
            return new float[rows];
        });
        float[] full = cache.forRows(128);
        cache.forRows(32);
        assertSame(full, cache.forRows(128));
        assertEquals(2, made.get());
    }

    @Test
    void aBatchTheHeapCannotHoldNamesTheLargestThatFits() {
        BatchBufferCache<float[]> cache = new BatchBufferCache<>(rows -> {
            if (rows > 1000) {
                throw new OutOfMemoryError("Java heap space");
            }
            return new float[rows];
        });
        var e = assertThrows(IllegalArgumentException.class, () -> cache.forRows(5000));
        assertTrue(e.getMessage().startsWith("batches of 5,000 samples need more working memory than the Java heap "
                + "has left (its limit is "), e.getMessage());
        assertTrue(e.getMessage().contains("batches of 625 samples fit now: use batchSize(625) or less, or give the "
                + "JVM more heap with -Xmx"), e.getMessage());
        assertEquals(625, cache.forRows(625).length, "the cache still works after the refusal");
    }

    @Test
    void cachedSetsAreLetGoBeforeGivingUp() {
        AtomicInteger calls = new AtomicInteger();
        BatchBufferCache<float[]> cache = new BatchBufferCache<>(rows -> {
            if (rows == 2000 && calls.getAndIncrement() == 0) {
                throw new OutOfMemoryError("Java heap space");
            }
            return new float[rows];
        });
        float[] small = cache.forRows(10);
        assertEquals(2000, cache.forRows(2000).length, "fits once the cached sets are released");
        assertNotSame(small, cache.forRows(10), "the released set is made again");
    }

    @Test
    void notEvenOneSampleSaysSo() {
        BatchBufferCache<float[]> cache = new BatchBufferCache<>(rows -> {
            throw new OutOfMemoryError("Java heap space");
        });
        var e = assertThrows(IllegalArgumentException.class, () -> cache.forRows(8));
        assertTrue(e.getMessage().contains("not even one sample's buffers fit"), e.getMessage());
    }
}
