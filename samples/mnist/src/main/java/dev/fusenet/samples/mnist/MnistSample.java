package dev.fusenet.samples.mnist;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.HistoryPlot;
import dev.fusenet.samples.common.Digits;
import dev.fusenet.samples.common.SampleOptions;
import java.nio.file.Path;
import java.util.Locale;

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

    public static void main(String[] args) throws Exception {
        dev.fusenet.samples.common.CommandLine.run("mnist", args, MnistSample::train);
    }

    /** The sample itself; bad input (flags, a missing data folder) ends it with a message, not a stack trace. */
    static void train(String[] args) throws Exception {
        SampleOptions options = SampleOptions.parse(5, 128, args);
        Mnist.Data mnist = options.loadMnist();
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

        Path picture = Digits.showTestDigit(network, testImages, mnist.testLabels(), options.seed(), options.out(),
                "mnist");
        System.out.println("wrote " + picture.toAbsolutePath() + " and " + curves.toAbsolutePath());

        Evaluation result = network.evaluate(testImages, testLabels);
        System.out.printf(Locale.ROOT, "test_acc: %.4f%n", result.metric("accuracy"));
    }

    /** (n, 28, 28) uint8 pixels → (n, 784) float32 in [0, 1], as {@code reshape(...).astype("float32") / 255}. */
    public static Tensor prepareImages(Tensor images) {
        return images.reshape(images.shape()[0], 28 * 28).castTo(DType.FLOAT32).div(255);
    }

}
