package dev.fusenet.runtime.data;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/** {@code unbatch}: each batch's samples as elements of their own, in order. */
final class UnbatchStage implements Source<Batch> {

    private final Source<Batch> input;

    UnbatchStage(Source<Batch> input) {
        this.input = input;
    }

    @Override
    public Cursor<Batch> open(long epoch) {
        Cursor<Batch> upstream = input.open(epoch);
        return new Cursor<>() {
            private final ArrayDeque<Batch> pending = new ArrayDeque<>();

            @Override
            public Batch next() {
                while (pending.isEmpty()) {
                    Batch batch = upstream.next();
                    if (batch == null) {
                        return null;
                    }
                    if (batch.isBatched()) {
                        pending.addAll(batch.unstack());
                    } else {
                        pending.add(batch);
                    }
                }
                return pending.poll();
            }

            @Override
            public void close() {
                pending.clear();
                upstream.close();
            }
        };
    }

    @Override
    public OptionalLong cardinality() {
        return OptionalLong.empty();
    }
}
