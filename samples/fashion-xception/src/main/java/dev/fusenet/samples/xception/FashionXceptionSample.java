package dev.fusenet.samples.xception;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.DatasetException;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.HistoryPlot;
import dev.fusenet.runtime.training.LearningRateScheduler;
import dev.fusenet.samples.common.Digits;
import dev.fusenet.samples.common.SampleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The book's mini-Xception ({@link FashionXception}) on Fashion-MNIST: 60,000 grey 28×28 pictures of clothes in ten
 * classes, pixels as read (0 to 255: the model rescales them), Adam, 10 epochs in batches of 64, then the test
 * accuracy and one test picture with what the network thinks it is.
 *
 * <p>Flags as the other samples': {@code --data DIR} (default {@value #DEBIAN_FOLDER}, where Debian's
 * {@code dataset-fashion-mnist} package puts the four IDX files), {@code --epochs N} (10), {@code --batch-size N}
 * (64), {@code --seed N}, {@code --out DIR} ({@code target}). Without the data it says where to get them and stops.
 */
public final class FashionXceptionSample {

    /** Where Debian's {@code dataset-fashion-mnist} installs the data set. */
    public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";

    /** Fashion-MNIST's classes, in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionXceptionSample() {
    }

    public static void main(String[] args) throws Exception {
        dev.fusenet.samples.common.CommandLine.run("fashion-xception", args, FashionXceptionSample::train);
    }

    /** The sample itself; bad input (flags, a missing data folder) ends it with a message, not a stack trace. */
    static void train(String[] args) throws Exception {
        SampleOptions options = SampleOptions.parse(10, 64, args);
        Path folder = options.data() != null ? options.data() : Path.of(DEBIAN_FOLDER);
        if (!Files.isDirectory(folder)) {
            System.out.println("Fashion-MNIST not found in " + folder + ": install Debian's dataset-fashion-mnist "
                    + "package (it puts the four IDX files in " + DEBIAN_FOLDER + "), or give the folder that holds "
                    + "train-images-idx3-ubyte.gz and the other three: --data DIR");
            return;
        }
        Mnist.Data fashion;
        try {
            fashion = Mnist.loadData(folder);
        } catch (DatasetException e) {
            System.out.println(e.getMessage());
            return;
        }
        Tensor trainImages = prepareImages(fashion.trainImages());
        Tensor testImages = prepareImages(fashion.testImages());

        CompiledFashionXception network = options.seed() == null ? new CompiledFashionXception()
                : new CompiledFashionXception(options.seed());
        System.out.println(network.summary());
        History history = network.fit(trainImages, fashion.trainLabels(), o -> o.epochs(options.epochs())
                .batchSize(options.batchSize()).callbacks(new LearningRateScheduler(FashionXceptionSample::rate)));
        Path curves = options.out().resolve("fashion-xception-history.png");
        HistoryPlot.writePng(history, curves);

        Path picture = Digits.showTestDigit(network, testImages, fashion.testLabels(), options.seed(), options.out(),
                "fashion-xception");
        System.out.println("classes: " + CLASSES);
        System.out.println("wrote " + picture.toAbsolutePath() + " and " + curves.toAbsolutePath());

        Evaluation result = network.evaluate(testImages, fashion.testLabels());
        System.out.printf(Locale.ROOT, "test_acc: %.4f%n", result.metric("accuracy"));
    }

    /**
     * Adam's learning rate by epoch (0-based): Keras's 0.001 for six epochs, then 0.0003 for two and 0.0001 after,
     * which the last epochs need to settle (the PyTorch twin's test accuracy after ten: 0.9254, 0.917 without).
     */
    static double rate(int epoch) {
        return epoch < 6 ? 1e-3 : epoch < 8 ? 3e-4 : 1e-4;
    }

    /** (n, 28, 28) uint8 pixels → (n, 28, 28, 1) float32 of 0 to 255: the model's first layer rescales them. */
    public static Tensor prepareImages(Tensor images) {
        return images.reshape(images.shape()[0], 28, 28, 1).castTo(DType.FLOAT32);
    }
}
