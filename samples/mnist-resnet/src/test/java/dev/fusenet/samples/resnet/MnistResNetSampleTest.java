package dev.fusenet.samples.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The processor ran inside this module's own Maven compile and wrote the residual network, with Keras's shapes and
 * connections, and it learns. The full five-epoch run is the sample itself.
 */
class MnistResNetSampleTest {

    @Test
    void theProcessorWroteTheResidualNetwork() {
        CompiledMnistResNet network = new CompiledMnistResNet();
        String summary = network.summary();
        assertTrue(summary.contains("│ image (InputLayer)              │ (None, 28, 28, 1)      │             0 │ -"),
                summary);
        assertTrue(summary.contains("│ block2 (Add)                    │ (None, 14, 14, 32)     │             0 │ "
                + "conv3[0][0],"), summary);
        assertTrue(summary.contains("│ pool3 (MaxPooling2D)            │ (None, 4, 4, 64)       │             0 │ "
                + "block3[0][0]"), summary);
        assertTrue(summary.contains("Total params: 84,698"), summary);
        assertArrayEquals(new long[] {1, 1, 16, 32}, network.projection2().kernel().shape());
        assertArrayEquals(new long[] {1024, 10}, network.output().kernel().shape());
    }

    @Test
    void oneEpochOnATenthOfMnistLearns() throws Exception {
        Optional<Path> directory = Mnist.configuredDirectory();
        assumeTrue(directory.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding "
                + "mnist/ (CI uses ../shared/datasets)");
        Mnist.Data mnist = Mnist.loadData(directory.get());
        Tensor images = MnistResNetSample.prepareImages(mnist.trainImages().slice(0, 6000));
        CompiledMnistResNet network = new CompiledMnistResNet(7);
        network.fit(images, mnist.trainLabels().slice(0, 6000), o -> o.epochs(1).batchSize(64)
                .verbosity(Verbosity.SILENT));
        Evaluation test = network.evaluate(MnistResNetSample.prepareImages(mnist.testImages().slice(0, 1000)),
                mnist.testLabels().slice(0, 1000));
        assertTrue(test.metric("accuracy") > 0.8, "test accuracy after one epoch on 6,000 images: "
                + test.metric("accuracy"));
    }
}
