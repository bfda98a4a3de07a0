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
        B made = make.apply(count);
        rows[victim] = count;
        buffers[victim] = made;
        lastUse[victim] = uses;
        return made;
    }
}
