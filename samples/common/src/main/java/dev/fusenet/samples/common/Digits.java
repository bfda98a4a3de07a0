package dev.fusenet.samples.common;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import javax.imageio.ImageIO;

/** Showing an MNIST digit and what a model thinks it is, as the lecture's notebook does. */
public final class Digits {

    private Digits() {
    }

    /** A 28 × 28 image in [0, 1] as text, two characters per pixel, darker blocks for brighter pixels. */
    public static String asText(float[] pixels) {
        String[] shades = {"  ", "░░", "▒▒", "▓▓", "██"};
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                float value = pixels[row * 28 + column];
                text.append(shades[Math.min(shades.length - 1, (int) (value * shades.length))]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Writes a 28 × 28 image in [0, 1] as a grey-scale PNG, black digit on white as the lecture plots it. */
    public static void writePng(float[] pixels, Path png) throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                int grey = 255 - Math.round(pixels[row * 28 + column] * 255);
                image.getRaster().setSample(column, row, 0, grey);
            }
        }
        java.nio.file.Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    /** {@code [0.004, 0.000, ...]}, three decimals per class. */
    public static String format(float[] probabilities) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (float p : probabilities) {
            joined.add(String.format(Locale.ROOT, "%.3f", p));
        }
        return joined.toString();
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
