package dev.fusenet.samples.boston;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample's command line: {@code --data FILE} (the CSV; Debian's {@code python3-sklearn} copy by default),
 * {@code --epochs N} per fold of the k-fold validation (500, the book's), {@code --final-epochs N} for the model
 * trained on every training row (130, where the book's curve stops improving), {@code --batch-size N} (16),
 * {@code --folds K} (4), {@code --seed N} (the models' initialisation and shuffling; 0), {@code --out DIR} (where
 * the figure goes; the module's {@code target}).
 */
record BostonHousingOptions(Path data, int epochs, int finalEpochs, int batchSize, int folds, long seed, Path out) {

    /** Where Debian's {@code python3-sklearn} puts the data set's CSV file. */
    static final Path SKLEARN_COPY =
            Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv");

    static BostonHousingOptions parse(String... args) {
        Path data = SKLEARN_COPY;
        int epochs = 500;
        int finalEpochs = 130;
        int batchSize = 16;
        int folds = 4;
        long seed = 0;
        Path out = Path.of(System.getProperty("fusenet.sample.out", "target"));
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--data" -> data = Path.of(value);
                case "--epochs" -> epochs = atLeast(1, flag, value);
                case "--final-epochs" -> finalEpochs = atLeast(1, flag, value);
                case "--batch-size" -> batchSize = atLeast(1, flag, value);
                case "--folds" -> folds = atLeast(2, flag, value);
                case "--seed" -> seed = number(flag, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; use --data FILE, --epochs N, "
                        + "--final-epochs N, --batch-size N, --folds K, --seed N or --out DIR");
            }
        }
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("no Boston housing CSV at " + data + ": install Debian's python3-sklearn "
                    + "package (it ships the file at " + SKLEARN_COPY + ") or give the file with --data FILE "
                    + "(with Maven: -Dexec.args=\"--data FILE\")");
        }
        return new BostonHousingOptions(data, epochs, finalEpochs, batchSize, folds, seed, out);
    }

    private static int atLeast(int least, String flag, String value) {
        long number = number(flag, value);
        if (number < least || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " must be at least " + least + ", got " + value);
        }
        return (int) number;
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
    }
}
