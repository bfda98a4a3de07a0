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

    /**
     * Prints one test digit, chosen from {@code seed}, as blocks with its label and what {@code model} predicts
     * for it, writes it as {@code <prefix>-digit-<index>.png} in {@code out}, and returns that file.
     */
    public static Path showTestDigit(dev.fusenet.runtime.Model model, dev.fusenet.runtime.Tensor testImages,
                                     dev.fusenet.runtime.Tensor testLabels, Long seed, Path out, String prefix)
            throws IOException {
        int index = new java.util.SplittableRandom(seed == null ? 0 : seed).nextInt((int) testImages.shape()[0]);
        dev.fusenet.runtime.Tensor digit = testImages.slice(index, index + 1);
        float[] pixels = digit.toFloatArray();
        float[] probabilities = model.predict(digit).toFloatArray();
        System.out.println();
        System.out.println("test digit #" + index + ", labelled " + testLabels.toIntArray()[index] + ":");
        System.out.print(asText(pixels));
        Path picture = out.resolve(prefix + "-digit-" + index + ".png");
        writePng(pixels, picture);
        System.out.println("predicted probabilities " + format(probabilities) + " → " + argmax(probabilities));
        return picture;
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
