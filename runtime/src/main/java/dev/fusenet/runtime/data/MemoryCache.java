package dev.fusenet.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code cache()}: the first complete pass keeps every element; later passes replay them without running the
 * stages before the cache (decoding, resizing). A pass that stops early (a {@code take}, an early stop) keeps
 * nothing, as {@code tf.data}'s cache. The filled cache is shared by every pass on any thread.
 */
final class MemoryCache<T> implements Source<T> {

    private final Source<T> input;
    private volatile List<T> complete;

    MemoryCache(Source<T> input) {
        this.input = input;
    }

    @Override
    public Cursor<T> open(long epoch) {
        List<T> filled = complete;
        if (filled != null) {
            return new IndexedSource<>(filled.size(), filled::get).open(epoch);
        }
        Cursor<T> upstream = input.open(epoch);
        return new Cursor<>() {
            private List<T> recorded = new ArrayList<>();

            @Override
            public T next() {
                T element = upstream.next();
                if (element == null) {
                    if (recorded != null) {
                        publish(recorded);
                        recorded = null;
                    }
                    return null;
                }
                if (recorded != null) {
                    recorded.add(element);
                }
                return element;
            }

            @Override
            public void close() {
                recorded = null;
                upstream.close();
            }
        };
    }

    private synchronized void publish(List<T> elements) {
        if (complete == null) {
            complete = List.copyOf(elements);
        }
    }

    @Override
    public OptionalLong cardinality() {
        List<T> filled = complete;
        return filled != null ? OptionalLong.of(filled.size()) : input.cardinality();
    }
}
