package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;

/**
 * An affine resampling of {@code (height, width, channels)} images, the kernel of the geometric augmentations: the
 * output pixel at column {@code x}, row {@code y} reads the input at {@code (a0·x + a1·y + a2, b0·x + b1·y + b2)},
 * TensorFlow's {@code ImageProjectiveTransform} matrix without its projective row. Bilinear interpolation reads the
 * four pixels around that point, nearest the closest one; a pixel index outside the image is mapped by the fill mode
 * (reflected, wrapped or clamped) or reads {@code fillValue}. The forward gathers, the backward scatters the output's
 * gradient back along the same taps with the same weights: the exact adjoint. Immutable; one sample per call, so
 * shards of a batch run at once without sharing anything.
 */
final class AffineResampling {

    private final int height;
    private final int width;
    private final int channels;
    private final FillMode fillMode;
    private final boolean bilinear;
    private final float fillValue;

    AffineResampling(int height, int width, int channels, FillMode fillMode, Interpolation interpolation,
                     double fillValue) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.fillMode = fillMode;
        this.bilinear = interpolation == Interpolation.BILINEAR;
        this.fillValue = (float) fillValue;
    }

    /** Sample {@code row} of {@code out}, resampled from the same sample of {@code in}. */
    void forward(float[] in, float[] out, int row, double a0, double a1, double a2, double b0, double b1,
                 double b2) {
        int base = row * height * width * channels;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sx = a0 * x + a1 * y + a2;
                double sy = b0 * x + b1 * y + b2;
                int o = base + (y * width + x) * channels;
                if (bilinear) {
                    int x0 = (int) Math.floor(sx);
                    int y0 = (int) Math.floor(sy);
                    float fx = (float) (sx - x0);
                    float fy = (float) (sy - y0);
                    float w00 = (1 - fx) * (1 - fy);
                    float w01 = fx * (1 - fy);
                    float w10 = (1 - fx) * fy;
                    float w11 = fx * fy;
                    if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
                        // All four taps inside (most pixels): the same sums without the fill mode's index mapping.
                        int p = base + (y0 * width + x0) * channels;
                        int below = p + width * channels;
                        for (int c = 0; c < channels; c++) {
                            out[o + c] = w00 * in[p + c] + w01 * in[p + channels + c]
                                    + w10 * in[below + c] + w11 * in[below + channels + c];
                        }
                        continue;
                    }
                    int c00 = tap(x0, y0);
                    int c01 = tap(x0 + 1, y0);
                    int c10 = tap(x0, y0 + 1);
                    int c11 = tap(x0 + 1, y0 + 1);
                    for (int c = 0; c < channels; c++) {
                        out[o + c] = w00 * read(in, base, c00, c) + w01 * read(in, base, c01, c)
                                + w10 * read(in, base, c10, c) + w11 * read(in, base, c11, c);
                    }
                } else {
                    int pixel = tap((int) Math.round(sx), (int) Math.round(sy));
                    for (int c = 0; c < channels; c++) {
                        out[o + c] = read(in, base, pixel, c);
                    }
                }
            }
        }
    }

    /** Sample {@code row} of {@code inGradient}, written: the gradient of {@link #forward}'s input. */
    void backward(float[] outGradient, float[] inGradient, int row, double a0, double a1, double a2, double b0,
                  double b1, double b2) {
        int size = height * width * channels;
        int base = row * size;
        java.util.Arrays.fill(inGradient, base, base + size, 0f);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sx = a0 * x + a1 * y + a2;
                double sy = b0 * x + b1 * y + b2;
                int o = base + (y * width + x) * channels;
                if (bilinear) {
                    int x0 = (int) Math.floor(sx);
                    int y0 = (int) Math.floor(sy);
                    float fx = (float) (sx - x0);
                    float fy = (float) (sy - y0);
                    scatter(outGradient, inGradient, o, base, tap(x0, y0), (1 - fx) * (1 - fy));
                    scatter(outGradient, inGradient, o, base, tap(x0 + 1, y0), fx * (1 - fy));
                    scatter(outGradient, inGradient, o, base, tap(x0, y0 + 1), (1 - fx) * fy);
                    scatter(outGradient, inGradient, o, base, tap(x0 + 1, y0 + 1), fx * fy);
                } else {
                    scatter(outGradient, inGradient, o, base, tap((int) Math.round(sx), (int) Math.round(sy)), 1f);
                }
            }
        }
    }

    private void scatter(float[] outGradient, float[] inGradient, int o, int base, int pixel, float weight) {
        if (pixel < 0 || weight == 0) {
            return;
        }
        int i = base + pixel * channels;
        for (int c = 0; c < channels; c++) {
            inGradient[i + c] += weight * outGradient[o + c];
        }
    }

    private float read(float[] in, int base, int pixel, int c) {
        return pixel < 0 ? fillValue : in[base + pixel * channels + c];
    }

    /** The pixel (row-major index) that column {@code x}, row {@code y} reads, or -1 for {@code fillValue}. */
    private int tap(int x, int y) {
        int mx = inside(x, width);
        int my = inside(y, height);
        return mx < 0 || my < 0 ? -1 : my * width + mx;
    }

    /** Index {@code i} of an axis of {@code n} pixels mapped into it by the fill mode; -1 for the fill value. */
    private int inside(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (fillMode) {
            case CONSTANT -> -1;
            case NEAREST -> i < 0 ? 0 : n - 1;
            case WRAP -> Math.floorMod(i, n);
            case REFLECT -> {
                // d c b a | a b c d | d c b a: period 2n, the second half mirrored.
                int m = Math.floorMod(i, 2 * n);
                yield m < n ? m : 2 * n - 1 - m;
            }
        };
    }
}
