package dev.fusenet.samples.common;

import java.nio.file.Path;

/**
 * The samples' command line: {@code --data DIR} (a folder with the four MNIST IDX files; otherwise the loader's
 * settings), {@code --epochs N}, {@code --batch-size N}, {@code --seed N} (the model's default seed when absent),
 * {@code --out DIR} (where pictures go; the sample's {@code target} folder).
 */
public record SampleOptions(Path data, int epochs, int batchSize, Long seed, Path out) {

    /**
     * The property giving the default {@code --out}: the sample module's {@code target} folder, which the samples'
     * Maven configuration sets, so that files do not land where Maven was started.
     */
    public static final String OUT_PROPERTY = "fusenet.sample.out";

    /** The command line, with {@code epochs} and {@code batchSize} as the defaults. */
    public static SampleOptions parse(int defaultEpochs, int defaultBatchSize, String... args) {
        Path data = null;
        int epochs = defaultEpochs;
        int batchSize = defaultBatchSize;
        Long seed = null;
        Path out = Path.of(System.getProperty(OUT_PROPERTY, "target"));
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--data" -> data = Path.of(value);
                case "--epochs" -> epochs = positive(flag, value);
                case "--batch-size" -> batchSize = positive(flag, value);
                case "--seed" -> seed = whole(flag, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; use --data DIR, "
                        + "--epochs N, --batch-size N, --seed N or --out DIR");
            }
        }
        return new SampleOptions(data, epochs, batchSize, seed, out);
    }

    private static long whole(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got " + value);
        }
    }

    private static int positive(String flag, String value) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got " + value);
        }
        if (number <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, got " + value);
        }
        return number;
    }

    /**
     * MNIST from {@code --data}, or from where the loader looks and downloads; when it cannot be had, the loader's
     * message (why each mirror failed, where to put files) with this sample's own way to point at a folder.
     */
    public dev.fusenet.runtime.datasets.Mnist.Data loadMnist() throws dev.fusenet.runtime.datasets.DatasetException {
        try {
            return data == null ? dev.fusenet.runtime.datasets.Mnist.loadData()
                    : dev.fusenet.runtime.datasets.Mnist.loadData(data);
        } catch (dev.fusenet.runtime.datasets.DatasetException e) {
            throw new dev.fusenet.runtime.datasets.DatasetException(e.getMessage() + "\nOr give this sample the "
                    + "folder that holds the four files: --data DIR (with Maven: -Dexec.args=\"--data DIR\").", e);
        }
    }
}
