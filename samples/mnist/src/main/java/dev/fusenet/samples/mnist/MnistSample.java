package dev.fusenet.samples.mnist;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;

/**
 * The lecture's listing in Java: load MNIST, scale the images to [0, 1] as flat vectors of 784 values, one-hot
 * encode the labels, fit for 5 epochs in batches of 128, and evaluate on the test set (about 0.978).
 */
public final class MnistSample {

    private MnistSample() {
    }

    public static void main(String[] args) throws Exception {
        Mnist.Data mnist = Mnist.loadData();
        Tensor trainImages = prepareImages(mnist.trainImages());
        Tensor testImages = prepareImages(mnist.testImages());
        Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);
        Tensor testLabels = Tensors.toCategorical(mnist.testLabels(), 10);

        CompiledMnistNet network = new CompiledMnistNet();
        System.out.println(network.summary());
        network.fit(trainImages, trainLabels, 5, 128);

        Evaluation result = network.evaluate(testImages, testLabels);
        System.out.printf("test_loss: %.4f - test_acc: %.4f%n", result.loss(), result.metric("accuracy"));
    }

    /** (n, 28, 28) uint8 pixels → (n, 784) float32 in [0, 1], as {@code reshape(...).astype("float32") / 255}. */
    static Tensor prepareImages(Tensor images) {
        return images.reshape(images.shape()[0], 28 * 28).castTo(DType.FLOAT32).div(255);
    }
}
