package dev.fusenet.samples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook's figure of a digit and its probabilities, and the samples' command line. */
class SamplesCommonTest {

    @Test
    void theFigureShowsTheDigitBesideItsProbabilities(@TempDir Path directory) throws Exception {
        float[] pixels = new float[784];
        for (int row = 4; row < 24; row++) {
            pixels[row * 28 + 14] = 1f;                      // a one: a vertical stroke
        }
        float[] probabilities = {0.01f, 0.90f, 0.02f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f, 0.01f};
        Path png = directory.resolve("figures").resolve("digit.png");
        Digits.writeFigure(pixels, probabilities, 7, "test digit #3", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * Digits.PANEL, image.getWidth());
        assertEquals(Digits.PANEL, image.getHeight());
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
        // the stroke is dark and its surroundings light, in the left panel's plot area
        int stroke = darkPixelsInColumnBand(image, 0, Digits.PANEL);
        assertTrue(stroke > 100, "the digit's stroke is drawn: " + stroke + " dark pixels");
    }

    private static int darkPixelsInColumnBand(BufferedImage image, int from, int to) {
        int dark = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                int grey = ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                dark += grey < 60 ? 1 : 0;
            }
        }
        return dark;
    }

    @Test
    void missingDataSaysHowToPointTheSampleAtIt(@TempDir Path empty) {
        SampleOptions options = SampleOptions.parse(5, 64, "--data", empty.toString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.fusenet.runtime.datasets.DatasetException.class,
                options::loadMnist);
        assertTrue(e.getMessage().startsWith(empty.resolve("train-images-idx3-ubyte") + "(.gz): no such file"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("\nOr give this sample the folder that holds the four files: --data DIR "
                + "(with Maven: -Dexec.args=\"--data DIR\")."), e.getMessage());
    }

    @Test
    void outputGoesToTheSamplesTargetFolderByDefault() {
        String before = System.getProperty(SampleOptions.OUT_PROPERTY);
        try {
            System.setProperty(SampleOptions.OUT_PROPERTY, "/tmp/sample-target");
            assertEquals(Path.of("/tmp/sample-target"), SampleOptions.parse(5, 64).out());
            System.clearProperty(SampleOptions.OUT_PROPERTY);
            assertEquals(Path.of("target"), SampleOptions.parse(5, 64).out());
            assertEquals(Path.of("figs"), SampleOptions.parse(5, 64, "--out", "figs").out());
        } finally {
            if (before == null) {
                System.clearProperty(SampleOptions.OUT_PROPERTY);
            } else {
                System.setProperty(SampleOptions.OUT_PROPERTY, before);
            }
        }
        assertFalse(Path.of("target").isAbsolute());
    }
}
