package dev.fusenet.runtime.data;

/**
 * One pass over a dataset's elements (one epoch), in order: {@link #next()} until it returns null. A cursor may
 * own threads (a parallel {@code map}, a {@code prefetch}) and files; {@link #close()} releases them, and a loop
 * that stops early must close it ({@code try (Cursor<Batch> epoch = dataset.open(e)) { ... }}). Confined to the
 * thread that reads it.
 */
public interface Cursor<T> extends AutoCloseable {

    /** The next element, or null at the end of the pass. */
    T next();

    /** Releases the pass's threads and files; later {@link #next()} calls return null. Idempotent. */
    @Override
    void close();
}
