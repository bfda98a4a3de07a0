package dev.fusenet.runtime.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    @TempDir
    Path dir;

    @Test
    void loadsFromADirectoryGzippedOrNot() throws Exception {
        for (boolean gzip : new boolean[] {true, false}) {
            Path mnist = dir.resolve(gzip ? "gz" : "raw");
            IdxFiles.writeMnist(mnist, 12, 5, gzip);
            Mnist.Data data = Mnist.loadData(mnist);
            assertArrayEquals(new long[] {12, 28, 28}, data.trainImages().shape());
            assertArrayEquals(new long[] {12}, data.trainLabels().shape());
            assertArrayEquals(new long[] {5, 28, 28}, data.testImages().shape());
            assertArrayEquals(new long[] {5}, data.testLabels().shape());
            assertEquals(DType.UINT8, data.trainImages().dtype());
            assertEquals(DType.UINT8, data.testLabels().dtype());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, data.testLabels().toIntArray());
        }
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        IdxFiles.writeMnist(dir, 3, 2, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(dir));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte") + "(.gz): no such file; MNIST needs "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, "
                + "gzip or not", e.getMessage());
    }

    @Test
    void aFolderUnderAFilesNameIsNamed() throws Exception {
        IdxFiles.writeMnist(dir, 3, 2, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.createDirectories(dir.resolve("t10k-labels-idx1-ubyte"));
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(dir));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte") + " is a folder, not the IDX file MNIST needs (unpacked "
                + "archives sometimes nest the file in a folder of its name): put the file itself there",
                e.getMessage());
    }

    @Test
    void aTruncatedDownloadSaysSoAndWhatToDo() throws Exception {
        IdxFiles.writeMnist(dir, 30, 2, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(dir));
        assertEquals(images + " is truncated or corrupt (unexpected end of gzip data); replace it with a good copy, "
                + "or delete it and call Mnist.loadData(), which downloads missing files into "
                + Mnist.cacheDirectory() + " (or the folder fusenet.datasets names)", e.getMessage());
    }

    @Test
    void aCorruptGzipFileSaysSo() throws Exception {
        IdxFiles.writeMnist(dir, 3, 2, true);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        for (int i = 10; i < bytes.length - 8; i++) {
            bytes[i] = (byte) 0xff;
        }
        Files.write(labels, bytes);
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(dir));
        assertTrue(e.getMessage().startsWith(labels + " is truncated or corrupt ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; replace it with a good copy, or delete it and call Mnist.loadData(), "
                + "which downloads missing files into " + Mnist.cacheDirectory() + " (or the folder fusenet.datasets "
                + "names)"), e.getMessage());
    }

    @Test
    void imagesAndLabelsMustCountTheSame() throws Exception {
        IdxFiles.writeMnist(dir, 3, 2, false);
        IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(4), false);
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(dir));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": 4 labels for 3 images in train-images-idx3-ubyte; "
                + "the two files must have the same count", e.getMessage());
    }

    @Test
    void theDatasetsPropertyPointsAtAFolderHoldingMnist() throws Exception {
        IdxFiles.writeMnist(dir.resolve("mnist"), 2, 2, true);
        String previous = System.getProperty(Mnist.DATASETS_PROPERTY);
        try {
            System.setProperty(Mnist.DATASETS_PROPERTY, dir.toString());
            assertEquals(Optional.of(dir.resolve("mnist")), Mnist.configuredDirectory());
            assertEquals(2, Mnist.loadData().trainImages().dim(0));
        } finally {
            if (previous == null) {
                System.clearProperty(Mnist.DATASETS_PROPERTY);
            } else {
                System.setProperty(Mnist.DATASETS_PROPERTY, previous);
            }
        }
    }

    /** The real files, when the build found them (../shared/datasets/mnist beside the checkout). */
    @Test
    void realMnistMatchesKeras() throws Exception {
        Optional<Path> real = Mnist.configuredDirectory();
        assumeTrue(real.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding mnist/");
        Mnist.Data data = Mnist.loadData(real.get());
        assertArrayEquals(new long[] {60000, 28, 28}, data.trainImages().shape());
        assertArrayEquals(new long[] {60000}, data.trainLabels().shape());
        assertArrayEquals(new long[] {10000, 28, 28}, data.testImages().shape());
        assertArrayEquals(new long[] {10000}, data.testLabels().shape());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, data.trainLabels().slice(0, 5).toIntArray());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, data.testLabels().slice(0, 5).toIntArray());
        assertEquals(255, data.trainImages().max().intValue());
        for (Mnist.File file : Mnist.File.values()) {
            Path path = file.in(real.get()).orElseThrow();
            assertEquals(file.sha256, VerifiedDownload.sha256(Idx.readAllDecompressed(path)), file.baseName);
        }
        assertTrue(data.trainLabels().max().intValue() == 9);
    }

    /**
     * MNIST's training files under the test files' names and back: each pair's counts agree, so only the checksums
     * the loader knows tell; before, the swapped files loaded silently as each other.
     */
    @Test
    void swappedFilesAreNamedByWhatTheyHold() throws Exception {
        Optional<Path> real = Mnist.configuredDirectory();
        assumeTrue(real.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding mnist/");
        Path swapped = dir.resolve("swapped");
        Files.createDirectories(swapped);
        for (Mnist.File file : Mnist.File.values()) {
            Path from = file.in(real.get()).orElseThrow();
            String other = file.baseName.startsWith("train") ? file.baseName.replace("train", "t10k")
                    : file.baseName.replace("t10k", "train");
            Files.copy(from, swapped.resolve(other + (from.toString().endsWith(".gz") ? ".gz" : "")));
        }
        var e = assertThrows(DatasetException.class, () -> Mnist.loadData(swapped));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains(" holds MNIST's "
                + "t10k-images-idx3-ubyte (its SHA-256 is that file's), not train-images-idx3-ubyte: the files are "
                + "swapped or misnamed; rename each to what it holds"), e.getMessage());
    }
}
