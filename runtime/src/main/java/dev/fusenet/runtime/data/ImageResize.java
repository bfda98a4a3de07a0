package dev.fusenet.runtime.data;

import dev.fusenet.runtime.data.ImageDecoder.Pixels;

/**
 * Keras's resizing of loaded images: {@code tf.image.resize(method="bilinear", antialias=False)} (half-pixel centres,
 * edges clamped), and {@code smart_resize}'s centred crop to the target's aspect ratio before it. The arithmetic is
 * TensorFlow's, in float32 and in its order, so that values match it.
 */
final class ImageResize {

    private ImageResize() {
    }

    /**
     * {@code image} resized to {@code height × width}; with {@code cropToAspectRatio}, the largest centred window
     * of the target's aspect ratio is cut out first, so nothing is stretched.
     */
    static Pixels resize(Pixels image, int height, int width, boolean cropToAspectRatio) {
        Pixels source = cropToAspectRatio ? centreCrop(image, height, width) : image;
        if (source.height() == height && source.width() == width) {
            return source;
        }
        return bilinear(source, height, width);
    }

    /** The window {@code smart_resize} keeps: as large as fits, of the target's aspect ratio, centred. */
    static Pixels centreCrop(Pixels image, int targetHeight, int targetWidth) {
        int h = image.height();
        int w = image.width();
        int cropHeight = Math.min(h, (int) ((double) w * targetHeight / targetWidth));
        int cropWidth = Math.min(w, (int) ((double) h * targetWidth / targetHeight));
        int top = (h - cropHeight) / 2;
        int left = (w - cropWidth) / 2;
        if (cropHeight == h && cropWidth == w) {
            return image;
        }
        int c = image.channels();
        float[] cropped = new float[cropHeight * cropWidth * c];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(image.values(), ((top + y) * w + left) * c, cropped, y * cropWidth * c, cropWidth * c);
        }
        return new Pixels(cropHeight, cropWidth, c, cropped);
    }

    /** Bilinear interpolation with half-pixel centres, as TensorFlow's {@code ResizeBilinear(half_pixel_centers)}. */
    static Pixels bilinear(Pixels image, int height, int width) {
        int inHeight = image.height();
        int inWidth = image.width();
        int c = image.channels();
        float[] in = image.values();
        Axis ys = new Axis(inHeight, height);
        Axis xs = new Axis(inWidth, width);
        float[] out = new float[height * width * c];
        int at = 0;
        for (int y = 0; y < height; y++) {
            int top = ys.lower[y] * inWidth * c;
            int bottom = ys.upper[y] * inWidth * c;
            float yLerp = ys.lerp[y];
            for (int x = 0; x < width; x++) {
                int left = xs.lower[x] * c;
                int right = xs.upper[x] * c;
                float xLerp = xs.lerp[x];
                for (int k = 0; k < c; k++) {
                    float topLeft = in[top + left + k];
                    float topRight = in[top + right + k];
                    float bottomLeft = in[bottom + left + k];
                    float bottomRight = in[bottom + right + k];
                    float upper = topLeft + (topRight - topLeft) * xLerp;
                    float lower = bottomLeft + (bottomRight - bottomLeft) * xLerp;
                    out[at++] = upper + (lower - upper) * yLerp;
                }
            }
        }
        return new Pixels(height, width, c, out);
    }

    /** For each output index along one axis: the two input indices it lies between and how far towards the second. */
    private static final class Axis {
        final int[] lower;
        final int[] upper;
        final float[] lerp;

        Axis(int inSize, int outSize) {
            lower = new int[outSize];
            upper = new int[outSize];
            lerp = new float[outSize];
            float scale = (float) inSize / outSize;
            for (int i = 0; i < outSize; i++) {
                float position = (i + 0.5f) * scale - 0.5f;
                float floor = (float) Math.floor(position);
                lower[i] = Math.max((int) floor, 0);
                upper[i] = Math.min((int) Math.ceil(position), inSize - 1);
                lerp[i] = position - floor;
            }
        }
    }
}
