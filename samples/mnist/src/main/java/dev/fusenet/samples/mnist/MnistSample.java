package dev.fusenet.samples.mnist;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.HistoryPlot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import javax.imageio.ImageIO;

/**
 * The lecture's listing in Java: load MNIST, scale the images to [0, 1] as flat vectors of 784 values, one-hot
 * encode the labels, fit for 5 epochs in batches of 128, evaluate on the test set (about 0.978), then look at one
 * test digit and what the network thinks it is.
 *
 * <p>Flags: {@code --data DIR} (a folder with the four IDX files; otherwise the loader's settings),
 * {@code --epochs N} (5), {@code --batch-size N} (128), {@code --seed N} (the model's default seed),
 * {@code --out DIR} (where the PNGs go; {@code target}).
 */
public final class MnistSample {

    private MnistSample() {
    }

    /** The command line, with the lecture's values as defaults. */
    record Options(Path data, int epochs, int batchSize, Long seed, Path out) {

        static Options parse(String... args) {
            Path data = null;
            int epochs = 5;
            int batchSize = 128;
            Long seed = null;
            Path out = Path.of("target");
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
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "; use --data DIR, "
                            + "--epochs N, --batch-size N, --seed N or --out DIR");
                }
            }
            return new Options(data, epochs, batchSize, seed, out);
        }

        private static int positive(String flag, String value) {
            int number = Integer.parseInt(value);
            if (number <= 0) {
                throw new IllegalArgumentException(flag + " must be positive, got " + value);
            }
            return number;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Mnist.Data mnist = options.data() == null ? Mnist.loadData() : Mnist.loadData(options.data());
        Tensor trainImages = prepareImages(mnist.trainImages());
        Tensor testImages = prepareImages(mnist.testImages());
        Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);
        Tensor testLabels = Tensors.toCategorical(mnist.testLabels(), 10);

        CompiledMnistNet network = options.seed() == null ? new CompiledMnistNet()
                : new CompiledMnistNet(options.seed());
        System.out.println(network.summary());
        History history = network.fit(trainImages, trainLabels, options.epochs(), options.batchSize());
        Path curves = options.out().resolve("mnist-history.png");
        HistoryPlot.writePng(history, curves);

        int index = new SplittableRandom(options.seed() == null ? 0 : options.seed()).nextInt(10_000);
        Tensor digit = testImages.slice(index, index + 1);
        float[] probabilities = network.predict(digit).toFloatArray();
        System.out.println();
        System.out.println("test digit #" + index + ", labelled " + mnist.testLabels().toIntArray()[index] + ":");
        System.out.print(asText(digit.toFloatArray()));
        Path picture = options.out().resolve("mnist-digit-" + index + ".png");
        writePng(digit.toFloatArray(), picture);
        System.out.println("predicted probabilities " + format(probabilities) + " → " + argmax(probabilities));
        System.out.println("wrote " + picture + " and " + curves);

        Evaluation result = network.evaluate(testImages, testLabels);
        System.out.printf(Locale.ROOT, "test_acc: %.4f%n", result.metric("accuracy"));
    }

    /** (n, 28, 28) uint8 pixels → (n, 784) float32 in [0, 1], as {@code reshape(...).astype("float32") / 255}. */
    public static Tensor prepareImages(Tensor images) {
        return images.reshape(images.shape()[0], 28 * 28).castTo(DType.FLOAT32).div(255);
    }

    /** A 28 × 28 image in [0, 1] as text, two characters per pixel, darker blocks for brighter pixels. */
    static String asText(float[] pixels) {
        String[] shades = {"  ", "░░", "▒▒", "▓▓", "██"};
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                float value = pixels[row * 28 + column];
                text.append(shades[Math.min(shades.length - 1, (int) (value * shades.length))]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Writes a 28 × 28 image in [0, 1] as a grey-scale PNG, black digit on white as the lecture plots it. */
    static void writePng(float[] pixels, Path png) throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                int grey = 255 - Math.round(pixels[row * 28 + column] * 255);
                image.getRaster().setSample(column, row, 0, grey);
            }
        }
        java.nio.file.Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    /** {@code [0.004, 0.000, ...]}, three decimals per class. */
    static String format(float[] probabilities) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (float p : probabilities) {
            joined.add(String.format(Locale.ROOT, "%.3f", p));
        }
        return joined.toString();
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
