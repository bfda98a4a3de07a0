package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Window;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The depthwise convolution of depth multiplier 1 with the JDK's Vector API, a vector of channels at a time, each
 * sum held in a register until it is complete instead of read and written in memory at every tap. Every value is
 * the same sum, in the same order, as {@link DepthwiseConv2DLayer}'s loops (which run without the module and with
 * other multipliers): so the same bits.
 * <ul>
 * <li>forward: an output value's taps in (ky, kx) order, from zero;</li>
 * <li>kernel gradient: a tap's products over the shard's output positions in (sample, oy, ox) order, added to what
 * the shard's part holds, one output row at a time (so the rows it reads stay in L1);</li>
 * <li>input gradient, gathered: an input pixel's products in the order of the output positions that read it,
 * (oy, ox) ascending.</li>
 * </ul>
 * The loops run over {@link WindowTaps}' tables, without bounds tests; a vector sum is carried across one loop,
 * never nested ones, and the vector loops and their scalar tails are separate small methods: C2 on JDK 17 boxes a
 * vector carried across nested loops or a loop with a {@code continue}, or used in a method past its inlining
 * budget, an allocation per operation (measured: the mini-Xception's depthwise stages ran slower than the scalar
 * loops they replace until each was a single loop). Only loaded when the JVM has the module
 * ({@link Products#VECTOR_API}).
 */
final class DepthwiseKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private DepthwiseKernels() {
    }

    /** {@code z} of samples {@code [from, to)}: each window of {@code in} times the kernel, no bias. */
    static void forward(Window.Placement at, WindowTaps rows, WindowTaps columns, int channels, float[] in,
                        float[] kernel, float[] z, int from, int to) {
        int vectors = channels - channels % LANES;
        for (int n = from; n < to; n++) {
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                for (int ox = 0; ox < at.outputWidth(); ox++) {
                    int out = ((n * at.outputHeight() + oy) * at.outputWidth() + ox) * channels;
                    int[] kys = rows.tapsOfOutput[oy];
                    int[] kxs = columns.tapsOfOutput[ox];
                    int origin = n * at.inputHeight() - at.padTop() + oy * at.strideHeight();
                    int left = ox * at.strideWidth() - at.padLeft();
                    windowVectors(at, channels, vectors, kys, kxs, origin, left, in, kernel, z, out);
                    for (int c = vectors; c < channels; c++) {
                        float sum = 0f;
                        for (int ky : kys) {
                            int row = (origin + ky * at.dilationHeight()) * at.inputWidth();
                            for (int kx : kxs) {
                                sum += in[(row + left + kx * at.dilationWidth()) * channels + c]
                                        * kernel[(ky * at.width() + kx) * channels + c];
                            }
                        }
                        z[out + c] = sum;
                    }
                }
            }
        }
    }

    /**
     * One output position's sums, a vector of channels at a time: input row {@code origin + ky · dilation} (rows
     * counted over the whole batch), column {@code left + kx · dilation}.
     */
    private static void windowVectors(Window.Placement at, int channels, int vectors, int[] kys, int[] kxs,
                                      int origin, int left, float[] in, float[] kernel, float[] z, int out) {
        int width = at.inputWidth();
        int taps = at.width();
        int dilationHeight = at.dilationHeight();
        int dilationWidth = at.dilationWidth();
        int count = kys.length * kxs.length;
        int c = 0;
        for (; c + 2 * LANES <= vectors; c += 2 * LANES) {
            // two vectors of channels per pass over the taps, so each tap's index arithmetic serves both
            FloatVector sum0 = FloatVector.zero(SPECIES);
            FloatVector sum1 = sum0;
            int i = 0;
            int j = 0;
            for (int t = 0; t < count; t++) {
                int ky = kys[i];
                int kx = kxs[j];
                int pixel = ((origin + ky * dilationHeight) * width + left + kx * dilationWidth) * channels + c;
                int tap = (ky * taps + kx) * channels + c;
                sum0 = sum0.add(FloatVector.fromArray(SPECIES, in, pixel)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap)));
                sum1 = sum1.add(FloatVector.fromArray(SPECIES, in, pixel + LANES)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap + LANES)));
                if (++j == kxs.length) {
                    j = 0;
                    i++;
                }
            }
            sum0.intoArray(z, out + c);
            sum1.intoArray(z, out + c + LANES);
        }
        for (; c < vectors; c += LANES) {
            // one loop over the window's taps, not two nested: C2 on JDK 17 boxes a vector carried across nested
            // loops
            FloatVector sum = FloatVector.zero(SPECIES);
            int i = 0;
            int j = 0;
            for (int t = 0; t < count; t++) {
                int ky = kys[i];
                int kx = kxs[j];
                int pixel = ((origin + ky * dilationHeight) * width + left + kx * dilationWidth) * channels + c;
                int tap = (ky * taps + kx) * channels + c;
                sum = sum.add(FloatVector.fromArray(SPECIES, in, pixel)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap)));
                if (++j == kxs.length) {
                    j = 0;
                    i++;
                }
            }
            sum.intoArray(z, out + c);
        }
    }

    /** Adds samples {@code [from, to)}'s kernel gradient, {@code Σ in · dz} per tap and channel, to {@code gradient}. */
    static void addKernelGradient(Window.Placement at, WindowTaps rows, WindowTaps columns, int channels, float[] in,
                                  float[] dz, float[] gradient, int from, int to) {
        int vectors = channels - channels % LANES;
        for (int n = from; n < to; n++) {
            for (int oy = 0; oy < at.outputHeight(); oy++) {
                int outRow = (n * at.outputHeight() + oy) * at.outputWidth();
                for (int ky : rows.tapsOfOutput[oy]) {
                    int inRow = (n * at.inputHeight() + at.row(oy, ky)) * at.inputWidth();
                    for (int kx = 0; kx < at.width(); kx++) {
                        int tap = (ky * at.width() + kx) * channels;
                        int[] oxs = columns.outputsOfTap[kx];
                        int left = kx * at.dilationWidth() - at.padLeft();
                        rowVectors(at, channels, vectors, oxs, left, in, inRow, dz, outRow, gradient, tap);
                        for (int c = vectors; c < channels; c++) {
                            float sum = gradient[tap + c];
                            for (int ox : oxs) {
                                sum += in[(inRow + ox * at.strideWidth() + left) * channels + c]
                                        * dz[(outRow + ox) * channels + c];
                            }
                            gradient[tap + c] = sum;
                        }
                    }
                }
            }
        }
    }

    /** One output row's products for one tap, a vector of channels at a time, added at {@code tap}. */
    private static void rowVectors(Window.Placement at, int channels, int vectors, int[] oxs, int left, float[] in,
                                   int inRow, float[] dz, int outRow, float[] gradient, int tap) {
        int stride = at.strideWidth();
        int c = 0;
        for (; c + 2 * LANES <= vectors; c += 2 * LANES) {
            FloatVector sum0 = FloatVector.fromArray(SPECIES, gradient, tap + c);
            FloatVector sum1 = FloatVector.fromArray(SPECIES, gradient, tap + c + LANES);
            for (int ox : oxs) {
                int pixel = (inRow + ox * stride + left) * channels + c;
                int out = (outRow + ox) * channels + c;
                sum0 = sum0.add(FloatVector.fromArray(SPECIES, in, pixel)
                        .mul(FloatVector.fromArray(SPECIES, dz, out)));
                sum1 = sum1.add(FloatVector.fromArray(SPECIES, in, pixel + LANES)
                        .mul(FloatVector.fromArray(SPECIES, dz, out + LANES)));
            }
            sum0.intoArray(gradient, tap + c);
            sum1.intoArray(gradient, tap + c + LANES);
        }
        for (; c < vectors; c += LANES) {
            FloatVector sum = FloatVector.fromArray(SPECIES, gradient, tap + c);
            for (int ox : oxs) {
                int pixel = (inRow + ox * stride + left) * channels + c;
                int out = (outRow + ox) * channels + c;
                sum = sum.add(FloatVector.fromArray(SPECIES, in, pixel)
                        .mul(FloatVector.fromArray(SPECIES, dz, out)));
            }
            sum.intoArray(gradient, tap + c);
        }
    }

    /**
     * {@code inGradient} of samples {@code [from, to)}, written: each input pixel's sum of {@code dz · kernel} over
     * the output positions whose windows read it.
     */
    static void inputGradient(Window.Placement at, WindowTaps rows, WindowTaps columns, int channels, float[] dz,
                              float[] kernel, float[] inGradient, int from, int to) {
        int vectors = channels - channels % LANES;
        for (int n = from; n < to; n++) {
            for (int y = 0; y < at.inputHeight(); y++) {
                int[] oys = rows.outputsOfInput[y];
                int[] kys = rows.tapsOfInput[y];
                for (int x = 0; x < at.inputWidth(); x++) {
                    int pixel = ((n * at.inputHeight() + y) * at.inputWidth() + x) * channels;
                    int[] oxs = columns.outputsOfInput[x];
                    int[] kxs = columns.tapsOfInput[x];
                    int outSample = n * at.outputHeight();
                    gatherVectors(at, channels, vectors, oys, kys, oxs, kxs, outSample, dz, kernel, inGradient,
                            pixel);
                    for (int c = vectors; c < channels; c++) {
                        float sum = 0f;
                        for (int i = 0; i < oys.length; i++) {
                            int outRow = (outSample + oys[i]) * at.outputWidth();
                            for (int j = 0; j < oxs.length; j++) {
                                sum += dz[(outRow + oxs[j]) * channels + c]
                                        * kernel[(kys[i] * at.width() + kxs[j]) * channels + c];
                            }
                        }
                        inGradient[pixel + c] = sum;
                    }
                }
            }
        }
    }

    /** One input pixel's gradient, a vector of channels at a time, written at {@code pixel}. */
    private static void gatherVectors(Window.Placement at, int channels, int vectors, int[] oys, int[] kys,
                                      int[] oxs, int[] kxs, int outSample, float[] dz, float[] kernel,
                                      float[] inGradient, int pixel) {
        int outWidth = at.outputWidth();
        int taps = at.width();
        int count = oys.length * oxs.length;
        int c = 0;
        for (; c + 2 * LANES <= vectors; c += 2 * LANES) {
            FloatVector sum0 = FloatVector.zero(SPECIES); // two vectors per pass, as windowVectors'
            FloatVector sum1 = sum0;
            int i = 0;
            int j = 0;
            for (int t = 0; t < count; t++) {
                int out = ((outSample + oys[i]) * outWidth + oxs[j]) * channels + c;
                int tap = (kys[i] * taps + kxs[j]) * channels + c;
                sum0 = sum0.add(FloatVector.fromArray(SPECIES, dz, out)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap)));
                sum1 = sum1.add(FloatVector.fromArray(SPECIES, dz, out + LANES)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap + LANES)));
                if (++j == oxs.length) {
                    j = 0;
                    i++;
                }
            }
            sum0.intoArray(inGradient, pixel + c);
            sum1.intoArray(inGradient, pixel + c + LANES);
        }
        for (; c < vectors; c += LANES) {
            FloatVector sum = FloatVector.zero(SPECIES); // one loop, as windowVectors'
            int i = 0;
            int j = 0;
            for (int t = 0; t < count; t++) {
                int out = ((outSample + oys[i]) * outWidth + oxs[j]) * channels + c;
                int tap = (kys[i] * taps + kxs[j]) * channels + c;
                sum = sum.add(FloatVector.fromArray(SPECIES, dz, out)
                        .mul(FloatVector.fromArray(SPECIES, kernel, tap)));
                if (++j == oxs.length) {
                    j = 0;
                    i++;
                }
            }
            sum.intoArray(inGradient, pixel + c);
        }
    }
}
