package dev.fusenet.runtime.data;

import java.util.Optional;
import java.util.OptionalLong;

/** The present values of a stage whose elements may be empty: what is left once skipped files are dropped. */
final class DropEmptyStage<T> implements Source<T> {

    private final Source<Optional<T>> input;

    DropEmptyStage(Source<Optional<T>> input) {
        this.input = input;
    }

    @Override
    public Cursor<T> open(long epoch) {
        Cursor<Optional<T>> upstream = input.open(epoch);
        return new Cursor<>() {
            @Override
            public T next() {
                for (Optional<T> element = upstream.next(); element != null; element = upstream.next()) {
                    if (element.isPresent()) {
                        return element.get();
                    }
                }
                return null;
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    /** Unknown: how many are dropped shows only once they are read. */
    @Override
    public OptionalLong cardinality() {
        return OptionalLong.empty();
    }
}
