package dev.fusenet.runtime.data;

import java.util.OptionalLong;

/** {@code skip(first)} then {@code take(count)}: the elements {@code [first, first + count)} of each pass. */
final class SliceStage<T> implements Source<T> {

    private final Source<T> input;
    private final long first;
    private final long count;

    SliceStage(Source<T> input, long first, long count) {
        this.input = input;
        this.first = first;
        this.count = count;
    }

    @Override
    public Cursor<T> open(long epoch) {
        Cursor<T> upstream = input.open(epoch);
        return new Cursor<>() {
            private long skipped;
            private long taken;

            @Override
            public T next() {
                while (skipped < first) {
                    if (upstream.next() == null) {
                        skipped = first;
                        taken = count;
                        return null;
                    }
                    skipped++;
                }
                if (taken >= count) {
                    return null;
                }
                T element = upstream.next();
                if (element == null) {
                    taken = count;
                    return null;
                }
                taken++;
                return element;
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    @Override
    public OptionalLong cardinality() {
        OptionalLong all = input.cardinality();
        if (all.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, Math.min(count, all.getAsLong() - first)));
    }
}
