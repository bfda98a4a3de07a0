package dev.fusenet.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.Verbosity;
import dev.fusenet.samples.common.Digits;
import dev.fusenet.samples.common.SampleOptions;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The processor ran inside this module's own Maven compile, found through annotationProcessorPaths as a user's
 * build finds it, and wrote a CompiledMnistNet that trains. The full five-epoch run is the sample itself.
 */
class MnistSampleTest {

    @Test
    void theProcessorWroteTheLectureModel() {
        CompiledMnistNet network = new CompiledMnistNet();
        assertTrue(network instanceof MnistNet && network instanceof Model);
        assertTrue(network.summary().contains("Total params: 407,050"), network.summary());
        assertArrayEquals(new long[] {784, 512}, network.hidden().kernel().shape());
        assertArrayEquals(new long[] {10}, network.output().bias().shape());
    }

    @Test
    void optionsDefaultToTheLectureAndRejectMistakes() {
        SampleOptions defaults = SampleOptions.parse(5, 128);
        assertEquals(5, defaults.epochs());
        assertEquals(128, defaults.batchSize());
        SampleOptions set = SampleOptions.parse(5, 128, "--epochs", "2", "--batch-size", "64", "--seed", "3",
                "--data", "/tmp/mnist");
        assertEquals(2, set.epochs());
        assertEquals(64, set.batchSize());
        assertEquals(3L, set.seed());
        assertEquals(Path.of("/tmp/mnist"), set.data());
        assertEquals("--epochs must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> SampleOptions.parse(5, 128, "--epochs", "0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleOptions.parse(5, 128, "--epoch", "2"))
                .getMessage().startsWith("unknown flag --epoch"));
    }

    @Test
    void aDigitPrintsAsBlocksAndProbabilitiesAsTheLectureDoes() {
        float[] pixels = new float[784];
        pixels[0] = 1f;
        pixels[1] = 0.5f;
        String text = Digits.asText(pixels);
        assertEquals(28, text.lines().count());
        assertTrue(text.startsWith("██▒▒  "), text.lines().findFirst().orElseThrow());
        assertEquals("[0.004, 0.000, 0.996]", Digits.format(new float[] {0.0041f, 0f, 0.9959f}));
        assertEquals(2, Digits.argmax(new float[] {0.1f, 0.2f, 0.7f}));
    }

    @Test
    void oneEpochOnATenthOfMnistLearns() throws Exception {
        Optional<Path> directory = Mnist.configuredDirectory();
        assumeTrue(directory.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding "
                + "mnist/ (CI uses ../shared/datasets)");
        Mnist.Data mnist = Mnist.loadData(directory.get());
        Tensor images = MnistSample.prepareImages(mnist.trainImages().slice(0, 6000));
        Tensor labels = Tensors.toCategorical(mnist.trainLabels().slice(0, 6000), 10);
        CompiledMnistNet network = new CompiledMnistNet(7);
        network.fit(images, labels, o -> o.epochs(1).batchSize(128).verbosity(Verbosity.SILENT));
        Evaluation test = network.evaluate(MnistSample.prepareImages(mnist.testImages()),
                Tensors.toCategorical(mnist.testLabels(), 10));
        assertTrue(test.metric("accuracy") > 0.85, "test accuracy after one epoch on 6,000 images: "
                + test.metric("accuracy"));
    }
}
