package dev.fusenet.runtime.compiled;

import java.util.Arrays;

/**
 * Each shard's part of a gradient that sums over the batch (a bias's, a depthwise kernel's), and their sum: every
 * shard fills its own in the backward pass, and the update adds them in shard order, so the bits do not depend on
 * how the shards ran. A shard that had no rows of the batch ran no backward: what its part holds is an earlier
 * batch's, so the sum leaves it out.
 */
final class ShardSums {

    private final float[][] parts;

    ShardSums(int size) {
        this.parts = new float[Shards.COUNT][size];
    }

    /** Shard {@code shard}'s part, zeroed, for its backward pass to add into. */
    float[] start(int shard) {
        Arrays.fill(parts[shard], 0f);
        return parts[shard];
    }

    /**
     * Shard {@code shard}'s part as the column sums of rows {@code [fromRow, toRow)} of {@code values}, a matrix as
     * wide as the part: a bias's gradient from the rows of dz. One pass over whole rows, which the JIT vectorizes.
     */
    void columnSums(int shard, float[] values, int fromRow, int toRow) {
        float[] sums = start(shard);
        int width = sums.length;
        for (int r = fromRow; r < toRow; r++) {
            int start = r * width;
            if (Products.VECTOR_API) {
                ShortRuns.add(values, start, sums, 0, width);
                continue;
            }
            for (int c = 0; c < width; c++) {
                sums[c] += values[start + c];
            }
        }
    }

    /**
     * {@code gradient[from, to)} = the sum of the parts of the shards that had rows of a batch of {@code rows}, in
     * shard order.
     */
    void sumInto(float[] gradient, int from, int to, int rows) {
        Arrays.fill(gradient, from, to, 0f);
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            if (Shards.from(shard, rows) == Shards.to(shard, rows)) {
                continue;
            }
            float[] part = parts[shard];
            for (int i = from; i < to; i++) {
                gradient[i] += part[i];
            }
        }
    }
}
