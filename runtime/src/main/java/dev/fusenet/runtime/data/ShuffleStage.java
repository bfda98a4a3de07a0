package dev.fusenet.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * {@code tf.data}'s shuffle: a buffer of {@code bufferSize} elements from which each output is drawn at random and
 * refilled from the input. A buffer at least the dataset's size is a uniform shuffle; a smaller one mixes locally
 * and keeps memory bounded. The draws come from the seed and the epoch, so a run repeats and each epoch (unless
 * {@code reshuffleEachEpoch} is off) has another order.
 */
final class ShuffleStage<T> implements Source<T> {

    /** The increment SplittableRandom itself uses: well-mixed, distinct streams per epoch (as fit's Batching). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Source<T> input;
    private final int bufferSize;
    private final long seed;
    private final boolean reshuffleEachEpoch;

    ShuffleStage(Source<T> input, int bufferSize, long seed, boolean reshuffleEachEpoch) {
        this.input = input;
        this.bufferSize = bufferSize;
        this.seed = seed;
        this.reshuffleEachEpoch = reshuffleEachEpoch;
    }

    @Override
    public Cursor<T> open(long epoch) {
        Cursor<T> upstream = input.open(epoch);
        SplittableRandom random = new SplittableRandom(seed + GOLDEN_GAMMA * ((reshuffleEachEpoch ? epoch : 0) + 1));
        return new Cursor<>() {
            private final List<T> buffer = new ArrayList<>();
            private boolean drained;

            @Override
            public T next() {
                while (!drained && buffer.size() < bufferSize) {
                    T element = upstream.next();
                    if (element == null) {
                        drained = true;
                    } else {
                        buffer.add(element);
                    }
                }
                if (buffer.isEmpty()) {
                    return null;
                }
                int pick = random.nextInt(buffer.size());
                T chosen = buffer.get(pick);
                T last = buffer.remove(buffer.size() - 1);
                if (pick < buffer.size()) {
                    buffer.set(pick, last);
                }
                return chosen;
            }

            @Override
            public void close() {
                buffer.clear();
                drained = true;
                upstream.close();
            }
        };
    }

    @Override
    public OptionalLong cardinality() {
        return input.cardinality();
    }
}
