package dev.fusenet.samples.convnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The processor ran inside this module's own Maven compile and wrote the book's convnet, with Keras's shapes and
 * parameter counts, and it learns. The full five-epoch run is the sample itself.
 */
class MnistConvNetSampleTest {

    @Test
    void theProcessorWroteTheBooksConvnet() {
        CompiledMnistConvNet network = new CompiledMnistConvNet();
        String summary = network.summary();
        assertTrue(summary.contains("Total params: 104,202"), summary);
        assertTrue(summary.contains("│ conv1 (Conv2D)                  │ (None, 26, 26, 32)     │           320 │"),
                summary);
        assertTrue(summary.contains("│ pool2 (MaxPooling2D)            │ (None, 5, 5, 64)       │             0 │"),
                summary);
        assertTrue(summary.contains("│ flatten (Flatten)               │ (None, 1152)           │             0 │"),
                summary);
        assertArrayEquals(new long[] {3, 3, 32, 64}, network.conv2().kernel().shape());
        assertArrayEquals(new long[] {1152, 10}, network.output().kernel().shape());
    }

    @Test
    void imagesMustBeRankFour() {
        CompiledMnistConvNet network = new CompiledMnistConvNet();
        Tensor flat = Tensor.zeros(new long[] {2, 784}, DType.FLOAT32);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> network.predict(flat));
        assertEquals("predict: x must have shape (samples,28,28,1) for MnistConvNet, got (2,784); reshape each "
                + "sample to (28,28,1), e.g. x.reshape(2, 28, 28, 1)", wrong.getMessage());
        assertArrayEquals(new long[] {2, 10}, network.predict(Tensor.zeros(new long[] {2, 28, 28, 1},
                DType.FLOAT32)).shape());
    }

    @Test
    void oneEpochOnATenthOfMnistLearns() throws Exception {
        Optional<Path> directory = Mnist.configuredDirectory();
        assumeTrue(directory.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding "
                + "mnist/ (CI uses ../shared/datasets)");
        Mnist.Data mnist = Mnist.loadData(directory.get());
        Tensor images = MnistConvNetSample.prepareImages(mnist.trainImages().slice(0, 6000));
        CompiledMnistConvNet network = new CompiledMnistConvNet(7);
        network.fit(images, mnist.trainLabels().slice(0, 6000), o -> o.epochs(1).batchSize(64)
                .verbosity(Verbosity.SILENT));
        Evaluation test = network.evaluate(MnistConvNetSample.prepareImages(mnist.testImages().slice(0, 2000)),
                mnist.testLabels().slice(0, 2000));
        assertTrue(test.metric("accuracy") > 0.8, "test accuracy after one epoch on 6,000 images: "
                + test.metric("accuracy"));
    }
}
