package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Initializer;
import java.util.SplittableRandom;

/**
 * Keras's weight initializers (keras.initializers): the variance-scaling family with its fan and distribution,
 * and the constants. The normal variants draw from a normal truncated at two standard deviations, with Keras's
 * correction so that the truncated distribution has the intended variance.
 */
public final class Initializers {

    /** The standard deviation of a unit normal truncated to [-2, 2], which Keras divides by. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private Initializers() {
    }

    /** Fills {@code values} for a weight with {@code fanIn} inputs and {@code fanOut} outputs. */
    public static void fill(float[] values, Initializer kind, int fanIn, int fanOut, SplittableRandom random) {
        switch (kind) {
            case ZEROS -> java.util.Arrays.fill(values, 0f);
            case ONES -> java.util.Arrays.fill(values, 1f);
            case GLOROT_UNIFORM -> uniform(values, Math.sqrt(6.0 / (fanIn + fanOut)), random);
            case HE_UNIFORM -> uniform(values, Math.sqrt(6.0 / fanIn), random);
            case LECUN_UNIFORM -> uniform(values, Math.sqrt(3.0 / fanIn), random);
            case GLOROT_NORMAL -> truncatedNormal(values, Math.sqrt(2.0 / (fanIn + fanOut)), random);
            case HE_NORMAL -> truncatedNormal(values, Math.sqrt(2.0 / fanIn), random);
            case LECUN_NORMAL -> truncatedNormal(values, Math.sqrt(1.0 / fanIn), random);
        }
    }

    private static void uniform(float[] values, double limit, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-limit, limit);
        }
    }

    private static void truncatedNormal(float[] values, double stddev, SplittableRandom random) {
        double scale = stddev / TRUNCATED_STDDEV;
        for (int i = 0; i < values.length; i++) {
            double draw;
            do {
                draw = random.nextGaussian();
            } while (Math.abs(draw) > 2);
            values[i] = (float) (draw * scale);
        }
    }
}
