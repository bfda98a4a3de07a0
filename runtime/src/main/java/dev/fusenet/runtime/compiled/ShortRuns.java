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

    /** {@code z[at + c] = a[at + c] = z[at + c] + bias[c]} for the {@code units} values of one row. */
    static void biasLinear(float[] z, float[] bias, float[] a, int at, int units) {
        int c = 0;
        for (; c + LANES <= units; c += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, z, at + c).add(FloatVector.fromArray(SPECIES, bias, c));
            v.intoArray(z, at + c);
            v.intoArray(a, at + c);
        }
        for (; c < units; c++) {
            float v = z[at + c] + bias[c];
            z[at + c] = v;
            a[at + c] = v;
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
