package dev.fusenet.samples.images;

import dev.fusenet.annotations.FlipMode;
import dev.fusenet.runtime.data.ColorMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The sample's command line: {@code --data DIR} (a folder of class folders; without it, MNIST's test digits
 * written as PNG files into {@code <out>/digits/}), {@code --image-size N} (images resized to N × N, at least 18; 28),
 * {@code --color grayscale|rgb} (grayscale for the digits, rgb for a folder of one's own), {@code --flip
 * none|horizontal|vertical|both} (random flips: none for the digits, whose mirror images are not digits;
 * horizontal for photos), {@code --epochs N} (5), {@code --batch-size N} (64), {@code --validation-split F} (0.2),
 * {@code --seed N} (0), {@code --out DIR} (the module's {@code target}).
 */
record ImageFolderOptions(Optional<Path> data, int imageSize, ColorMode colorMode, Optional<FlipMode> flip,
                          int epochs, int batchSize, double validationSplit, long seed, Path out) {

    static ImageFolderOptions parse(String... args) {
        Path data = null;
        int imageSize = 28;
        String color = null;
        String flip = null;
        int epochs = 5;
        int batchSize = 64;
        double validationSplit = 0.2;
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
                case "--image-size" -> imageSize = atLeast(18, flag, value);   // the convnet's smallest input
                case "--color" -> color = value;
                case "--flip" -> flip = value;
                case "--epochs" -> epochs = atLeast(1, flag, value);
                case "--batch-size" -> batchSize = atLeast(1, flag, value);
                case "--validation-split" -> validationSplit = fraction(flag, value);
                case "--seed" -> seed = number(flag, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "; use --data DIR, "
                        + "--image-size N, --color grayscale|rgb, --flip none|horizontal|vertical|both, --epochs N, "
                        + "--batch-size N, --validation-split F, --seed N or --out DIR");
            }
        }
        if (data != null && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a folder: give a folder whose subfolders "
                    + "are the classes, each holding that class's images");
        }
        boolean digits = data == null;
        return new ImageFolderOptions(Optional.ofNullable(data), imageSize,
                colorMode(color == null ? (digits ? "grayscale" : "rgb") : color),
                flipMode(flip == null ? (digits ? "none" : "horizontal") : flip), epochs, batchSize,
                validationSplit, seed, out);
    }

    private static ColorMode colorMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "grayscale" -> ColorMode.GRAYSCALE;
            case "rgb" -> ColorMode.RGB;
            default -> throw new IllegalArgumentException("--color takes grayscale or rgb, got '" + value + "'");
        };
    }

    private static Optional<FlipMode> flipMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.empty();
            case "horizontal" -> Optional.of(FlipMode.HORIZONTAL);
            case "vertical" -> Optional.of(FlipMode.VERTICAL);
            case "both" -> Optional.of(FlipMode.HORIZONTAL_AND_VERTICAL);
            default -> throw new IllegalArgumentException("--flip takes none, horizontal, vertical or both, got '"
                    + value + "'");
        };
    }

    private static double fraction(String flag, String value) {
        try {
            double fraction = Double.parseDouble(value);
            if (fraction > 0 && fraction < 1) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException(flag + " needs a fraction between 0 and 1, such as 0.2, got '" + value
                + "'");
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
