package dev.fusenet.runtime.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads image files into pixel values as Keras's loaders give them: 0 to 255, rows of pixels, channels last, in the
 * channels a {@link ColorMode} asks for. The format is sniffed from the bytes, not the name. Decoding is ImageIO's,
 * with TwelveMonkeys' JPEG plug-in for the JPEGs the JDK refuses (CMYK, YCCK, broken colour profiles).
 *
 * <p>The raster's samples are read as the file stores them, not through Java's colour management: a grey PNG's 128
 * stays 128 (Java's {@code getRGB} would turn it into 186, reading grey as linear light), and an embedded colour
 * profile is ignored, as TensorFlow and PIL ignore it. 16-bit samples keep their high byte, as TensorFlow's PNG
 * decoder does for 8-bit output; 1-, 2- and 4-bit grey scale to 0–255 as libpng expands them.
 *
 * <p>A file that cannot be read whole is an error: a truncated JPEG, which the JDK would decode with grey rows and a
 * warning, fails as it does in TensorFlow. Stateless; safe to call from many threads at once.
 */
final class ImageDecoder {

    private ImageDecoder() {
    }

    /** A decoded image: {@code height × width × channels} values from 0 to 255, row after row, channels last. */
    record Pixels(int height, int width, int channels, float[] values) {
    }

    /** The width and height of the image in {@code file}, from its header only. */
    static int[] size(Path file) throws IOException {
        return withReader(file, false, reader -> {
            try {
                return new int[] {reader.getHeight(0), reader.getWidth(0)};
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        });
    }

    /** The pixels of the image in {@code file} (its first frame, for an animated GIF), in the channels of {@code mode}. */
    static Pixels decode(Path file, ColorMode mode) throws IOException {
        BufferedImage image = withReader(file, true, reader -> {
            // A decoder warns rather than fails on missing data ("Premature end of JPEG file"): such a warning fails
            // the read, after it, since the JDK's decoder calls its listeners from native code
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                BufferedImage read = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IIOException(String.join("; ", warnings));
                }
                return read;
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        });
        return convert(image, mode);
    }

    /** Carries a reader's IOException out of the lambda. */
    private static final class ReadFailure extends RuntimeException {
        ReadFailure(IOException cause) {
            super(cause);
        }
    }

    /** Runs {@code use} on a reader of {@code file}: the whole file read first when {@code whole}, else its header. */
    private static <T> T withReader(Path file, boolean whole, Function<ImageReader, T> use) throws IOException {
        // A decode reads the whole file at once, then decodes from memory: ImageIO's file stream reads the small
        // chunks a decoder asks for from the file one by one, which made a 28×28 PNG cost 4 times as long (90 µs
        // against 23). A header is a few bytes, read from the file itself.
        try (ImageInputStream stream = whole
                ? new MemoryCacheImageInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))
                : ImageIO.createImageInputStream(file.toFile())) {
            if (stream == null) {
                throw new IOException("it cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IOException("its bytes are not a BMP, GIF, JPEG or PNG image (it may be empty, truncated, "
                        + "or another format under an image's name, such as WebP or HEIC)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                return use.apply(reader);
            } catch (ReadFailure failure) {
                throw (IOException) failure.getCause();
            } catch (RuntimeException e) {
                // Decoders report some corruptions as runtime exceptions (a bad Huffman table, an index past a palette)
                throw new IOException(e.toString(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The image's samples in {@code mode}'s channels, read from the raster as the file holds them. */
    static Pixels convert(BufferedImage image, ColorMode mode) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgba = new int[width * height * 4];
        boolean grey = readRgba(image, rgba);
        int channels = mode.channels();
        float[] values = new float[width * height * channels];
        for (int p = 0, at = 0; p < width * height; p++) {
            int r = rgba[4 * p];
            int g = rgba[4 * p + 1];
            int b = rgba[4 * p + 2];
            switch (mode) {
                case GRAYSCALE -> values[at++] = grey ? r : luma(r, g, b);
                case RGB -> {
                    values[at++] = r;
                    values[at++] = g;
                    values[at++] = b;
                }
                case RGBA -> {
                    values[at++] = r;
                    values[at++] = g;
                    values[at++] = b;
                    values[at++] = rgba[4 * p + 3];
                }
            }
        }
        return new Pixels(height, width, channels, values);
    }

    /** ITU-R 601 luma in PIL's fixed point: {@code (19595 R + 38470 G + 7471 B + 2¹⁵) >> 16}. */
    static int luma(int r, int g, int b) {
        return (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
    }

    /**
     * Fills {@code rgba} with 8-bit red, green, blue and alpha per pixel; returns whether the image is grey (its
     * red, green and blue are one value).
     */
    private static boolean readRgba(BufferedImage image, int[] rgba) {
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        int width = image.getWidth();
        int height = image.getHeight();
        int bands = raster.getNumBands();
        int spaceType = model.getColorSpace().getType();
        if (model instanceof IndexColorModel palette && bands == 1) {
            int[] indices = raster.getPixels(0, 0, width, height, (int[]) null);
            for (int p = 0; p < indices.length; p++) {
                int i = indices[p];
                put(rgba, p, palette.getRed(i), palette.getGreen(i), palette.getBlue(i), palette.getAlpha(i));
            }
            return false;
        }
        boolean plain = !model.isAlphaPremultiplied() && !(model instanceof IndexColorModel);
        if (plain && spaceType == ColorSpace.TYPE_GRAY && (bands == 1 || bands == 2)) {
            int[] samples = eightBit(raster, raster.getPixels(0, 0, width, height, (int[]) null));
            for (int p = 0; p < width * height; p++) {
                int v = samples[p * bands];
                put(rgba, p, v, v, v, bands == 2 ? samples[p * bands + 1] : 255);
            }
            return true;
        }
        if (plain && spaceType == ColorSpace.TYPE_RGB && (bands == 3 || bands == 4)) {
            int[] samples = eightBit(raster, raster.getPixels(0, 0, width, height, (int[]) null));
            for (int p = 0; p < width * height; p++) {
                int at = p * bands;
                put(rgba, p, samples[at], samples[at + 1], samples[at + 2], bands == 4 ? samples[at + 3] : 255);
            }
            return false;
        }
        // Anything else (a CMYK raster, premultiplied alpha): Java's conversion to sRGB is the only meaning it has
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int p = 0; p < argb.length; p++) {
            int v = argb[p];
            put(rgba, p, (v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF, v >>> 24);
        }
        return false;
    }

    private static void put(int[] rgba, int pixel, int r, int g, int b, int a) {
        rgba[4 * pixel] = r;
        rgba[4 * pixel + 1] = g;
        rgba[4 * pixel + 2] = b;
        rgba[4 * pixel + 3] = a;
    }

    /** The raster's samples scaled to 0–255 band by band: 16 bits keep the high byte, fewer than 8 stretch. */
    private static int[] eightBit(Raster raster, int[] samples) {
        int bands = raster.getNumBands();
        int[] bits = raster.getSampleModel().getSampleSize();
        for (int band = 0; band < bands; band++) {
            int size = bits[band];
            if (size == 8) {
                continue;
            }
            for (int i = band; i < samples.length; i += bands) {
                samples[i] = size > 8 ? samples[i] >>> (size - 8)
                        : Math.round(samples[i] * 255f / ((1 << size) - 1));
            }
        }
        return samples;
    }
}
