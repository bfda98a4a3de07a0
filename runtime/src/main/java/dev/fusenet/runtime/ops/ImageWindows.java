package dev.fusenet.runtime.ops;

import dev.fusenet.model.Window;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic of the image ops ({@link Patches}, the pooling ops) over channels-last batches (n, h, w, c),
 * in float64 whatever the tensors' type, so that finite-difference checks in float64 see exact gradients. These
 * ops serve the tape, custom loops and gradient checks; compiled and DSL models run the fused kernels of
 * {@code dev.fusenet.runtime.compiled}, and tests hold the two equal.
 */
final class ImageWindows {

    private ImageWindows() {
    }

    /** A window placed on one input shape: the geometry every image op shares. */
    record Geometry(int samples, int height, int width, int channels, Window.Placement at) {

        static Geometry of(long[] inputShape, Window window) {
            int height = Math.toIntExact(inputShape[1]);
            int width = Math.toIntExact(inputShape[2]);
            return new Geometry(Math.toIntExact(inputShape[0]), height, width, Math.toIntExact(inputShape[3]),
                    window.over(height, width));
        }

        long[] inputShape() {
            return new long[] {samples, height, width, channels};
        }

        long[] outputShape(int depth) {
            return new long[] {samples, at.outputHeight(), at.outputWidth(), depth};
        }

        int patchSize() {
            return at.height() * at.width() * channels;
        }

        /** Input index of (sample n, row y, column x, channel 0), or -1 outside the input (padding). */
        int pixel(int n, int y, int x) {
            if (y < 0 || y >= height || x < 0 || x >= width) {
                return -1;
            }
            return ((n * height + y) * width + x) * channels;
        }

        int row(int oy, int ky) {
            return at.row(oy, ky);
        }

        int column(int ox, int kx) {
            return at.column(ox, kx);
        }
    }

    static double[] values(INDArray array) {
        return array.dup('c').castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    static INDArray array(double[] values, long[] shape, DataType type) {
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    /** The patches of {@code x}: (n, oh, ow, kh · kw · c), zeros where the window hangs over the padding. */
    static double[] patches(double[] x, Geometry g) {
        double[] out = new double[g.samples * g.at.outputHeight() * g.at.outputWidth() * g.patchSize()];
        int next = 0;
        for (int n = 0; n < g.samples; n++) {
            for (int oy = 0; oy < g.at.outputHeight(); oy++) {
                for (int ox = 0; ox < g.at.outputWidth(); ox++) {
                    for (int ky = 0; ky < g.at.height(); ky++) {
                        for (int kx = 0; kx < g.at.width(); kx++) {
                            int pixel = g.pixel(n, g.row(oy, ky), g.column(ox, kx));
                            for (int c = 0; c < g.channels; c++) {
                                out[next++] = pixel < 0 ? 0 : x[pixel + c];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The transpose of {@link #patches}: each patch value added back onto the pixel it came from. */
    static double[] patchesTranspose(double[] patches, Geometry g) {
        double[] out = new double[g.samples * g.height * g.width * g.channels];
        int next = 0;
        for (int n = 0; n < g.samples; n++) {
            for (int oy = 0; oy < g.at.outputHeight(); oy++) {
                for (int ox = 0; ox < g.at.outputWidth(); ox++) {
                    for (int ky = 0; ky < g.at.height(); ky++) {
                        for (int kx = 0; kx < g.at.width(); kx++) {
                            int pixel = g.pixel(n, g.row(oy, ky), g.column(ox, kx));
                            for (int c = 0; c < g.channels; c++) {
                                if (pixel >= 0) {
                                    out[pixel + c] += patches[next];
                                }
                                next++;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * For each output (n, oy, ox, c) of max pooling, the input index of its window's first maximum; a window of
     * padding only cannot occur (SAME padding never makes one).
     */
    static int[] winners(double[] x, Geometry g) {
        int[] winners = new int[g.samples * g.at.outputHeight() * g.at.outputWidth() * g.channels];
        int next = 0;
        for (int n = 0; n < g.samples; n++) {
            for (int oy = 0; oy < g.at.outputHeight(); oy++) {
                for (int ox = 0; ox < g.at.outputWidth(); ox++) {
                    for (int c = 0; c < g.channels; c++) {
                        int best = -1;
                        for (int ky = 0; ky < g.at.height(); ky++) {
                            for (int kx = 0; kx < g.at.width(); kx++) {
                                int pixel = g.pixel(n, g.row(oy, ky), g.column(ox, kx));
                                if (pixel >= 0 && (best < 0 || x[pixel + c] > x[best] || Double.isNaN(x[pixel + c])
                                        && !Double.isNaN(x[best]))) {
                                    best = pixel + c;
                                }
                            }
                        }
                        winners[next++] = best;
                    }
                }
            }
        }
        return winners;
    }

    /** The number of input pixels each output's window covers (padding excluded), per output position. */
    static int[] counts(Geometry g) {
        int[] counts = new int[g.at.outputHeight() * g.at.outputWidth()];
        for (int oy = 0; oy < g.at.outputHeight(); oy++) {
            for (int ox = 0; ox < g.at.outputWidth(); ox++) {
                int count = 0;
                for (int ky = 0; ky < g.at.height(); ky++) {
                    for (int kx = 0; kx < g.at.width(); kx++) {
                        count += g.pixel(0, g.row(oy, ky), g.column(ox, kx)) >= 0 ? 1 : 0;
                    }
                }
                counts[oy * g.at.outputWidth() + ox] = count;
            }
        }
        return counts;
    }

    /** Average pooling of {@code x} (values of the input shape) into the output shape. */
    static double[] average(double[] x, Geometry g) {
        int[] counts = counts(g);
        double[] patches = patches(x, g);
        int window = g.at.height() * g.at.width();
        int positions = g.at.outputHeight() * g.at.outputWidth();
        double[] out = new double[g.samples * positions * g.channels];
        for (int o = 0; o < g.samples * positions; o++) {
            for (int k = 0; k < window; k++) {
                for (int c = 0; c < g.channels; c++) {
                    out[o * g.channels + c] += patches[(o * window + k) * g.channels + c] / counts[o % positions];
                }
            }
        }
        return out;
    }

    /** The transpose of {@link #average}: each output's value shared by the pixels of its window. */
    static double[] averageTranspose(double[] upstream, Geometry g) {
        int[] counts = counts(g);
        int window = g.at.height() * g.at.width();
        int positions = g.at.outputHeight() * g.at.outputWidth();
        double[] patches = new double[g.samples * positions * window * g.channels];
        for (int o = 0; o < g.samples * positions; o++) {
            for (int k = 0; k < window; k++) {
                for (int c = 0; c < g.channels; c++) {
                    patches[(o * window + k) * g.channels + c] = upstream[o * g.channels + c] / counts[o % positions];
                }
            }
        }
        return patchesTranspose(patches, g);
    }
}
