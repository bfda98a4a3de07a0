package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The max pooling's own loops (vectors of channels where the JVM has the Vector API, scalar for the
 * rest) against a plain reference: each window's {@link Math#max(float, float)}, and its gradient to the first
 * pixel, in row-major order, whose value is the maximum bit for bit. Ties, signed zeros and NaN included.
 */
class MaxPooling2DLayerTest {

    @ParameterizedTest(name = "{0}×{1}×{2}")
    @CsvSource({"7, 6, 35", "4, 4, 16", "5, 9, 3", "6, 6, 64"})
    void twoByTwoWindowsPoolAndRouteTheGradientAsTheReference(int height, int width, int channels) {
        int rows = 3;
        MaxPooling2DLayer pooling = new MaxPooling2DLayer("pool", Shape.of(height, width, channels),
                Window.of(2, 2, 2, 2, Padding.VALID));
        int outHeight = height / 2;
        int outWidth = width / 2;
        int inSize = height * width * channels;
        int outSize = outHeight * outWidth * channels;
        SplittableRandom random = new SplittableRandom(height * 100L + width * 10L + channels);
        float[] in = new float[rows * inSize];
        for (int i = 0; i < in.length; i++) {
            // few distinct values, so that windows tie; signed zeros and the odd NaN
            int pick = random.nextInt(12);
            in[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : (float) random.nextInt(4);
        }
        float[] max = new float[rows * outSize];
        pooling.forward(in, max, 0, rows);
        LayerBuffers out = new LayerBuffers(rows, outSize, channels);
        for (int i = 0; i < out.gradient.length; i++) {
            out.gradient[i] = (float) random.nextDouble();
        }
        float[] inGradient = new float[rows * inSize];
        java.util.Arrays.fill(inGradient, Float.NaN); // every value must be written
        pooling.backward(in, max, out, inGradient, 0, rows);

        float[] expectedGradient = new float[rows * inSize];
        for (int n = 0; n < rows; n++) {
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    for (int c = 0; c < channels; c++) {
                        int[] pixels = new int[4];
                        float expected = Float.NEGATIVE_INFINITY;
                        for (int w = 0; w < 4; w++) {
                            pixels[w] = n * inSize + ((2 * oy + w / 2) * width + 2 * ox + w % 2) * channels + c;
                            expected = Math.max(expected, in[pixels[w]]);
                        }
                        int o = n * outSize + (oy * outWidth + ox) * channels + c;
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(max[o]),
                                "the maximum of window (" + oy + ", " + ox + ") channel " + c + " of sample " + n);
                        for (int w = 0; w < 4; w++) {
                            if (Float.floatToRawIntBits(in[pixels[w]]) == Float.floatToRawIntBits(expected)) {
                                expectedGradient[pixels[w]] = out.gradient[o];
                                break;
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < inGradient.length; i++) {
            assertEquals(Float.floatToRawIntBits(expectedGradient[i]), Float.floatToRawIntBits(inGradient[i]),
                    "the input gradient's value " + i);
        }
    }

    /** Other windows (overlapping, padded, strided): each pixel's gradient is the sum of the windows it wins. */
    @ParameterizedTest(name = "{0}×{1}×{2}, {3}×{3} windows, strides {4}, {5}")
    @CsvSource({"7, 7, 35, 3, 2, SAME", "6, 5, 16, 3, 1, VALID", "5, 6, 3, 3, 2, SAME", "8, 8, 32, 2, 1, SAME"})
    void otherWindowsPoolAndRouteTheGradientAsTheReference(int height, int width, int channels, int size,
                                                            int stride, Padding padding) {
        int rows = 3;
        MaxPooling2DLayer pooling = new MaxPooling2DLayer("pool", Shape.of(height, width, channels),
                Window.of(size, size, stride, stride, padding));
        Window.Placement at = Window.of(size, size, stride, stride, padding).over(height, width);
        int outHeight = at.outputHeight();
        int outWidth = at.outputWidth();
        int inSize = height * width * channels;
        int outSize = outHeight * outWidth * channels;
        SplittableRandom random = new SplittableRandom(height * 100L + width * 10L + channels + size);
        float[] in = new float[rows * inSize];
        for (int i = 0; i < in.length; i++) {
            int pick = random.nextInt(12);
            in[i] = pick == 0 ? Float.NaN : pick == 1 ? -0f : pick == 2 ? 0f : (float) random.nextInt(4);
        }
        float[] max = new float[rows * outSize];
        pooling.forward(in, max, 0, rows);
        LayerBuffers out = new LayerBuffers(rows, outSize, channels);
        for (int i = 0; i < out.gradient.length; i++) {
            out.gradient[i] = (float) random.nextDouble();
        }
        float[] inGradient = new float[rows * inSize];
        java.util.Arrays.fill(inGradient, Float.NaN);
        pooling.backward(in, max, out, inGradient, 0, rows);

        float[] expectedGradient = new float[rows * inSize];
        for (int n = 0; n < rows; n++) {
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++) {
                    for (int c = 0; c < channels; c++) {
                        java.util.List<Integer> pixels = new java.util.ArrayList<>();
                        float expected = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < size; ky++) {
                            for (int kx = 0; kx < size; kx++) {
                                int y = at.row(oy, ky);
                                int x = at.column(ox, kx);
                                if (y >= 0 && y < height && x >= 0 && x < width) {
                                    int p = n * inSize + (y * width + x) * channels + c;
                                    pixels.add(p);
                                    expected = Math.max(expected, in[p]);
                                }
                            }
                        }
                        int o = n * outSize + (oy * outWidth + ox) * channels + c;
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(max[o]),
                                "the maximum of window (" + oy + ", " + ox + ") channel " + c + " of sample " + n);
                        for (int p : pixels) {
                            if (Float.floatToRawIntBits(in[p]) == Float.floatToRawIntBits(expected)) {
                                expectedGradient[p] += out.gradient[o];
                                break;
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < inGradient.length; i++) {
            assertEquals(Float.floatToRawIntBits(expectedGradient[i]), Float.floatToRawIntBits(inGradient[i]),
                    "the input gradient's value " + i);
        }
    }
}
