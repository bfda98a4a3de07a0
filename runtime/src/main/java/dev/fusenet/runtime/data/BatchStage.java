package dev.fusenet.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code batch}: stacks {@code batchSize} consecutive samples into one batch; the last batch of a pass holds what is
 * left unless {@code dropRemainder}, as {@code tf.data}'s {@code batch(n, drop_remainder)}.
 */
final class BatchStage implements Source<Batch> {

    private final Source<Batch> input;
    private final int batchSize;
    private final boolean dropRemainder;

    BatchStage(Source<Batch> input, int batchSize, boolean dropRemainder) {
        this.input = input;
        this.batchSize = batchSize;
        this.dropRemainder = dropRemainder;
    }

    @Override
    public Cursor<Batch> open(long epoch) {
        Cursor<Batch> upstream = input.open(epoch);
        return new Cursor<>() {
            private long index;

            @Override
            public Batch next() {
                List<Batch> samples = new ArrayList<>(batchSize);
                while (samples.size() < batchSize) {
                    Batch sample = upstream.next();
                    if (sample == null) {
                        break;
                    }
                    if (sample.isBatched()) {
                        throw new DataException("batch: element " + index + " is already a batch of " + sample.size()
                                + "; call unbatch() first to batch again, or batch only once");
                    }
                    index++;
                    samples.add(sample);
                }
                if (samples.isEmpty() || (dropRemainder && samples.size() < batchSize)) {
                    return null;
                }
                return Batch.stack(samples);
            }

            @Override
            public void close() {
                upstream.close();
            }
        };
    }

    @Override
    public OptionalLong cardinality() {
        OptionalLong samples = input.cardinality();
        if (samples.isEmpty()) {
            return samples;
        }
        long n = samples.getAsLong();
        return OptionalLong.of(dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize);
    }
}
