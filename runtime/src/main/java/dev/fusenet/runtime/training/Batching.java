package dev.fusenet.runtime.training;

import java.util.SplittableRandom;

/**
 * Splits {@code rows} samples into batches of {@code batchSize}, the last one partial, in an order that is
 * shuffled per epoch from a seed (the same seed and epoch give the same order on every machine).
 */
public final class Batching {

    private final int rows;
    private final int batchSize;

    public Batching(int rows, int batchSize) {
        if (rows <= 0) {
            throw new IllegalArgumentException("batching: there must be at least one sample, got " + rows);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batching: batchSize must be positive, got " + batchSize);
        }
        this.rows = rows;
        this.batchSize = batchSize;
    }

    public int rows() {
        return rows;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of batches per epoch, counting a last partial batch; a batch size larger than the rows is one
     * batch of every row, as Keras's. In long: {@code rows + batchSize - 1} overflows an int for a batch size near
     * {@code Integer.MAX_VALUE}, which gave no batch at all.
     */
    public int batchCount() {
        return (int) (((long) rows + batchSize - 1) / batchSize);
    }

    /** Where batch {@code batch} starts in the epoch's order. */
    public int start(int batch) {
        return batch * batchSize;
    }

    /** Where batch {@code batch} ends (exclusive) in the epoch's order. */
    public int end(int batch) {
        return (int) Math.min(rows, (batch + 1L) * batchSize);
    }

    /** The order of the rows in {@code epoch}: shuffled with Fisher-Yates from the seed, or 0..rows-1. */
    public int[] order(long seed, int epoch, boolean shuffle) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // A distinct, well-mixed stream per epoch (the golden-ratio increment SplittableRandom itself uses).
            SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }
}
