package dev.fusenet.runtime.data;

import java.util.OptionalLong;
import java.util.function.IntFunction;

/** {@code count} elements made on demand from their index: in-memory tensors' rows, a loader's file list. */
final class IndexedSource<T> implements Source<T> {

    private final int count;
    private final IntFunction<T> element;

    IndexedSource(int count, IntFunction<T> element) {
        this.count = count;
        this.element = element;
    }

    @Override
    public Cursor<T> open(long epoch) {
        return new Cursor<>() {
            private int next;

            @Override
            public T next() {
                return next < count ? element.apply(next++) : null;
            }

            @Override
            public void close() {
                next = count;
            }
        };
    }

    @Override
    public OptionalLong cardinality() {
        return OptionalLong.of(count);
    }
}
