package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops over runs of a few vectors' length with the JDK's Vector API: col2im's runs (a kernel row's width times
 * the channels, 48 values for a 3×3 window over 16 channels) and a row of 16 or 32 channels are shorter than the
 * JIT's unrolled vector loop, which leaves them to its scalar loop. The same operations on each value, so the same
 * bits; only loaded when the JVM has the module ({@link Products#VECTOR_API}).
 */
final class ShortRuns {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private ShortRuns() {
    }

    static void add(float[] from, int start, float[] to, int at, int length) {
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector.fromArray(SPECIES, to, at + i).add(FloatVector.fromArray(SPECIES, from, start + i))
                    .intoArray(to, at + i);
        }
        for (; i < length; i++) {
            to[at + i] += from[start + i];
        }
    }

    /**
     * {@code to[at + i] += a[aAt + i] * b[bAt + i]}: a product then a sum, each rounded, as Java's scalar
     * {@code +=} of a product (no fused multiply-add), so the same bits as the loop it replaces.
     */
    static void multiplyAdd(float[] a, int aAt, float[] b, int bAt, float[] to, int at, int length) {
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector product = FloatVector.fromArray(SPECIES, a, aAt + i)
                    .mul(FloatVector.fromArray(SPECIES, b, bAt + i));
            FloatVector.fromArray(SPECIES, to, at + i).add(product).intoArray(to, at + i);
        }
        for (; i < length; i++) {
            to[at + i] += a[aAt + i] * b[bAt + i];
        }
    }

    /** {@code a[at + c] = Math.max(z[at + c] + bias[c], 0)} for the {@code units} values of one row. */
    static void biasRelu(float[] z, float[] bias, float[] a, int at, int units) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int c = 0;
        for (; c + LANES <= units; c += LANES) {
            FloatVector.fromArray(SPECIES, z, at + c).add(FloatVector.fromArray(SPECIES, bias, c)).max(zero)
                    .intoArray(a, at + c);
        }
        for (; c < units; c++) {
            a[at + c] = Math.max(z[at + c] + bias[c], 0f);
        }
    }
}
