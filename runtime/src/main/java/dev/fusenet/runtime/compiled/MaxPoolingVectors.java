package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of {@link MaxPooling2DLayer} over channels-last values with the JDK's Vector API, one window a
 * vector of channels at a time: 2×2 stride-2 windows' four pixels, and any other window's pixels in one loop (a
 * vector carried across nested loops is boxed by C2 on JDK 17). The same bits as the scalar loops there (a
 * maximum is one of its arguments, and {@code max} is {@link Math#max(float, float)}, NaN and ±0 included; the
 * gradient goes to the first pixel, in row order, that matches it bit for bit). Only loaded when the JVM has the
 * module ({@link Products#VECTOR_API}).
 */
final class MaxPoolingVectors {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();

    private MaxPoolingVectors() {
    }

    /**
     * The first {@code channels} rounded down to whole vectors of {@code out[at ..] = max(in[p0 ..], in[p1 ..],
     * in[p2 ..], in[p3 ..])}, each maximum as {@link Math#max(float, float)}; returns how many channels it did.
     */
    static int forward(float[] in, int p0, int p1, int p2, int p3, float[] out, int at, int channels) {
        int c = 0;
        for (; c + LANES <= channels; c += LANES) {
            FloatVector top = FloatVector.fromArray(FLOATS, in, p0 + c).max(FloatVector.fromArray(FLOATS, in, p1 + c));
            FloatVector bottom = FloatVector.fromArray(FLOATS, in, p2 + c)
                    .max(FloatVector.fromArray(FLOATS, in, p3 + c));
            top.max(bottom).intoArray(out, at + c);
        }
        return c;
    }

    /**
     * The first {@code channels} rounded down to whole vectors of one window's backward: the output's gradient
     * {@code gradient[at ..]} to the first of the four pixels whose input equals the maximum {@code max[at ..]}
     * bit for bit, zero to the others; returns how many channels it did.
     */
    static int backward(float[] in, float[] max, float[] gradient, int at, float[] inGradient, int p0, int p1,
                        int p2, int p3, int channels) {
        IntVector zero = FloatVector.zero(FLOATS).reinterpretAsInts();
        int c = 0;
        for (; c + LANES <= channels; c += LANES) {
            IntVector m = bits(max, at + c);
            IntVector left = bits(gradient, at + c);
            VectorMask<Integer> wins = bits(in, p0 + c).compare(VectorOperators.EQ, m);
            zero.blend(left, wins).reinterpretAsFloats().intoArray(inGradient, p0 + c);
            left = left.blend(zero, wins);
            wins = bits(in, p1 + c).compare(VectorOperators.EQ, m);
            zero.blend(left, wins).reinterpretAsFloats().intoArray(inGradient, p1 + c);
            left = left.blend(zero, wins);
            wins = bits(in, p2 + c).compare(VectorOperators.EQ, m);
            zero.blend(left, wins).reinterpretAsFloats().intoArray(inGradient, p2 + c);
            left.blend(zero, wins).reinterpretAsFloats().intoArray(inGradient, p3 + c);
        }
        return c;
    }

    private static IntVector bits(float[] values, int at) {
        return FloatVector.fromArray(FLOATS, values, at).reinterpretAsInts();
    }

    /**
     * The first {@code channels} rounded down to whole vectors of one window's maximum into {@code out[at ..]}:
     * rows {@code [rowFrom, rowTo)} and columns {@code [columnFrom, columnTo)} of the sample at {@code sample}, an
     * image {@code width} pixels wide; returns how many channels it did.
     */
    static int window(float[] in, int sample, int width, int channels, int rowFrom, int rowTo, int columnFrom,
                      int columnTo, float[] out, int at) {
        int count = (rowTo - rowFrom) * (columnTo - columnFrom);
        int c = 0;
        for (; c + LANES <= channels; c += LANES) {
            FloatVector max = FloatVector.fromArray(FLOATS, in,
                    sample + (rowFrom * width + columnFrom) * channels + c);
            int y = rowFrom;
            int x = columnFrom;
            for (int t = 0; t < count; t++) {
                max = max.max(FloatVector.fromArray(FLOATS, in, sample + (y * width + x) * channels + c));
                if (++x == columnTo) {
                    x = columnFrom;
                    y++;
                }
            }
            max.intoArray(out, at + c);
        }
        return c;
    }

    /**
     * The first {@code channels} rounded down to whole vectors of one window's backward (the window as in
     * {@link #window}): the output's gradient {@code gradient[at ..]} added to the first pixel whose input equals
     * the maximum {@code max[at ..]} bit for bit; returns how many channels it did.
     */
    static int windowBackward(float[] in, float[] max, float[] gradient, int at, float[] inGradient, int sample,
                              int width, int channels, int rowFrom, int rowTo, int columnFrom, int columnTo) {
        IntVector zero = FloatVector.zero(FLOATS).reinterpretAsInts();
        int count = (rowTo - rowFrom) * (columnTo - columnFrom);
        int c = 0;
        for (; c + LANES <= channels; c += LANES) {
            IntVector m = bits(max, at + c);
            IntVector left = bits(gradient, at + c);
            int y = rowFrom;
            int x = columnFrom;
            for (int t = 0; t < count; t++) {
                int pixel = sample + (y * width + x) * channels + c;
                VectorMask<Integer> wins = bits(in, pixel).compare(VectorOperators.EQ, m);
                FloatVector.fromArray(FLOATS, inGradient, pixel).add(zero.blend(left, wins).reinterpretAsFloats())
                        .intoArray(inGradient, pixel);
                left = left.blend(zero, wins);
                if (++x == columnTo) {
                    x = columnFrom;
                    y++;
                }
            }
        }
        return c;
    }
}
