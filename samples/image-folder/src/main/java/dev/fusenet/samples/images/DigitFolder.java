package dev.fusenet.samples.images;

import dev.fusenet.runtime.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * MNIST digits as a folder of PNG files, one class folder per digit ({@code 0/} … {@code 9/}), the layout
 * {@code ImageDatasets.fromDirectory} reads: so the sample and the benchmark have a real image folder anywhere MNIST
 * is. The folder is written beside its final place and renamed into it when complete, so an interrupted run leaves
 * no half-written folder that a later run would take for a whole one.
 */
public final class DigitFolder {

    private DigitFolder() {
    }

    /**
     * {@code folder} holding {@code images} ({@code (n, 28, 28)} or {@code (n, 784)}, pixel values 0–255) as 8-bit
     * grayscale PNG files {@code <label>/<index>.png}; a folder already written for as many images is kept.
     */
    public static Path write(Tensor images, Tensor labels, Path folder) throws IOException {
        int count = Math.toIntExact(images.shape()[0]);
        if (isComplete(folder, count)) {
            return folder;
        }
        float[] pixels = images.toFloatArray();
        int[] digits = labels.toIntArray();
        int side = (int) Math.round(Math.sqrt(pixels.length / (double) count));
        if (side * side * count != pixels.length || digits.length != count) {
            throw new IllegalArgumentException("digit folder: " + count + " images of " + pixels.length / count
                    + " pixels with " + digits.length + " labels are not square images with one label each");
        }
        Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
        deleteRecursively(partial);
        for (int label = 0; label <= 9; label++) {
            Files.createDirectories(partial.resolve(Integer.toString(label)));
        }
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        int[] row = new int[side * side];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < row.length; p++) {
                row[p] = Math.round(Math.max(0, Math.min(255, pixels[i * row.length + p])));
            }
            raster.setPixels(0, 0, side, side, row);
            Path file = partial.resolve(Integer.toString(digits[i])).resolve(String.format(Locale.ROOT, "%05d.png", i));
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer in this JDK's ImageIO");
            }
        }
        Files.writeString(partial.resolve(MARKER), Integer.toString(count));
        deleteRecursively(folder);
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        return folder;
    }

    /** The file that says how many images a complete folder holds; not an image, so the loader skips it. */
    private static final String MARKER = "digits.txt";

    private static boolean isComplete(Path folder, int count) throws IOException {
        Path marker = folder.resolve(MARKER);
        return Files.isRegularFile(marker) && Files.readString(marker).trim().equals(Integer.toString(count));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
