package dev.fusenet.runtime.compiled;

/**
 * The random numbers of the seeded layers, as pure functions of a layer's key, the optimizer's step and an index:
 * no generator state, so a draw is the same on any thread, in generated code and in the interpreter, and after a
 * checkpoint is loaded.
 */
public final class Draws {

    private Draws() {
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood, 2014): a well-mixed 64-bit hash of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The key of one step's draws. */
    static long stepKey(long key, long step) {
        return mix(key + step * 0x9E3779B97F4A7C15L);
    }

    /** Uniform in [0, 1) with 24 random bits: float32's resolution, as dropout reads it. */
    static float uniform24(long stepKey, long index) {
        return (mix(stepKey + index * 0xBF58476D1CE4E5B9L) >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits: draw {@code k} of sample {@code row} in one step. */
    static double uniform(long stepKey, int row, int k) {
        return (mix(stepKey + ((long) row * 8 + k) * 0xD1B54A32D192ED03L) >>> 11) * 0x1.0p-53;
    }

    /** {@code lower + u · (upper - lower)}: a draw from {@code [lower, upper]}. */
    static double between(double lower, double upper, double u) {
        return lower + u * (upper - lower);
    }
}
