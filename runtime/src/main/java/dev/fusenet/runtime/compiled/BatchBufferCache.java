package dev.fusenet.runtime.compiled;

import java.util.function.IntFunction;

/**
 * The working buffers of a compiled model for the few batch sizes it meets: the full training batch, the last
 * partial batch of an epoch, and the same two for inference. Each size's buffers are made once and reused, so a
 * training step allocates nothing; when a fifth size comes, the least recently used set makes room.
 *
 * @param <B> the generated class's buffer set
 */
public final class BatchBufferCache<B> {

    private static final int SIZES = 4;

    private final IntFunction<B> make;
    private final int[] rows = new int[SIZES];
    private final Object[] buffers = new Object[SIZES];
    private final long[] lastUse = new long[SIZES];
    private long uses;

    /** A cache that makes the buffers for a batch of {@code rows} samples with {@code make}. */
    public BatchBufferCache(IntFunction<B> make) {
        this.make = make;
    }

    /** The buffers for batches of {@code count} samples. */
    @SuppressWarnings("unchecked")
    public B forRows(int count) {
        uses++;
        int victim = 0;
        for (int i = 0; i < SIZES; i++) {
            if (buffers[i] != null && rows[i] == count) {
                lastUse[i] = uses;
                return (B) buffers[i];
            }
            if (lastUse[i] < lastUse[victim]) {
                victim = i;
            }
        }
        B made = makeWithin(count);
        rows[victim] = count;
        buffers[victim] = made;
        lastUse[victim] = uses;
        return made;
    }

    /**
     * The buffers for {@code count} rows; when the heap cannot hold them, the cached sets are let go and the
     * allocation tried again, and then the largest batch size whose buffers the heap holds now is found (halving)
     * and named, instead of a bare "Java heap space" from the middle of a step. The weights are not touched yet.
     *
     * @throws WorkingMemoryException naming the batch size that fits and the heap's limit
     */
    private B makeWithin(int count) {
        try {
            return make.apply(count);
        } catch (OutOfMemoryError first) {
            java.util.Arrays.fill(buffers, null);
            java.util.Arrays.fill(rows, 0);
            java.util.Arrays.fill(lastUse, 0);
        }
        return WorkingMemoryException.retry(make, count, "fit");
    }
}
