package dev.fusenet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image_dataset_from_directory's behaviour: listing, labels, splits, channels, resizing and bad folders. */
class ImageDatasetsTest {

    @TempDir
    Path root;

    /** An RGB PNG whose every pixel is (id, class·10, 7): the sample says which file and class it came from. */
    private static void writeTagged(Path file, int id, int label, int height, int width) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {id, label * 10, 7});
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** Three classes (sorted: ant, bee, cat) of 5, 3 and 4 tagged 4×6 images, ids 0 to 11. */
    private Path threeClasses() throws IOException {
        Path folder = root.resolve("insects");
        String[] classes = {"cat", "ant", "bee"};
        int[] counts = {4, 5, 3};
        int id = 0;
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                int label = List.of("ant", "bee", "cat").indexOf(classes[c]);
                writeTagged(folder.resolve(classes[c]).resolve("img" + i + ".png"), id++, label, 4, 6);
            }
        }
        Files.writeString(folder.resolve("ant").resolve("notes.txt"), "not an image");
        Files.writeString(folder.resolve("ant").resolve("._img0.png"), "macOS resource fork");
        return folder;
    }

    private static Consumer<ImageDatasets.Options> quiet(Consumer<ImageDatasets.Options> more) {
        return o -> more.accept(o.verbose(false));
    }

    /** (id, label) of every sample of one pass, in order. */
    private static List<int[]> tags(Dataset data, long epoch) {
        List<int[]> tags = new ArrayList<>();
        try (Cursor<Batch> pass = data.open(epoch)) {
            for (Batch batch = pass.next(); batch != null; batch = pass.next()) {
                float[] x = batch.featureValues();
                float[] y = batch.labelValues();
                int size = x.length / batch.size();
                for (int r = 0; r < batch.size(); r++) {
                    int label = Math.round(y[r]);
                    assertEquals(label * 10, x[r * size + 1], "the label is the class of the file's folder");
                    tags.add(new int[] {Math.round(x[r * size]), label});
                }
            }
        }
        return tags;
    }

    private static Set<Integer> ids(List<int[]> tags) {
        Set<Integer> ids = new TreeSet<>();
        tags.forEach(t -> ids.add(t[0]));
        return ids;
    }

    @Test
    void classesAreTheSortedSubfoldersAndEachImageIsLabelledWithItsFolder() throws IOException {
        Dataset data = ImageDatasets.fromDirectory(threeClasses(), quiet(o -> o.batchSize(5).shuffle(false)));
        assertEquals(List.of("ant", "bee", "cat"), data.classNames());
        assertEquals(3, data.cardinality().getAsLong(), "12 images in batches of 5");
        Batch first = data.toList().get(0);
        assertArrayEquals(new int[] {4, 6, 3}, first.sampleShape(), "height, width, channels last");
        assertArrayEquals(new int[0], first.labelShape(), "int labels: one index per sample");
        List<int[]> tags = tags(data, 0);
        assertEquals(12, tags.size(), "the .txt and the hidden ._ file are skipped");
        assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2), tags.stream().map(t -> t[1]).toList(),
                "unshuffled: class after class");
        assertEquals(7f, first.featureValues()[2], "pixel values as stored, 0 to 255");
    }

    @Test
    void aShuffleRepeatsForItsSeedAndDiffersFromEpochToEpoch() throws IOException {
        Path folder = threeClasses();
        Dataset a = ImageDatasets.fromDirectory(folder, quiet(o -> o.batchSize(4).seed(11)));
        Dataset b = ImageDatasets.fromDirectory(folder, quiet(o -> o.batchSize(4).seed(11)));
        List<Integer> epoch0 = tags(a, 0).stream().map(t -> t[0]).toList();
        assertEquals(epoch0, tags(b, 0).stream().map(t -> t[0]).toList(), "same seed, same order");
        assertNotEquals(epoch0, tags(a, 1).stream().map(t -> t[0]).toList(), "another epoch, another order");
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), epoch0, "shuffled");
        assertEquals(12, ids(tags(a, 1)).size(), "every image once per epoch");
    }

    @Test
    void theSubsetsOfASplitAreDisjointAndTogetherTheWholeFolder() throws IOException {
        Path folder = threeClasses();
        ImageDatasets.Split both = ImageDatasets.split(folder, quiet(o -> o.validationSplit(0.25).seed(3)
                .batchSize(2)));
        Set<Integer> training = ids(tags(both.training(), 0));
        Set<Integer> validation = ids(tags(both.validation(), 0));
        assertEquals(9, training.size());
        assertEquals(3, validation.size(), "int(0.25 · 12) for validation, as Keras counts");
        Set<Integer> all = new HashSet<>(training);
        all.addAll(validation);
        assertEquals(12, all.size(), "disjoint, and together every image");
        Dataset alone = ImageDatasets.fromDirectory(folder, quiet(o -> o.validationSplit(0.25).seed(3)
                .subset(Subset.VALIDATION)));
        assertEquals(validation, ids(tags(alone, 0)), "subset VALIDATION is split's validation part");
        assertEquals(training, ids(tags(ImageDatasets.fromDirectory(folder, quiet(o -> o.validationSplit(0.25)
                .seed(3).subset(Subset.TRAINING))), 5)), "in any epoch");
        DataException noSeed = assertThrows(DataException.class, () -> ImageDatasets.split(folder,
                quiet(o -> o.validationSplit(0.25))));
        assertTrue(noSeed.getMessage().contains("seed"), noSeed.getMessage());
        DataException noSubset = assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder,
                quiet(o -> o.validationSplit(0.25).seed(1))));
        assertTrue(noSubset.getMessage().contains("subset(TRAINING)"), noSubset.getMessage());
    }

    @Test
    void labelModesGiveKerasShapes() throws IOException {
        Path folder = threeClasses();
        Batch categorical = ImageDatasets.fromDirectory(folder, quiet(o -> o.labelMode(LabelMode.CATEGORICAL)
                .shuffle(false))).toList().get(0);
        assertArrayEquals(new int[] {3}, categorical.labelShape());
        assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOf(categorical.labelValues(), 3));
        Batch none = ImageDatasets.fromDirectory(folder, quiet(o -> o.labelMode(LabelMode.NONE))).toList().get(0);
        assertFalse(none.hasLabels());
        assertEquals(12, none.size(), "NONE reads every image below the folder");
        DataException binary = assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder,
                quiet(o -> o.labelMode(LabelMode.BINARY))));
        assertTrue(binary.getMessage().contains("exactly 2 classes, found 3"), binary.getMessage());

        Dataset ordered = ImageDatasets.fromDirectory(folder, quiet(o -> o.classNames(List.of("cat", "bee", "ant"))
                .shuffle(false)));
        assertEquals(List.of("cat", "bee", "ant"), ordered.classNames());
        float[] orderedLabels = ordered.toList().get(0).labelValues();
        assertEquals(0f, orderedLabels[0], "cat's images come first, as class 0");
        assertEquals(2f, orderedLabels[11], "ant is class 2 when classNames says so");
        DataException wrong = assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder,
                quiet(o -> o.classNames(List.of("ant", "bee", "dog")))));
        assertTrue(wrong.getMessage().contains("no folder for [dog]") && wrong.getMessage().contains("[cat]"),
                wrong.getMessage());
    }

    @Test
    void aListOfFilesWithLabelsReadsAsAFolderDoes() throws IOException {
        Path a = root.resolve("a.png");
        Path b = root.resolve("b.png");
        writeTagged(a, 1, 1, 2, 2);
        writeTagged(b, 2, 0, 2, 2);
        Dataset data = ImageDatasets.fromFiles(List.of(a, b), new int[] {1, 0}, quiet(o -> o.shuffle(false)
                .classNames(List.of("no", "yes"))));
        assertEquals(List.of("no", "yes"), data.classNames());
        List<int[]> tags = tags(data, 0);
        assertEquals(List.of(1, 2), tags.stream().map(t -> t[0]).toList());
        DataException bad = assertThrows(DataException.class, () -> ImageDatasets.fromFiles(List.of(a, b),
                new int[] {1, 2}, quiet(o -> o.classNames(List.of("no", "yes")))));
        assertTrue(bad.getMessage().contains("label 2 of " + b), bad.getMessage());
    }

    // ------------------------------------------------------------------ channels, as TensorFlow and PIL convert

    private static float[] pixels(Path file, ColorMode mode) throws IOException {
        return ImageDecoder.decode(file, mode).values();
    }

    @Test
    void greyFilesKeepTheirValuesAndRepeatThemAsRgb() throws IOException {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setPixel(0, 0, new int[] {128});
        grey.getRaster().setPixel(1, 0, new int[] {3});
        Path file = root.resolve("grey.png");
        ImageIO.write(grey, "png", file.toFile());
        assertArrayEquals(new float[] {128, 3}, pixels(file, ColorMode.GRAYSCALE),
                "128 stays 128 (Java's getRGB would make it 186)");
        assertArrayEquals(new float[] {128, 128, 128, 3, 3, 3}, pixels(file, ColorMode.RGB));
        assertArrayEquals(new float[] {128, 128, 128, 255, 3, 3, 3, 255}, pixels(file, ColorMode.RGBA));
    }

    @Test
    void rgbaReadAsRgbDropsItsAlphaAndColourReadAsGreyIsPilsLuma() throws IOException {
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.getRaster().setPixel(0, 0, new int[] {200, 100, 50, 10});
        Path file = root.resolve("rgba.png");
        ImageIO.write(rgba, "png", file.toFile());
        assertArrayEquals(new float[] {200, 100, 50}, pixels(file, ColorMode.RGB), "alpha dropped, not composited");
        assertArrayEquals(new float[] {200, 100, 50, 10}, pixels(file, ColorMode.RGBA));
        // PIL: L = R·299/1000 + G·587/1000 + B·114/1000 = 59.8 + 58.7 + 5.7 = 124.2 → 124
        assertArrayEquals(new float[] {124}, pixels(file, ColorMode.GRAYSCALE));
    }

    @Test
    void palettesSixteenBitSamplesAndBmpsReadAsStored() throws IOException {
        byte[] reds = {0, (byte) 250};
        byte[] greens = {0, 20};
        byte[] blues = {0, 30};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, reds, greens, blues));
        indexed.getRaster().setPixel(1, 0, new int[] {1});
        Path gif = root.resolve("palette.gif");
        ImageIO.write(indexed, "gif", gif.toFile());
        assertArrayEquals(new float[] {0, 0, 0, 250, 20, 30}, pixels(gif, ColorMode.RGB));

        BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setPixel(0, 0, new int[] {0xABCD});
        Path png = root.resolve("deep.png");
        ImageIO.write(deep, "png", png.toFile());
        assertArrayEquals(new float[] {0xAB}, pixels(png, ColorMode.GRAYSCALE), "16 bits keep the high byte");

        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x102030);
        Path bmp = root.resolve("plain.bmp");
        ImageIO.write(rgb, "bmp", bmp.toFile());
        assertArrayEquals(new float[] {0x10, 0x20, 0x30}, pixels(bmp, ColorMode.RGB));
    }

    @Test
    void jpegsDecodeThroughTwelveMonkeys() throws IOException {
        assertTrue(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName()
                .startsWith("com.twelvemonkeys"), "the CMYK-capable reader comes first");
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, 0x806040);
            }
        }
        Path file = root.resolve("flat.jpg");
        ImageIO.write(flat, "jpeg", file.toFile());
        float[] values = pixels(file, ColorMode.RGB);
        assertEquals(16 * 16 * 3, values.length);
        assertEquals(0x80, values[0], 2, "a flat colour survives JPEG within a step or two");
        assertEquals(0x40, values[2], 2);
    }

    // ------------------------------------------------------------------ resizing, as tf.image.resize

    @Test
    void bilinearResizeHasTensorFlowsHalfPixelValues() {
        ImageDecoder.Pixels square = new ImageDecoder.Pixels(2, 2, 1, new float[] {0, 10, 20, 30});
        // tf.image.resize([[0, 10], [20, 30]], (4, 4)) with method="bilinear", antialias=False
        assertArrayEquals(new float[] {
            0, 2.5f, 7.5f, 10,
            5, 7.5f, 12.5f, 15,
            15, 17.5f, 22.5f, 25,
            20, 22.5f, 27.5f, 30}, ImageResize.resize(square, 4, 4, false).values());
        // down: 4 → 2 samples between the pixels at 0.5 and 2.5
        ImageDecoder.Pixels row = new ImageDecoder.Pixels(1, 4, 1, new float[] {0, 10, 20, 30});
        assertArrayEquals(new float[] {5, 25}, ImageResize.resize(row, 1, 2, false).values());
    }

    @Test
    void bilinearResizeMatchesAFloat64Reference() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        int h = 7;
        int w = 5;
        float[] values = new float[h * w * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256);
        }
        int outH = 3;
        int outW = 11;
        float[] out = ImageResize.resize(new ImageDecoder.Pixels(h, w, 3, values), outH, outW, false).values();
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                for (int c = 0; c < 3; c++) {
                    double sy = Math.min(Math.max((y + 0.5) * h / outH - 0.5, 0), h - 1);
                    double sx = Math.min(Math.max((x + 0.5) * w / outW - 0.5, 0), w - 1);
                    int y0 = (int) Math.floor(sy);
                    int x0 = (int) Math.floor(sx);
                    int y1 = Math.min(y0 + 1, h - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double fy = sy - y0;
                    double fx = sx - x0;
                    double top = values[(y0 * w + x0) * 3 + c] * (1 - fx) + values[(y0 * w + x1) * 3 + c] * fx;
                    double bottom = values[(y1 * w + x0) * 3 + c] * (1 - fx) + values[(y1 * w + x1) * 3 + c] * fx;
                    assertEquals(top * (1 - fy) + bottom * fy, out[(y * outW + x) * 3 + c], 1e-3,
                            "(" + y + ", " + x + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void cropToAspectRatioKeepsTheCentredWindow() {
        float[] values = new float[4 * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 8;
        }
        ImageDecoder.Pixels wide = new ImageDecoder.Pixels(4, 8, 1, values);
        ImageDecoder.Pixels cropped = ImageResize.resize(wide, 4, 4, true);
        assertArrayEquals(new float[] {2, 3, 4, 5}, java.util.Arrays.copyOf(cropped.values(), 4),
                "smart_resize keeps columns 2 to 5 of 8 for a square");
    }

    @Test
    void aFolderResizedToImageSizeBatchesMixedSizes() throws IOException {
        Path folder = root.resolve("mixed");
        writeTagged(folder.resolve("a").resolve("1.png"), 1, 0, 4, 6);
        writeTagged(folder.resolve("b").resolve("2.png"), 2, 1, 9, 3);
        DataException mixed = assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder,
                quiet(o -> { })));
        assertTrue(mixed.getMessage().contains("differ in size") && mixed.getMessage().contains("imageSize"),
                mixed.getMessage());
        Batch batch = ImageDatasets.fromDirectory(folder, quiet(o -> o.imageSize(5, 5).shuffle(false))).toList()
                .get(0);
        assertArrayEquals(new int[] {5, 5, 3}, batch.sampleShape());
        assertEquals(2, batch.size());
        assertEquals(2f, batch.featureValues()[75], "a flat image stays flat when resized");
    }

    // ------------------------------------------------------------------ folders that cannot be read as classes

    private static String refusal(Path folder) {
        return assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder, quiet(o -> { })))
                .getMessage();
    }

    @Test
    void badLayoutsAreEachRefusedWithWhatToDo() throws IOException {
        Path loose = root.resolve("loose");
        writeTagged(loose.resolve("1.png"), 1, 0, 2, 2);
        assertTrue(refusal(loose).contains("no class folders") && refusal(loose).contains("labelMode(NONE)"),
                refusal(loose));

        Path empty = root.resolve("empty");
        writeTagged(empty.resolve("cats").resolve("1.png"), 1, 0, 2, 2);
        Files.createDirectories(empty.resolve("dogs"));
        Files.writeString(empty.resolve("dogs").resolve("readme.md"), "todo");
        assertTrue(refusal(empty).contains(empty.resolve("dogs") + " holds no images"), refusal(empty));

        Path nothing = root.resolve("nothing");
        Files.createDirectories(nothing.resolve("cats"));
        Files.createDirectories(nothing.resolve("dogs"));
        assertTrue(refusal(nothing).contains("has no images"), refusal(nothing));

        Path splits = root.resolve("splits");
        for (String split : List.of("train", "validation")) {
            for (String kind : List.of("cats", "dogs")) {
                writeTagged(splits.resolve(split).resolve(kind).resolve("1.png"), 1, 0, 2, 2);
            }
        }
        assertTrue(refusal(splits).contains("layout of splits") && refusal(splits).contains("Pass "
                + splits.resolve("train")), refusal(splits));

        Path beside = root.resolve("beside");
        writeTagged(beside.resolve("cats").resolve("1.png"), 1, 0, 2, 2);
        writeTagged(beside.resolve("stray.png"), 1, 0, 2, 2);
        assertTrue(refusal(beside).contains("beside its class folders"), refusal(beside));

        assertTrue(refusal(root.resolve("missing")).contains("does not exist"));
    }

    @Test
    void aCorruptImageNamesTheFileAndCanBeSkipped() throws IOException {
        Path folder = root.resolve("broken");
        writeTagged(folder.resolve("a").resolve("good.png"), 1, 0, 8, 8);
        writeTagged(folder.resolve("b").resolve("fine.png"), 2, 1, 8, 8);
        Path cut = folder.resolve("b").resolve("cut.png");
        writeTagged(cut, 3, 1, 8, 8);
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path fake = folder.resolve("a").resolve("fake.jpg");
        Files.writeString(fake, "<html>not a photo</html>");

        Dataset strict = ImageDatasets.fromDirectory(folder, quiet(o -> o.imageSize(8, 8).shuffle(false)));
        DataException error = assertThrows(DataException.class, strict::toList);
        assertTrue(error.getMessage().contains(fake.toString()) && error.getMessage().contains("skipCorruptImages"),
                error.getMessage());

        Dataset lenient = ImageDatasets.fromDirectory(folder, quiet(o -> o.imageSize(8, 8).shuffle(false)
                .skipCorruptImages(true)));
        assertEquals(List.of(1, 2), tags(lenient, 0).stream().map(t -> t[0]).toList(),
                "the truncated PNG and the HTML page are left out");
        assertTrue(lenient.cardinality().isEmpty(), "how many are left shows only when read");

        DataException header = assertThrows(DataException.class, () -> ImageDatasets.fromDirectory(folder,
                quiet(o -> { })));
        assertTrue(header.getMessage().contains(fake.toString()), "found when the sizes are read: "
                + header.getMessage());
    }

    @Test
    void aTruncatedJpegIsAnErrorNotGreyRows() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path file = root.resolve("cut.jpg");
        ImageIO.write(image, "jpeg", file.toFile());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        IOException error = assertThrows(IOException.class, () -> ImageDecoder.decode(file, ColorMode.RGB));
        assertTrue(error.getMessage() != null && !error.getMessage().isEmpty());
    }
}
