package dev.fusenet.samples.resnet;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.HistoryPlot;
import dev.fusenet.samples.common.Digits;
import dev.fusenet.samples.common.SampleOptions;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A residual convnet on MNIST ({@link MnistResNet}): (60000, 28, 28, 1) images scaled to [0, 1], integer labels,
 * Adam, 5 epochs in batches of 64, then the test accuracy and one test digit with what the network thinks it is.
 *
 * <p>Flags as the other samples': {@code --data DIR}, {@code --epochs N} (5), {@code --batch-size N} (64),
 * {@code --seed N}, {@code --out DIR} ({@code target}).
 */
public final class MnistResNetSample {

    private MnistResNetSample() {
    }

    public static void main(String[] args) throws Exception {
        dev.fusenet.samples.common.CommandLine.run("mnist-resnet", args, MnistResNetSample::train);
    }

    /** The sample itself; bad input (flags, a missing data folder) ends it with a message, not a stack trace. */
    static void train(String[] args) throws Exception {
        SampleOptions options = SampleOptions.parse(5, 64, args);
        Mnist.Data mnist = options.loadMnist();
        Tensor trainImages = prepareImages(mnist.trainImages());
        Tensor testImages = prepareImages(mnist.testImages());
        Tensor trainLabels = mnist.trainLabels();
        Tensor testLabels = mnist.testLabels();

        CompiledMnistResNet network = options.seed() == null ? new CompiledMnistResNet()
                : new CompiledMnistResNet(options.seed());
        System.out.println(network.summary());
        History history = network.fit(trainImages, trainLabels, options.epochs(), options.batchSize());
        Path curves = options.out().resolve("mnist-resnet-history.png");
        HistoryPlot.writePng(history, curves);

        Path picture = Digits.showTestDigit(network, testImages, testLabels, options.seed(), options.out(),
                "mnist-resnet");
        System.out.println("wrote " + picture.toAbsolutePath() + " and " + curves.toAbsolutePath());

        Evaluation result = network.evaluate(testImages, testLabels);
        System.out.printf(Locale.ROOT, "test_acc: %.4f%n", result.metric("accuracy"));
    }

    /** (n, 28, 28) uint8 pixels → (n, 28, 28, 1) float32 in [0, 1]. */
    public static Tensor prepareImages(Tensor images) {
        return images.reshape(images.shape()[0], 28, 28, 1).castTo(DType.FLOAT32).div(255);
    }
}
