package dev.fusenet.runtime.datasets;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.tensor.Shapes;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The MNIST digits, as {@code keras.datasets.mnist.load_data()}: 60,000 training and 10,000 test images of
 * 28×28 uint8 pixels with uint8 labels 0-9.
 *
 * <p>{@link #loadData()} looks for the four IDX files (gzip or not, under the names Keras and torchvision use)
 * in this order:
 * <ol>
 *   <li>{@code <d>/mnist} where d is the system property {@code fusenet.datasets};</li>
 *   <li>{@code <d>/mnist} where d is the environment variable {@code FUSENET_DATASETS};</li>
 *   <li>the cache {@code ~/.fusenet/datasets/mnist};</li>
 *   <li>else it downloads the missing files into that cache from the public mirrors, checking each file's SHA-256.</li>
 * </ol>
 * {@link #loadData(Path)} reads a directory of your choice and nothing else.
 */
public final class Mnist {

    /** The property naming a folder that holds {@code mnist/}. */
    public static final String DATASETS_PROPERTY = "fusenet.datasets";
    /** The environment variable naming a folder that holds {@code mnist/}. */
    public static final String DATASETS_ENVIRONMENT = "FUSENET_DATASETS";

    /** The mirrors torchvision and TensorFlow's tutorials download MNIST from. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));

    /** One of the four files, with the SHA-256 of its decompressed content. */
    enum File {
        TRAIN_IMAGES("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

        final String baseName;
        final String sha256;

        File(String baseName, String sha256) {
            this.baseName = baseName;
            this.sha256 = sha256;
        }

        /** The file in {@code directory}, compressed or not, if it is there. */
        Optional<Path> in(Path directory) {
            for (String name : List.of(baseName + ".gz", baseName)) {
                Path candidate = directory.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }

    /** The four arrays of {@code load_data()}: {@code (x_train, y_train), (x_test, y_test)}. */
    public record Data(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels) {
    }

    private Mnist() {
    }

    /** Loads MNIST from the first place that has it (see the class comment), downloading it if none has. */
    public static Data loadData() throws DatasetException {
        Optional<Path> configured = configuredDirectory();
        if (configured.isPresent()) {
            return loadData(configured.get());
        }
        Path cache = cacheDirectory();
        downloadMissing(cache, MIRRORS, System.err);
        return loadData(cache);
    }

    /**
     * Loads the four files from {@code directory}.
     *
     * @throws DatasetException naming the file that is missing or malformed, or the counts that disagree
     */
    public static Data loadData(Path directory) throws DatasetException {
        Tensor trainImages = read(directory, File.TRAIN_IMAGES);
        Tensor trainLabels = read(directory, File.TRAIN_LABELS);
        Tensor testImages = read(directory, File.TEST_IMAGES);
        Tensor testLabels = read(directory, File.TEST_LABELS);
        checkPair(directory, File.TRAIN_IMAGES, trainImages, File.TRAIN_LABELS, trainLabels);
        checkPair(directory, File.TEST_IMAGES, testImages, File.TEST_LABELS, testLabels);
        return new Data(trainImages, trainLabels, testImages, testLabels);
    }

    /** The MNIST folder named by the property or the environment variable, if one is set and holds the files. */
    public static Optional<Path> configuredDirectory() {
        for (String root : new String[] {System.getProperty(DATASETS_PROPERTY), System.getenv(DATASETS_ENVIRONMENT)}) {
            if (root != null && !root.isBlank()) {
                Path directory = Path.of(root).resolve("mnist");
                if (File.TRAIN_IMAGES.in(directory).isPresent()) {
                    return Optional.of(directory);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ~/.fusenet/datasets/mnist}, where downloads go. */
    public static Path cacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".fusenet", "datasets", "mnist");
    }

    /** Downloads into {@code directory} each of the four files it lacks, verified by checksum. */
    static void downloadMissing(Path directory, List<URI> mirrors, PrintStream progress) throws DatasetException {
        downloadMissing(directory, mirrors, new VerifiedDownload(progress));
    }

    /**
     * As {@link #downloadMissing(Path, List, PrintStream)} with {@code download}.
     *
     * @throws DatasetException saying, per mirror, why the download failed, and how to use files the user has
     */
    static void downloadMissing(Path directory, List<URI> mirrors, VerifiedDownload download)
            throws DatasetException {
        for (File file : File.values()) {
            if (file.in(directory).isEmpty()) {
                try {
                    download.fetch(mirrors, file.baseName + ".gz", directory.resolve(file.baseName + ".gz"),
                            file.sha256);
                } catch (DatasetException e) {
                    throw new DatasetException(e.getMessage() + "\n" + whatToDo(directory), e);
                }
            }
        }
    }

    /** How to give fusenet MNIST files the user already has, and how to download through a proxy. */
    static String whatToDo(Path cache) {
        long cached = java.util.Arrays.stream(File.values()).filter(file -> file.in(cache).isPresent()).count();
        String names = String.join(", ", java.util.Arrays.stream(File.values()).map(file -> file.baseName + ".gz")
                .toList());
        return "The cache " + cache.toAbsolutePath() + " holds " + cached + " of the 4 files.\n"
                + "To use MNIST files you already have (" + names + ", gzip or not), put them in a folder DIR/mnist "
                + "and run with -D" + DATASETS_PROPERTY + "=DIR or the environment variable " + DATASETS_ENVIRONMENT
                + "=DIR, copy them into " + cache.toAbsolutePath() + ", or pass their folder to "
                + "Mnist.loadData(Path).\n"
                + "Behind a proxy, tell the JVM: -Dhttps.proxyHost=HOST -Dhttps.proxyPort=PORT (and -Dhttp.proxyHost, "
                + "-Dhttp.proxyPort for the http mirror).";
    }

    private static Tensor read(Path directory, File file) throws DatasetException {
        for (String name : List.of(file.baseName + ".gz", file.baseName)) {
            if (file.in(directory).isEmpty() && Files.isDirectory(directory.resolve(name))) {
                throw new DatasetException(directory.resolve(name) + " is a folder, not the IDX file MNIST needs "
                        + "(unpacked archives sometimes nest the file in a folder of its name): put the file itself "
                        + "there");
            }
        }
        Path path = file.in(directory).orElseThrow(() -> new DatasetException(
                directory.resolve(file.baseName) + "(.gz): no such file; MNIST needs train-images-idx3-ubyte, "
                        + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzip or not"));
        byte[] bytes;
        try {
            bytes = Idx.readAllDecompressed(path);
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + "; " + replaceIt(), e);
        }
        checkNotAnother(path, file, VerifiedDownload.sha256(bytes));
        try {
            return Idx.parse(bytes, path.toString());
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + "; " + replaceIt(), e);
        }
    }

    private static String replaceIt() {
        return "replace it with a good copy, or delete it and call Mnist.loadData(), which downloads missing files "
                + "into " + cacheDirectory() + " (or the folder fusenet.datasets names)";
    }

    /**
     * Refuses a file whose content is another of the four MNIST files (train and test swapped, images under a
     * labels name): the counts of such a pair can agree, so nothing else would notice. A file of unknown content
     * (Fashion-MNIST, EMNIST, a file of one's own in MNIST's format) is not MNIST's and loads.
     */
    private static void checkNotAnother(Path path, File expected, String sha256) throws DatasetException {
        for (File other : File.values()) {
            if (other != expected && other.sha256.equals(sha256)) {
                throw new DatasetException(path + " holds MNIST's " + other.baseName + " (its SHA-256 is that "
                        + "file's), not " + expected.baseName + ": the files are swapped or misnamed; rename each to "
                        + "what it holds");
            }
        }
    }

    private static void checkPair(Path directory, File imagesFile, Tensor images, File labelsFile, Tensor labels)
            throws DatasetException {
        if (images.rank() != 3 || labels.rank() != 1) {
            throw new DatasetException(directory.resolve(imagesFile.baseName) + ": expected images of rank 3 and "
                    + "labels of rank 1, got " + Shapes.format(images.shape()) + " and " + Shapes.format(labels.shape()));
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new DatasetException(directory.resolve(labelsFile.baseName) + ": " + labels.dim(0) + " labels for "
                    + images.dim(0) + " images in " + imagesFile.baseName + "; the two files must have the same count");
        }
    }
}
