package dev.fusenet.samples.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.ColorMode;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.data.ImageDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digit folder holds what the loader reads back, bit for bit; the sample trains on a folder of PNG files written
 * here and reports every class; bad flags and bad folders end in one message. The sample's full run on the 10,000
 * MNIST digits is the sample itself.
 */
class ImageFolderSampleTest {

    @TempDir
    Path dir;

    @Test
    void theDigitFolderHoldsTheDigitsAsTheLoaderReadsThemBack() throws IOException {
        int count = 30;
        float[] pixels = new float[count * 28 * 28];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (i * 7) % 10;
        }
        Path folder = DigitFolder.write(Tensor.of(pixels, count, 28, 28), Tensor.of(labels, count), dir.resolve("d"));
        assertFalse(Files.exists(dir.resolve("d.partial")), "the partial folder was renamed into place");

        Dataset read = ImageDatasets.fromDirectory(folder, o -> o.colorMode(ColorMode.GRAYSCALE).shuffle(false)
                .unbatched());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), read.classNames());
        List<Batch> samples = read.toList();
        assertEquals(count, samples.size());
        // Unshuffled, the loader yields class 0's files in name order, then class 1's...: image i is file <i>.png.
        int[] order = java.util.stream.IntStream.range(0, count).boxed()
                .sorted(java.util.Comparator.comparingInt((Integer i) -> (int) labels[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < count; k++) {
            int image = order[k];
            float[] expected = java.util.Arrays.copyOfRange(pixels, image * 784, (image + 1) * 784);
            assertArrayEquals(expected, samples.get(k).features().toFloatArray(), "image " + image);
            assertEquals((int) labels[image], samples.get(k).labels().toIntArray()[0], "label of image " + image);
        }

        FileTime written = Files.getLastModifiedTime(folder.resolve("7").resolve("00001.png"));
        DigitFolder.write(Tensor.of(pixels, count, 28, 28), Tensor.of(labels, count), folder);
        assertEquals(written, Files.getLastModifiedTime(folder.resolve("7").resolve("00001.png")),
                "a complete folder is kept");
    }

    /**
     * The sample's own folder: MNIST's first 1,000 test digits written as PNG files read back as the very pixels
     * and labels of the IDX files, class by class. Skipped when MNIST is not where the loader looks.
     */
    @Test
    void realMnistDigitsRoundTripThroughTheirFolder() throws IOException {
        java.util.Optional<Path> mnist = dev.fusenet.runtime.datasets.Mnist.configuredDirectory();
        org.junit.jupiter.api.Assumptions.assumeTrue(mnist.isPresent(), "MNIST is not installed (fusenet.datasets)");
        dev.fusenet.runtime.datasets.Mnist.Data data = dev.fusenet.runtime.datasets.Mnist.loadData(mnist.get());
        Tensor images = data.testImages().slice(0, 1000);
        Tensor labels = data.testLabels().slice(0, 1000);
        Path folder = DigitFolder.write(images, labels, dir.resolve("digits"));
        List<Batch> read = ImageDatasets.fromDirectory(folder, o -> o.colorMode(ColorMode.GRAYSCALE).shuffle(false)
                .unbatched().verbose(false)).toList();
        assertEquals(1000, read.size());
        float[] pixels = images.toFloatArray();
        int[] digits = labels.toIntArray();
        int k = 0;
        for (int label = 0; label <= 9; label++) {
            for (int i = 0; i < digits.length; i++) {
                if (digits[i] == label) {
                    Batch sample = read.get(k++);
                    assertArrayEquals(java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784),
                            sample.features().toFloatArray(), "test digit " + i);
                    assertEquals(label, sample.labels().toIntArray()[0], "test digit " + i);
                }
            }
        }
    }

    /** Three classes a convnet tells apart: bright rows, bright columns, a bright square; 16 colour images each. */
    private Path shapes() throws IOException {
        Path folder = dir.resolve("shapes");
        SplittableRandom random = new SplittableRandom(9);
        String[] classes = {"columns", "rows", "square"};
        for (int c = 0; c < classes.length; c++) {
            Files.createDirectories(folder.resolve(classes[c]));
            for (int n = 0; n < 16; n++) {
                BufferedImage image = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
                int offset = random.nextInt(4);
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 24; x++) {
                        boolean on = switch (c) {
                            case 0 -> (x + offset) % 6 < 2;
                            case 1 -> (y + offset) % 6 < 2;
                            default -> x > 6 + offset && x < 16 + offset && y > 6 && y < 16;
                        };
                        int grey = on ? 200 + random.nextInt(56) : random.nextInt(40);
                        image.setRGB(x, y, grey << 16 | grey << 8 | grey);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(classes[c]).resolve(n + ".png").toFile());
            }
        }
        return folder;
    }

    @Test
    void trainsOnAFolderAndReportsEveryClass() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ImageFolderSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), "--data", shapes().toString(), "--image-size",
                "24", "--epochs", "2", "--batch-size", "8", "--out", dir.toString());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("3 classes [columns, rows, square]"), text);
        long validated = 0;
        for (String name : List.of("columns", "rows", "square")) {
            Matcher line = Pattern.compile(name + " +accuracy [01]\\.\\d{3} +\\((\\d+) of (\\d+)\\)").matcher(text);
            assertTrue(line.find(), "a line for " + name + " in\n" + text);
            validated += Long.parseLong(line.group(2));
        }
        assertEquals(9, validated, "Keras's int(0.2 · 48) validation images, each counted once");
        assertTrue(text.contains("confusion matrix"), text);
        BufferedImage figure = ImageIO.read(dir.resolve("image-folder-confusion.png").toFile());
        assertTrue(figure.getWidth() >= 420, "the confusion matrix figure");
    }

    @Test
    void badFlagsAndFoldersEndInOneMessage() throws IOException {
        Files.createDirectories(dir.resolve("flat"));
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png",
                dir.resolve("flat").resolve("a.png").toFile());
        assertMessage("--image-size must be at least 18, got 4", "--image-size", "4");
        assertMessage("--flip takes none, horizontal, vertical or both, got 'sideways'", "--flip", "sideways");
        assertMessage("is not a folder", "--data", dir.resolve("missing").toString());
        assertMessage("flat", "--data", dir.resolve("flat").toString(), "--out", dir.toString());
    }

    private void assertMessage(String expected, String... args) throws IOException {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ImageFolderSample.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), args);
        String message = errors.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, message);
        assertTrue(message.startsWith("image-folder: ") && message.contains(expected), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
    }
}
