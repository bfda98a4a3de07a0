package dev.fusenet.samples.images;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.data.ImageDatasets;
import dev.fusenet.runtime.datasets.DatasetException;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.dsl.SequentialBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A convnet with augmentation trained on a folder of images, one subfolder per class, as a user's own project
 * starts: the folder read with {@code ImageDatasets.split} (80 % to train on, 20 % to validate on, the same files
 * on each side for one seed), the model built for its classes, trained with the images decoded on worker threads
 * while it trains, then each class's validation accuracy printed and the confusion matrix drawn
 * ({@code image-folder-confusion.png}). Without {@code --data} it first writes MNIST's 10,000 test digits as PNG
 * files into {@code <out>/digits/<label>/}, so it runs anywhere MNIST is.
 *
 * <p>Flags: see {@link ImageFolderOptions}. Bad flags, a folder the loader cannot read (no class folders, an empty
 * class, a corrupt image) or missing MNIST files print one message, not a stack trace.
 */
public final class ImageFolderSample {

    private ImageFolderSample() {
    }

    public static void main(String[] args) throws IOException {
        int status = run(System.out, System.err, args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The sample, printing to {@code out}; 2 after printing to {@code err} what is wrong with the flags, the folder
     * or MNIST.
     */
    static int run(PrintStream out, PrintStream err, String... args) throws IOException {
        try {
            ImageFolderOptions options = ImageFolderOptions.parse(args);
            Path folder = options.data().isPresent() ? options.data().get() : digits(options.out(), out);
            ImageDatasets.Split data = ImageDatasets.split(folder, o -> o
                    .imageSize(options.imageSize(), options.imageSize()).colorMode(options.colorMode())
                    .batchSize(options.batchSize()).validationSplit(options.validationSplit()).seed(options.seed()));
            List<String> classes = data.training().classNames();
            out.println(folder + ": " + classes.size() + " classes " + classes);

            Sequential model = model(classes.size(), options.imageSize(), options.colorMode().channels(),
                    options.flip(), options.seed());
            model.fit(data.training(), o -> o.epochs(options.epochs()).validationData(data.validation()));

            ConfusionMatrix matrix = ConfusionMatrix.of(model, data.validation(), classes);
            out.printf(Locale.ROOT, "%nvalidation accuracy %.4f; by class:%n", matrix.overallAccuracy());
            out.print(matrix.table());
            Path figure = options.out().resolve("image-folder-confusion.png");
            matrix.writeFigure(String.format(Locale.ROOT, "Validation images of %s (accuracy %.3f)",
                    folder.getFileName(), matrix.overallAccuracy()), figure);
            out.println("wrote " + figure.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException | DatasetException e) { // DataException is an IllegalArgumentException
            err.println("image-folder: " + e.getMessage());
            return 2;
        }
    }

    /** MNIST's test digits as PNG files in {@code <out>/digits}, written once. */
    private static Path digits(Path outFolder, PrintStream out) throws IOException {
        Mnist.Data mnist;
        try {
            mnist = Mnist.loadData();
        } catch (DatasetException e) {
            throw new DatasetException(e.getMessage() + "\nOr give this sample a folder of your own images: --data "
                    + "DIR (with Maven: -Dexec.args=\"--data DIR\").", e);
        }
        Path folder = outFolder.resolve("digits");
        out.println("writing MNIST's 10,000 test digits as PNG files into " + folder.toAbsolutePath() + " ...");
        return DigitFolder.write(mnist.testImages(), mnist.testLabels(), folder);
    }

    /**
     * The book's convnet (listing 8.1: Conv2D 32/64/128 3×3 ReLU with two 2×2 max-poolings, a softmax over the
     * classes) behind augmentation as its chapter 8.2 puts it: an optional random flip, a rotation by up to 5 % of
     * a turn (18°), a zoom by up to 10 % and a shift by up to 10 % each way, then the pixels rescaled to [0, 1].
     * The augmentation acts while training only; {@code predict} sees each image as it is.
     */
    public static Sequential model(int classes, int imageSize, int channels, Optional<FlipMode> flip, long seed) {
        return Sequential.build(m -> {
            m.name("image_folder_convnet");
            m.seed(seed);
            if (flip.isPresent()) {
                m.randomFlip(flip.get(), f -> f.inputShape(imageSize, imageSize, channels));
                m.randomRotation(0.05);
            } else {
                m.randomRotation(new double[] {0.05}, r -> r.inputShape(imageSize, imageSize, channels));
            }
            m.randomZoom(0.1);
            m.randomTranslation(0.1, 0.1);
            m.rescaling(1.0 / 255);
            convnet(m, classes);
        });
    }

    /** The same convnet without the augmentation layers, for images augmented before they reach it. */
    public static Sequential unaugmentedModel(int classes, int imageSize, int channels, long seed) {
        return Sequential.build(m -> {
            m.name("image_folder_convnet");
            m.seed(seed);
            m.rescaling(1.0 / 255, r -> r.inputShape(imageSize, imageSize, channels));
            convnet(m, classes);
        });
    }

    /** The convnet after the rescaling. */
    private static void convnet(SequentialBuilder m, int classes) {
        m.conv2d(32, 3, c -> c.activation(Activation.RELU));
        m.maxPooling2d(2);
        m.conv2d(64, 3, c -> c.activation(Activation.RELU));
        m.maxPooling2d(2);
        m.conv2d(128, 3, c -> c.activation(Activation.RELU));
        m.flatten();
        m.dense(classes, d -> d.activation(Activation.SOFTMAX));
        m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                .metrics(Metric.ACCURACY));
    }
}
