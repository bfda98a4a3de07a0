package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code to[at ..] += from[start ..]} over a run of a few vectors' length with the JDK's Vector API: col2im's
 * runs (a kernel row's width times the channels, 48 values for a 3×3 window over 16 channels) are shorter than
 * the JIT's unrolled vector loop, which leaves them to its scalar loop. The same additions, so the same bits;
 * only loaded when the JVM has the module ({@link Products#VECTOR_API}).
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
}
