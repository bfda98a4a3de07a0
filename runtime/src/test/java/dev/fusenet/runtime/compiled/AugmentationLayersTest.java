package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The augmentation kernels against hand-worked images, the fill modes as TensorFlow defines them, the draws'
 * reproducibility, and each backward as the exact adjoint of its forward.
 */
class AugmentationLayersTest {

    private static ImageAugmentationLayer seeded(ImageAugmentationLayer layer) {
        layer.initialise(new SplittableRandom(11));
        return layer;
    }

    private static float[] forward(ImageAugmentationLayer layer, float[] in, int rows, long step) {
        float[] out = new float[in.length];
        layer.forwardTraining(in, new float[in.length], out, 0, rows, step);
        return out;
    }

    /** A 1×4 one-channel image a b c d = 1 2 3 4 shifted right by two pixels, per fill mode. */
    private static float[] shiftedRightByTwo(FillMode fill) {
        RandomTranslationLayer shift = new RandomTranslationLayer("t", Shape.of(1, 4, 1), 0, 0, 0.5, 0.5, fill,
                Interpolation.BILINEAR, 9);
        return forward(seeded(shift), new float[] {1, 2, 3, 4}, 1, 0);
    }

    @Test
    void fillModesAsTensorFlowDefinesThem() {
        assertArrayEquals(new float[] {2, 1, 1, 2}, shiftedRightByTwo(FillMode.REFLECT), "d c b a | a b c d");
        assertArrayEquals(new float[] {3, 4, 1, 2}, shiftedRightByTwo(FillMode.WRAP), "a b c d | a b c d");
        assertArrayEquals(new float[] {1, 1, 1, 2}, shiftedRightByTwo(FillMode.NEAREST), "a a a a | a b c d");
        assertArrayEquals(new float[] {9, 9, 1, 2}, shiftedRightByTwo(FillMode.CONSTANT), "k k k k | a b c d");
    }

    @Test
    void aQuarterTurnIsCounterClockwise() {
        // 1 2 3      3 6 9
        // 4 5 6  →   2 5 8
        // 7 8 9      1 4 7
        RandomRotationLayer turn = new RandomRotationLayer("r", Shape.of(3, 3, 1), Math.PI / 2, Math.PI / 2,
                FillMode.REFLECT, Interpolation.BILINEAR, 0);
        float[] out = forward(seeded(turn), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 0);
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, out, 1e-5f);
    }

    @Test
    void zoomingOutByTwoShowsTheImageHalfSizeInTheMiddle() {
        // A 5×5 ramp zoomed out by 2 about its centre: output column x reads input column 2x - 2.
        float[] ramp = new float[25];
        for (int i = 0; i < 25; i++) {
            ramp[i] = i % 5;
        }
        RandomZoomLayer zoom = new RandomZoomLayer("z", Shape.of(5, 5, 1), 2, 2, 2, 2, true, FillMode.CONSTANT,
                Interpolation.BILINEAR, -1);
        float[] out = forward(seeded(zoom), ramp, 1, 0);
        assertArrayEquals(new float[] {-1, 0, 2, 4, -1}, Arrays.copyOfRange(out, 10, 15));
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1}, Arrays.copyOfRange(out, 0, 5), "rows -2 are outside");
        RandomZoomLayer none = new RandomZoomLayer("z", Shape.of(5, 5, 1), 1, 1, 1, 1, true, FillMode.REFLECT,
                Interpolation.NEAREST, 0);
        assertArrayEquals(ramp, forward(seeded(none), ramp, 1, 0), "a zoom of 1 is the identity");
    }

    @Test
    void flipsAreExactCopiesAboutHalfTheTime() {
        int rows = 400;
        float[] images = new float[rows * 6];
        for (int i = 0; i < images.length; i++) {
            images[i] = i % 6;        // each 2×3 image: 0 1 2 / 3 4 5
        }
        ImageAugmentationLayer flip = seeded(new RandomFlipLayer("f", Shape.of(2, 3, 1),
                FlipMode.HORIZONTAL_AND_VERTICAL));
        float[] out = forward(flip, images, rows, 3);
        int[] counts = new int[4];
        float[][] expected = {{0, 1, 2, 3, 4, 5}, {2, 1, 0, 5, 4, 3}, {3, 4, 5, 0, 1, 2}, {5, 4, 3, 2, 1, 0}};
        for (int r = 0; r < rows; r++) {
            float[] image = Arrays.copyOfRange(out, r * 6, r * 6 + 6);
            int match = -1;
            for (int k = 0; k < 4; k++) {
                if (Arrays.equals(image, expected[k])) {
                    match = k;
                }
            }
            assertTrue(match >= 0, "row " + r + " is not a flip: " + Arrays.toString(image));
            counts[match]++;
        }
        for (int count : counts) {
            assertTrue(count > 70 && count < 130, "each of the four outcomes about a quarter: " + Arrays.toString(counts));
        }
        assertArrayEquals(out, forward(flip, images, rows, 3), "the same key and step draw the same flips");
        assertFalse(Arrays.equals(out, forward(flip, images, rows, 4)), "the next step draws others");
    }

    @Test
    void contrastAndBrightnessWithKerasFormulasAndClipping() {
        // One image, two channels: channel 0 is 10 30 (mean 20), channel 1 is 100 250 (mean 175).
        float[] image = {10, 100, 30, 250};
        ImageAugmentationLayer contrast = seeded(new RandomContrastLayer("c", Shape.of(1, 2, 2), 1.5, 1.5, 0, 255));
        assertArrayEquals(new float[] {5, 62.5f, 35, 255}, forward(contrast, image, 1, 0),
                "(x - mean) · 1.5 + mean, 287.5 clipped to 255");
        ImageAugmentationLayer brightness = seeded(new RandomBrightnessLayer("b", Shape.of(1, 2, 2), 20, 20, 0,
                255));
        assertArrayEquals(new float[] {30, 120, 50, 255}, forward(brightness, image, 1, 0));
        float[] mask = new float[4];
        float[] out = new float[4];
        brightness.forwardTraining(image, mask, out, 0, 1, 0);
        float[] gradient = new float[4];
        brightness.backward(new float[] {1, 1, 1, 1}, mask, gradient, 0, 1, 0);
        assertArrayEquals(new float[] {1, 1, 1, 0}, gradient, "no gradient through a clipped value");
    }

    @Test
    void inferencePassesImagesThrough() {
        ImageAugmentationLayer rotation = seeded(new RandomRotationLayer("r", Shape.of(4, 4, 2), -1, 1,
                FillMode.REFLECT, Interpolation.BILINEAR, 0));
        float[] in = new float[2 * 32];
        for (int i = 0; i < in.length; i++) {
            in[i] = i * 0.5f;
        }
        float[] out = new float[in.length];
        rotation.forwardInference(in, out, 0, 2);
        assertArrayEquals(in, out);
    }

    /**
     * Each kind's backward is the adjoint of its forward at the same step: {@code <A x, r> = <x, Aᵀ r>} for random
     * images {@code x} and output gradients {@code r} (all kinds are linear in the image away from clipping, so this
     * is the finite-difference check made exact), computed in float64 from the float32 results.
     */
    @Test
    void everyBackwardIsTheAdjointOfItsForward() {
        Shape shape = Shape.of(5, 6, 3);
        java.util.List<Supplier<ImageAugmentationLayer>> kinds = java.util.List.of(
                () -> new RandomFlipLayer("flip", shape, FlipMode.HORIZONTAL_AND_VERTICAL),
                () -> new RandomRotationLayer("rotation", shape, -0.7, 0.7, FillMode.REFLECT, Interpolation.BILINEAR, 0),
                () -> new RandomRotationLayer("rotation nearest", shape, -0.7, 0.7, FillMode.WRAP,
                        Interpolation.NEAREST, 0),
                () -> new RandomZoomLayer("zoom", shape, 0.6, 1.7, 0.8, 1.3, false, FillMode.NEAREST,
                        Interpolation.BILINEAR, 0),
                () -> new RandomTranslationLayer("translation", shape, -0.4, 0.4, -0.3, 0.5, FillMode.CONSTANT,
                        Interpolation.BILINEAR, 0),
                () -> new RandomContrastLayer("contrast", shape, 0.3, 1.8, -1e9, 1e9),
                () -> new RandomBrightnessLayer("brightness", shape, -3, 3, -1e9, 1e9));
        SplittableRandom random = new SplittableRandom(5);
        int rows = 4;
        int size = Math.toIntExact(shape.size());
        for (Supplier<ImageAugmentationLayer> kind : kinds) {
            ImageAugmentationLayer layer = seeded(kind.get());
            float[] x = new float[rows * size];
            float[] r = new float[rows * size];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
                r[i] = (float) random.nextGaussian();
            }
            float[] mask = new float[x.length];
            float[] ax = new float[x.length];
            layer.forwardTraining(x, mask, ax, 0, rows, 17);
            float[] atr = new float[x.length];
            Arrays.fill(atr, Float.NaN);  // every value of the input gradient is written
            layer.backward(r, mask, atr, 0, rows, 17);
            double left = 0;
            double right = 0;
            double scale = 0;
            for (int i = 0; i < x.length; i++) {
                left += (double) ax[i] * r[i];
                right += (double) x[i] * atr[i];
                scale += Math.abs((double) ax[i] * r[i]);
            }
            if (layer instanceof RandomBrightnessLayer) {
                // x + δ is affine: its linear part is the identity, so <x + δ, r> - <δ, r> = <x, r>.
                double shift = 0;
                for (int i = 0; i < x.length; i++) {
                    shift += (double) (ax[i] - x[i]) * r[i];
                }
                left -= shift;
            }
            assertEquals(left, right, 1e-5 * scale, layer.name());
        }
    }
}
