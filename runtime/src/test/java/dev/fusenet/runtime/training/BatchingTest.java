package dev.fusenet.runtime.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.runtime.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchingTest {

    @Test
    void theLastBatchIsPartial() {
        Batching batching = new Batching(60000, 128);
        assertEquals(469, batching.batchCount());
        assertEquals(59904, batching.start(468));
        assertEquals(60000, batching.end(468));
        assertEquals(128, batching.end(0));
    }

    /** A batch size above the rows is one batch of all of them, as Keras's; Integer.MAX_VALUE used to give none. */
    @Test
    void aBatchLargerThanTheDataIsOneBatchOfEveryRow() {
        for (int batchSize : new int[] {101, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
            Batching batching = new Batching(100, batchSize);
            assertEquals(1, batching.batchCount(), "batch size " + batchSize);
            assertEquals(0, batching.start(0));
            assertEquals(100, batching.end(0), "batch size " + batchSize);
        }
        Batching large = new Batching(Integer.MAX_VALUE - 5, Integer.MAX_VALUE - 10);
        assertEquals(2, large.batchCount());
        assertEquals(Integer.MAX_VALUE - 5, large.end(1));
    }

    @Test
    void shufflesAreSeededPerEpochAndArePermutations() {
        Batching batching = new Batching(1000, 32);
        int[] first = batching.order(42, 0, true);
        assertArrayEquals(first, batching.order(42, 0, true));
        assertFalse(Arrays.equals(first, batching.order(42, 1, true)));
        assertFalse(Arrays.equals(first, batching.order(43, 0, true)));
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(first).sorted().toArray());
        assertArrayEquals(IntStream.range(0, 1000).toArray(), batching.order(42, 0, false));
    }

    @Test
    void badSizesAreRefused() {
        assertEquals("batching: batchSize must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Batching(10, 0)).getMessage());
        assertEquals("batching: there must be at least one sample, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Batching(0, 10)).getMessage());
    }

    @Test
    void validationSplitHoldsOutTheLastRows() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10, 1);
        Tensor y = Tensor.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        ValidationSplit split = ValidationSplit.of(x, y, 0.2);
        assertArrayEquals(new long[] {8, 1}, split.trainX().shape());
        assertArrayEquals(new int[] {8, 9}, split.validationY().toIntArray());
        assertArrayEquals(new float[] {8, 9}, split.validationX().toFloatArray());
        assertEquals("fit: 1 samples cannot be split into training and validation sets with validationSplit 0.5; both "
                + "need at least one sample", assertThrows(IllegalArgumentException.class,
                        () -> ValidationSplit.of(x.slice(0, 1), y.slice(0, 1), 0.5)).getMessage());
    }
}
