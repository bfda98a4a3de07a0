package dev.fusenet.runtime.data;

import dev.fusenet.runtime.data.ImageDecoder.Pixels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Image files as a {@link Dataset}, as Keras's {@code image_dataset_from_directory}: a folder whose subfolders are
 * the classes, or a list of files with their labels, decoded on worker threads batch by batch while the model
 * trains, so a folder larger than the heap streams.
 *
 * <pre>{@code
 * ImageDatasets.Split data = ImageDatasets.split(Path.of("flowers"), o -> o
 *         .imageSize(180, 180).validationSplit(0.2).seed(1337));
 * model.fit(data.training(), o -> o.epochs(10).validationData(data.validation()));
 * List<String> classes = data.training().classNames();   // the folders' names, in sorted order
 * }</pre>
 *
 * <p>Samples are {@code (height, width, channels)} floats from 0 to 255, channels last, as Keras gives them:
 * rescale them in the model ({@code @Rescaling(scale = 1.0 / 255)}). Labels follow {@link LabelMode}.
 */
public final class ImageDatasets {

    private static final System.Logger LOG = System.getLogger(ImageDatasets.class.getName());

    private ImageDatasets() {
    }

    /** Training and validation subsets of one folder: disjoint, and together every image, for one seed. */
    public record Split(Dataset training, Dataset validation) {
    }

    /** The images of {@code directory}'s class folders with Keras's defaults: int labels, RGB, batches of 32. */
    public static Dataset fromDirectory(Path directory) {
        return fromDirectory(directory, options -> { });
    }

    /**
     * The images of {@code directory}'s class folders (or, with {@link LabelMode#NONE}, every image below it),
     * configured by {@code configure}; with a {@link Options#validationSplit} the {@link Options#subset} chosen.
     * The folder is listed, and checked, now; the images are read during each pass.
     *
     * @throws DataException for a layout that cannot be read as classes (no class folders, an empty class, images
     *                       beside the class folders, a folder of splits), images of mixed sizes without
     *                       {@link Options#imageSize}, or options that contradict each other
     */
    public static Dataset fromDirectory(Path directory, Consumer<Options> configure) {
        Options options = configured(configure);
        options.requireSubset(true);
        Listing listing = list(directory, options);
        return options.subset == Subset.VALIDATION ? listing.validation(options) : listing.training(options);
    }

    /**
     * Both subsets of a {@link Options#validationSplit} of {@code directory}, as Keras's {@code subset="both"}: one
     * listing and shuffle of the files, cut in two.
     */
    public static Split split(Path directory, Consumer<Options> configure) {
        Options options = configured(configure);
        options.requireSubset(false);
        Listing listing = list(directory, options);
        return new Split(listing.training(options), listing.validation(options));
    }

    /**
     * The images {@code files} with class indices {@code labels} (one per file; null with {@link LabelMode#NONE}),
     * as Keras's {@code labels=[...]}. {@link Options#classNames} names the classes; without it there are
     * {@code max(labels) + 1}, named by their indices.
     */
    public static Dataset fromFiles(List<Path> files, int[] labels, Consumer<Options> configure) {
        Options options = configured(configure);
        options.requireSubset(true);
        List<Path> paths = List.copyOf(files);
        if (paths.isEmpty()) {
            throw new DataException("fromFiles: the list of files is empty");
        }
        for (Path file : paths) {
            if (!Files.isRegularFile(file)) {
                throw new DataException("fromFiles: " + file + " is not a file (resolved to " + file.toAbsolutePath()
                        + ")");
            }
        }
        List<String> classNames = options.classNames;
        if (options.labelMode != LabelMode.NONE) {
            if (labels == null || labels.length != paths.size()) {
                throw new DataException("fromFiles: " + paths.size() + " files need " + paths.size() + " labels, got "
                        + (labels == null ? "none" : labels.length) + " (for no labels use labelMode(NONE))");
            }
            int classes = classNames.isEmpty() ? Arrays.stream(labels).max().orElse(0) + 1 : classNames.size();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new DataException("fromFiles: label " + labels[i] + " of " + paths.get(i) + " is not a class "
                            + "index in [0, " + classes + ")" + (classNames.isEmpty() ? "" : " of " + classNames));
                }
            }
            if (classNames.isEmpty()) {
                List<String> named = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    named.add(Integer.toString(c));
                }
                classNames = named;
            }
        }
        ImageFolder.Index index = new ImageFolder.Index(paths, options.labelMode == LabelMode.NONE ? null
                : labels.clone(), options.labelMode == LabelMode.NONE ? List.of() : classNames);
        Listing listing = new Listing(index, options);
        return options.subset == Subset.VALIDATION ? listing.validation(options) : listing.training(options);
    }

    private static Options configured(Consumer<Options> configure) {
        Options options = new Options();
        configure.accept(options);
        options.check();
        return options;
    }

    private static Listing list(Path directory, Options options) {
        ImageFolder.Index index = options.labelMode == LabelMode.NONE
                ? ImageFolder.unlabelled(directory, options.followLinks)
                : ImageFolder.labelled(directory, options.classNames, options.followLinks);
        if (options.verbose) {
            System.out.println("Found " + index.files().size() + " files"
                    + (index.labels() == null ? "." : " belonging to " + index.classNames().size() + " classes."));
        }
        return new Listing(index, options);
    }

    /**
     * A checked file list, shuffled once with the seed as Keras shuffles it before a split, so the subsets of one
     * seed are disjoint and together the whole listing.
     */
    private static final class Listing {
        private final List<Path> files;
        private final int[] labels;
        private final List<String> classNames;
        private final int[] size;
        private final int validationCount;

        Listing(ImageFolder.Index index, Options options) {
            List<Path> paths = new ArrayList<>(index.files());
            int[] classes = index.labels();
            if (options.labelMode == LabelMode.BINARY && index.classNames().size() != 2) {
                throw new DataException("labelMode BINARY needs exactly 2 classes, found " + index.classNames().size()
                        + " " + index.classNames() + "; use CATEGORICAL or INT for more");
            }
            if (options.shuffle) {
                SplittableRandom random = new SplittableRandom(options.seed());
                for (int i = paths.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    paths.set(j, paths.set(i, paths.get(j)));
                    if (classes != null) {
                        int label = classes[i];
                        classes[i] = classes[j];
                        classes[j] = label;
                    }
                }
            }
            this.files = paths;
            this.labels = classes;
            this.classNames = index.classNames();
            this.size = options.imageSize != null ? options.imageSize : commonSize(paths, options);
            this.validationCount = (int) (options.validationSplit * paths.size());
            if (options.validationSplit > 0 && (validationCount == 0 || validationCount == paths.size())) {
                throw new DataException("validationSplit " + options.validationSplit + " of " + paths.size()
                        + " files leaves " + (validationCount == 0 ? "no file for validation" : "no file for training")
                        + "; both subsets need at least one");
            }
            if (options.verbose && options.validationSplit > 0) {
                System.out.println("Using " + (paths.size() - validationCount) + " files for training, "
                        + validationCount + " for validation.");
            }
        }

        Dataset training(Options options) {
            return dataset(0, files.size() - validationCount, options);
        }

        Dataset validation(Options options) {
            return dataset(files.size() - validationCount, files.size(), options);
        }

        private Dataset dataset(int from, int to, Options options) {
            List<Path> subset = List.copyOf(files.subList(from, to));
            int[] subsetLabels = labels == null ? null : Arrays.copyOfRange(labels, from, to);
            ImageLoader loader = new ImageLoader(options, size, classNames.size());
            Source<Integer> order = new IndexedSource<>(subset.size(), i -> i);
            if (options.shuffle) {
                int buffer = options.batchSize > 0 ? options.batchSize * 8 : 1024;
                order = new ShuffleStage<>(order, buffer, options.seed(), true);
            }
            Source<Batch> samples;
            if (options.skipCorruptImages) {
                samples = new DropEmptyStage<>(new MapStage<>(order, i -> loader.tryLoad(subset.get(i),
                        subsetLabels == null ? -1 : subsetLabels[i]), options.decodeThreads));
            } else {
                samples = new MapStage<>(order, i -> loader.load(subset.get(i),
                        subsetLabels == null ? -1 : subsetLabels[i]), options.decodeThreads);
            }
            if (options.batchSize == 0) {
                return Dataset.of(samples, 0, classNames);
            }
            return Dataset.of(new PrefetchStage<>(new BatchStage(samples, options.batchSize, false), 2),
                    options.batchSize, classNames);
        }
    }

    /**
     * The size every image has, read from the files' headers when no {@link Options#imageSize} is given: mixed
     * sizes cannot be batched, and are refused now rather than at the first odd file.
     */
    private static int[] commonSize(List<Path> files, Options options) {
        int[] first = null;
        Path firstFile = null;
        for (Path file : files) {
            int[] size;
            try {
                size = ImageDecoder.size(file);
            } catch (IOException e) {
                if (options.skipCorruptImages) {
                    continue;
                }
                throw ImageLoader.unreadable(file, e);
            }
            if (first == null) {
                first = size;
                firstFile = file;
            } else if (!Arrays.equals(first, size)) {
                throw new DataException("the images differ in size: " + firstFile + " is " + first[0] + "×" + first[1]
                        + " (height × width), " + file + " is " + size[0] + "×" + size[1] + "; a batch needs one "
                        + "size: give imageSize(height, width) to resize them (cropToAspectRatio(true) to keep their "
                        + "proportions)");
            }
        }
        if (first == null) {
            throw new DataException("none of the " + files.size() + " images could be read");
        }
        return first;
    }

    /** Decodes, converts and resizes one file into a sample with its label; stateless, called on worker threads. */
    private static final class ImageLoader {
        private final ColorMode colorMode;
        private final int height;
        private final int width;
        private final boolean resize;
        private final boolean crop;
        private final LabelMode labelMode;
        private final int classes;

        ImageLoader(Options options, int[] size, int classes) {
            this.colorMode = options.colorMode;
            this.height = size[0];
            this.width = size[1];
            this.resize = options.imageSize != null;
            this.crop = options.cropToAspectRatio;
            this.labelMode = options.labelMode;
            this.classes = classes;
        }

        Batch load(Path file, int label) {
            try {
                return sample(file, label);
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }

        Optional<Batch> tryLoad(Path file, int label) {
            try {
                return Optional.of(sample(file, label));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "skipped " + file + ", which cannot be read: " + e.getMessage());
                return Optional.empty();
            }
        }

        private Batch sample(Path file, int label) throws IOException {
            Pixels pixels = ImageDecoder.decode(file, colorMode);
            if (resize) {
                pixels = ImageResize.resize(pixels, height, width, crop);
            } else if (pixels.height() != height || pixels.width() != width) {
                throw new IOException("it is " + pixels.height() + "×" + pixels.width() + " (height × width) but the "
                        + "folder's images are " + height + "×" + width + "; give imageSize to resize them");
            }
            int[] shape = {height, width, colorMode.channels()};
            return switch (labelMode) {
                case NONE -> Batch.raw(false, 1, shape, pixels.values(), null, null, null);
                case INT -> Batch.raw(false, 1, shape, pixels.values(), new int[0], new float[] {label}, null);
                case BINARY -> Batch.raw(false, 1, shape, pixels.values(), new int[] {1}, new float[] {label}, null);
                case CATEGORICAL -> {
                    float[] oneHot = new float[classes];
                    oneHot[label] = 1;
                    yield Batch.raw(false, 1, shape, pixels.values(), new int[] {classes}, oneHot, null);
                }
            };
        }

        static DataException unreadable(Path file, IOException e) {
            return new DataException("cannot read the image " + file + ": " + e.getMessage() + ". It may be corrupt "
                    + "or truncated: replace or remove it, or skip such files with skipCorruptImages(true)");
        }
    }

    /**
     * What {@link #fromDirectory(Path, Consumer)} reads and how, with Keras's names and defaults, except that
     * images keep their size unless {@link #imageSize} is given (Keras resizes to 256×256 by default).
     */
    public static final class Options {
        private LabelMode labelMode = LabelMode.INT;
        private ColorMode colorMode = ColorMode.RGB;
        private int[] imageSize;
        private boolean cropToAspectRatio;
        private int batchSize = 32;
        private boolean shuffle = true;
        private Long seed;
        private double validationSplit;
        private Subset subset;
        private List<String> classNames = List.of();
        private boolean skipCorruptImages;
        private int decodeThreads = Runtime.getRuntime().availableProcessors();
        private boolean followLinks;
        private boolean verbose = true;
        private long drawnSeed = new SplittableRandom().nextLong();

        Options() {
        }

        /** How labels are given: {@link LabelMode#INT} by default. */
        public Options labelMode(LabelMode mode) {
            this.labelMode = Objects.requireNonNull(mode, "labelMode");
            return this;
        }

        /** The channels each image is read as: {@link ColorMode#RGB} by default. */
        public Options colorMode(ColorMode mode) {
            this.colorMode = Objects.requireNonNull(mode, "colorMode");
            return this;
        }

        /** Resizes every image to {@code height × width}, bilinearly as Keras does. */
        public Options imageSize(int height, int width) {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("imageSize: height and width must be positive, got " + height
                        + "×" + width);
            }
            this.imageSize = new int[] {height, width};
            return this;
        }

        /** Crops each image to the largest centred window of {@link #imageSize}'s aspect ratio before resizing. */
        public Options cropToAspectRatio(boolean crop) {
            this.cropToAspectRatio = crop;
            return this;
        }

        /** Samples per batch: 32 by default. */
        public Options batchSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + size
                        + " (unbatched() gives single samples)");
            }
            this.batchSize = size;
            return this;
        }

        /** Single samples rather than batches, as Keras's {@code batch_size=None}: batch them yourself. */
        public Options unbatched() {
            this.batchSize = 0;
            return this;
        }

        /**
         * Whether to shuffle: on by default, the file list once (before a split) and each epoch's order through a
         * buffer of eight batches, as Keras does.
         */
        public Options shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffles; without one each listing draws its own. Needed with a validation split. */
        public Options seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The fraction of the files kept for validation, in (0, 1); pick the part with {@link #subset}. */
        public Options validationSplit(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("validationSplit must be between 0 and 1 (exclusive), got "
                        + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Which part of the {@link #validationSplit} {@code fromDirectory} returns ({@code split} returns both). */
        public Options subset(Subset subset) {
            this.subset = Objects.requireNonNull(subset, "subset");
            return this;
        }

        /**
         * The classes in the order of their indices, as Keras's {@code class_names}: for a folder, exactly its
         * subfolders' names (in another order than the sorted one, say); for files, the names of labels 0, 1, ...
         */
        public Options classNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /**
         * Leaves out files that cannot be decoded (corrupt, truncated, not an image) with a logged warning, rather
         * than failing the pass. Batches then may hold fewer files than listed, and the dataset's length is unknown.
         */
        public Options skipCorruptImages(boolean skip) {
            this.skipCorruptImages = skip;
            return this;
        }

        /** Worker threads that decode images ahead of training: one per core by default. */
        public Options decodeThreads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("decodeThreads must be positive, got " + threads);
            }
            this.decodeThreads = threads;
            return this;
        }

        /** Whether to enter linked folders when listing (off by default, as Keras's {@code follow_links}). */
        public Options followLinks(boolean follow) {
            this.followLinks = follow;
            return this;
        }

        /** Whether to print "Found N files belonging to K classes." as Keras does: on by default. */
        public Options verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        private long seed() {
            return seed != null ? seed : drawnSeed;
        }

        private void check() {
            if (cropToAspectRatio && imageSize == null) {
                throw new DataException("cropToAspectRatio crops to imageSize's aspect ratio: give imageSize too");
            }
            if (validationSplit > 0 && shuffle && seed == null) {
                throw new DataException("a validationSplit of shuffled files needs a seed, so that the training and "
                        + "validation subsets are drawn from one shuffle and do not overlap: add seed(...)");
            }
        }

        private void requireSubset(boolean one) {
            if (!one) {
                if (validationSplit == 0) {
                    throw new DataException("split needs a validationSplit: add validationSplit(0.2), say");
                }
                if (subset != null) {
                    throw new DataException("split returns both subsets; subset(" + subset + ") is for fromDirectory");
                }
                return;
            }
            if ((validationSplit > 0) != (subset != null)) {
                throw new DataException(validationSplit > 0
                        ? "validationSplit " + validationSplit + " needs a subset: subset(TRAINING) or "
                                + "subset(VALIDATION), or use ImageDatasets.split for both"
                        : "subset(" + subset + ") needs a validationSplit to take it from");
            }
        }
    }
}
