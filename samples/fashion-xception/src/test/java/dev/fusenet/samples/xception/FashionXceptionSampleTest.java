package dev.fusenet.samples.xception;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The processor ran inside this module's own Maven compile and wrote the mini-Xception with Keras's shapes, and it
 * learns Fashion-MNIST. The full ten-epoch run is the sample itself.
 */
class FashionXceptionSampleTest {

    @Test
    void theProcessorWroteTheMiniXception() {
        CompiledFashionXception network = new CompiledFashionXception();
        String summary = network.summary();
        assertTrue(summary.contains("│ stem (Conv2D)                   │ (None, 28, 28, 32)     │           800 │"),
                summary);
        assertTrue(summary.contains("│ sep2a (SeparableConv2D)         │ (None, 14, 14, 64)     │         2,336 │"),
                summary);
        assertTrue(summary.contains("│ block3 (Add)                    │ (None, 4, 4, 128)      │             0 │"),
                summary);
        assertTrue(summary.contains("│ norm4 (BatchNormalization)      │ (None, 4, 4, 128)      │           512 │"),
                summary);
        assertTrue(summary.contains("(None, 128)"), summary);
        assertTrue(summary.contains("Trainable params: 50,250 ") && summary.contains("Non-trainable params: 960 "),
                summary);
    }

    /**
     * One epoch on a tenth of the data learns, as its training accuracy (on the batches' own statistics) shows. Its
     * test accuracy is not asserted: after 94 steps the moving statistics (momentum 0.99, Keras's default) are still
     * 39 % their initial values, and inference with them is near chance, as in Keras; the sample's ten epochs of
     * 938 steps each leave them at the data's.
     */
    @Test
    void oneEpochOnATenthOfFashionMnistLearns() throws Exception {
        Path folder = Path.of(FashionXceptionSample.DEBIAN_FOLDER);
        assumeTrue(Files.isDirectory(folder), "Fashion-MNIST not found in " + folder + " (Debian's "
                + "dataset-fashion-mnist package)");
        Mnist.Data fashion = Mnist.loadData(folder);
        Tensor images = FashionXceptionSample.prepareImages(fashion.trainImages().slice(0, 6000));
        CompiledFashionXception network = new CompiledFashionXception(7);
        History history = network.fit(images, fashion.trainLabels().slice(0, 6000), o -> o.epochs(1).batchSize(64)
                .verbosity(Verbosity.SILENT));
        assertTrue(history.get("accuracy").get(0) > 0.4, "training accuracy of the first epoch on 6,000 pictures: "
                + history.get("accuracy"));
    }
}
