package dev.fusenet.samples.fromscratch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.optimizers.RMSprop;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The book's from-scratch model: its shapes, a step that lowers the loss, and learning on a slice of MNIST. */
class FromScratchSampleTest {

    @Test
    void theBooksModelHasItsShapesAndAStepLowersTheLoss() {
        FromScratchSample.NaiveSequential model = FromScratchSample.bookModel(1);
        assertEquals(4, model.weights().size());
        assertArrayEquals(new long[] {784, 512}, model.weights().get(0).shape());
        assertArrayEquals(new long[] {10}, model.weights().get(3).shape());
        // Dim like MNIST (most pixels dark): bright random images saturate the softmax of the book's
        // uniform [0, 0.1) weights, the clipped loss then has no gradient, and no step could lower it.
        Tensor images = Tensor.randomUniform(new long[] {32, 784}, 0, 0.1, DType.FLOAT32, 2);
        float[] classes = new float[32];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = i % 10;
        }
        Tensor labels = Tensor.of(classes);
        RMSprop optimizer = new RMSprop();
        double first = FromScratchSample.oneTrainingStep(model, images, labels, optimizer);
        double later = first;
        for (int i = 0; i < 5; i++) {
            later = FromScratchSample.oneTrainingStep(model, images, labels, optimizer);
        }
        assertTrue(later < first, "the loss went from " + first + " to " + later);
    }

    @Test
    void oneEpochOnATenthOfMnistLearns() throws Exception {
        Optional<Path> directory = Mnist.configuredDirectory();
        assumeTrue(directory.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding "
                + "mnist/ (CI uses ../shared/datasets)");
        Mnist.Data mnist = Mnist.loadData(directory.get());
        Tensor images = mnist.trainImages().slice(0, 6000).reshape(6000, 784).castTo(DType.FLOAT32).div(255);
        FromScratchSample.NaiveSequential model = FromScratchSample.bookModel(42);
        FromScratchSample.fit(model, images, mnist.trainLabels().slice(0, 6000), 1, 128, new RMSprop());
        Tensor test = mnist.testImages().slice(0, 2000).reshape(2000, 784).castTo(DType.FLOAT32).div(255);
        double accuracy = FromScratchSample.accuracy(model, test, mnist.testLabels().slice(0, 2000));
        // Chance is 0.1; one pass over a tenth of the data reaches about 0.68 with the book's initialization.
        assertTrue(accuracy > 0.5, "test accuracy after one epoch on 6,000 images: " + accuracy);
    }
}
