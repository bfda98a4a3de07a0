package dev.fusenet.runtime.compiled;

import java.util.ArrayDeque;
import java.util.Iterator;
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

    private record Free<B>(int rows, B buffers) {
    }

    private final IntFunction<B> make;
    private final ArrayDeque<Free<B>> free = new ArrayDeque<>();

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
            for (Iterator<Free<B>> sets = free.iterator(); sets.hasNext(); ) {
                Free<B> set = sets.next();
                if (set.rows() == rows) {
                    sets.remove();
                    return set.buffers();
                }
            }
        }
        try {
            return make.apply(rows);
        } catch (OutOfMemoryError tooLarge) {
            synchronized (free) {
                free.clear();
            }
            return WorkingMemoryException.retry(make, rows, "predict");
        }
    }

    /** Gives back a set {@link #borrow} lent for {@code rows} rows. */
    public void release(int rows, B buffers) {
        synchronized (free) {
            free.addFirst(new Free<>(rows, buffers));
            while (free.size() > KEPT) {
                free.removeLast();
            }
        }
    }
}
