package dev.fusenet.runtime.compiled;

import java.util.function.IntFunction;

/**
 * The working memory of inference, lent to one call at a time, so that many threads can run a model's forward
 * pass at once without sharing buffers: a call borrows a set for its batch size (made when none is free) and
 * returns it. At most {@link #KEPT} free sets are kept, the most recently returned, so that a burst of threads or
 * of batch sizes does not hold memory for good.
 *
 * @param <B> the model's buffer set
 */
public final class InferenceBuffers<B> {

    static final int KEPT = 8;

    private final IntFunction<B> make;
    /**
     * The free sets, most recently returned first, and the batch size each was made for: arrays rather than a
     * queue of entries, so that lending and returning allocate nothing (a serving call makes no garbage).
     */
    private final Object[] free = new Object[KEPT];
    private final int[] freeRows = new int[KEPT];
    private int count;

    /** Buffers made by {@code make} for a batch of a given number of rows. */
    public InferenceBuffers(IntFunction<B> make) {
        this.make = make;
    }

    /**
     * A set for {@code rows} rows that no other call uses until {@link #release}. When the heap cannot hold a new
     * set, the free ones are let go and it is tried again.
     *
     * @throws WorkingMemoryException naming the batch size that fits, when it still cannot
     */
    public B borrow(int rows) {
        synchronized (free) {
            for (int i = 0; i < count; i++) {
                if (freeRows[i] == rows) {
                    @SuppressWarnings("unchecked")
                    B set = (B) free[i];
                    remove(i);
                    return set;
                }
            }
        }
        try {
            return make.apply(rows);
        } catch (OutOfMemoryError tooLarge) {
            synchronized (free) {
                while (count > 0) {
                    remove(count - 1);
                }
            }
            return WorkingMemoryException.retry(make, rows, "predict");
        }
    }

    /** Gives back a set {@link #borrow} lent for {@code rows} rows; the least recently returned goes past {@link #KEPT}. */
    public void release(int rows, B buffers) {
        synchronized (free) {
            int kept = Math.min(count, KEPT - 1);
            System.arraycopy(free, 0, free, 1, kept);
            System.arraycopy(freeRows, 0, freeRows, 1, kept);
            free[0] = buffers;
            freeRows[0] = rows;
            count = kept + 1;
        }
    }

    /** The number of free sets held, for tests. */
    int freeCount() {
        synchronized (free) {
            return count;
        }
    }

    private void remove(int index) {
        System.arraycopy(free, index + 1, free, index, count - index - 1);
        System.arraycopy(freeRows, index + 1, freeRows, index, count - index - 1);
        count--;
        free[count] = null;
    }
}
