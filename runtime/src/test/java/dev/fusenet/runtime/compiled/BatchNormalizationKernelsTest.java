package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's batch-normalisation passes against the layer's loops, bit for bit, on channel counts below, at
 * and past a vector of floats and of doubles, with and without gamma and beta, over a range of rows.
 */
class BatchNormalizationKernelsTest {

    private static final int[] CHANNELS = {1, 7, 8, 9, 16, 17, 37, 64};
    private static final int ROWS = 11;
    private static final int FROM = 2;
    private static final int TO = 9;

    private static float[] random(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-3, 4)));
        }
        return values;
    }

    @Test
    void theSumsAreTheLoopsSums() {
        assumeTrue(Products.VECTOR_API);
        SplittableRandom random = new SplittableRandom(1);
        for (int channels : CHANNELS) {
            float[] in = random(random, ROWS * channels);
            float[] other = random(random, ROWS * channels);
            double[][] expected = {new double[channels], new double[channels]};
            double[][] actual = {new double[channels], new double[channels]};
            BatchNormalizationLayer.addMomentsLoop(in, expected[0], expected[1], FROM, TO, channels);
            BatchNormalizationKernels.addMoments(in, actual[0], actual[1], FROM, TO, channels);
            assertArrayEquals(expected[0], actual[0], "sums of " + channels);
            assertArrayEquals(expected[1], actual[1], "sums of squares of " + channels);
            BatchNormalizationLayer.addGradientSumsLoop(in, other, expected[0], expected[1], FROM, TO, channels);
            BatchNormalizationKernels.addGradientSums(in, other, actual[0], actual[1], FROM, TO, channels);
            assertArrayEquals(expected[0], actual[0], "gradient sums of " + channels);
            assertArrayEquals(expected[1], actual[1], "gradient products of " + channels);
        }
    }

    @Test
    void normaliseAndInputGradientAreTheLoopsValues() {
        assumeTrue(Products.VECTOR_API);
        SplittableRandom random = new SplittableRandom(2);
        for (int channels : CHANNELS) {
            for (int form = 0; form < 4; form++) {
                float[] in = random(random, ROWS * channels);
                float[] mean = random(random, channels);
                float[] inverse = random(random, channels);
                float[] gamma = (form & 1) == 0 ? null : random(random, channels);
                float[] beta = (form & 2) == 0 ? null : random(random, channels);
                float[] expectedNormalised = new float[in.length];
                float[] expectedOut = new float[in.length];
                float[] actualNormalised = new float[in.length];
                float[] actualOut = new float[in.length];
                BatchNormalizationLayer.normaliseLoop(in, mean, inverse, gamma, beta, expectedNormalised, expectedOut,
                        FROM, TO, channels);
                BatchNormalizationKernels.normalise(in, mean, inverse, gamma, beta, actualNormalised, actualOut, FROM,
                        TO, channels);
                String what = channels + " channels, form " + form;
                assertArrayEquals(expectedNormalised, actualNormalised, "x̂ of " + what);
                assertArrayEquals(expectedOut, actualOut, "y of " + what);
                BatchNormalizationKernels.normalise(in, mean, inverse, gamma, beta, null, actualOut, FROM, TO,
                        channels);
                assertArrayEquals(expectedOut, actualOut, "y without x̂ of " + what);

                float[] gradient = random(random, in.length);
                float[] meanGradient = random(random, channels);
                float[] meanGradientNormalised = random(random, channels);
                float[] expected = new float[in.length];
                float[] actual = new float[in.length];
                BatchNormalizationLayer.inputGradientLoop(gradient, expectedNormalised, gamma, inverse, meanGradient,
                        meanGradientNormalised, expected, FROM, TO, channels);
                BatchNormalizationKernels.inputGradient(gradient, expectedNormalised, gamma, inverse, meanGradient,
                        meanGradientNormalised, actual, FROM, TO, channels);
                assertArrayEquals(expected, actual, "dx of " + what);
            }
        }
    }
}
