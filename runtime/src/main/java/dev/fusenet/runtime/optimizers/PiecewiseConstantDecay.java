package dev.fusenet.runtime.optimizers;

import java.util.Arrays;

/**
 * {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]} while
 * {@code boundaries[i-1] < step <= boundaries[i]}, and the last value after the last boundary
 * (keras.optimizers.schedules.PiecewiseConstantDecay).
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {

    private final long[] boundaries;
    private final double[] values;

    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: needs one value more than boundaries, got "
                    + boundaries.length + " boundaries and " + values.length + " values");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (double value : values) {
            Hyperparameters.requirePositive("PiecewiseConstantDecay", "each value", value);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay[boundaries=" + Arrays.toString(boundaries) + ", values="
                + Arrays.toString(values) + "]";
    }
}
