package dev.fusenet.samples.benchmark;

import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.samples.xception.CompiledFashionXception;
import dev.fusenet.samples.xception.FashionXceptionSample;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * samples/fashion-xception's mini-Xception (batch normalization, separable convolutions, strided residuals; Adam,
 * batch 64) on Fashion-MNIST as the generated {@code CompiledFashionXception}, and back to back its PyTorch twin
 * ({@code peers/pytorch_xception.py}): a {@link TwinBenchmark}. Skipped, saying so, without Debian's
 * dataset-fashion-mnist.
 */
final class XceptionBenchmark {

    private static final int BATCH = 64;
    private static final long SEED = 42;

    private XceptionBenchmark() {
    }

    /** The results, or null when Fashion-MNIST is not in {@code folder} (or Debian's folder when null). */
    static TwinBenchmark.Results run(Path folder, int epochs) throws Exception {
        Path data = folder != null ? folder : Path.of(FashionXceptionSample.DEBIAN_FOLDER);
        if (!Files.isDirectory(data)) {
            System.out.println("xception part not run: no Fashion-MNIST in " + data + " (Debian's "
                    + "dataset-fashion-mnist package; or --fashion DIR)");
            return null;
        }
        Mnist.Data fashion = Mnist.loadData(data);
        return TwinBenchmark.run(new TwinBenchmark.Twin("xception", "FashionXception",
                () -> new CompiledFashionXception(SEED), null, FashionXceptionSample.prepareImages(
                fashion.trainImages()), fashion.trainLabels(), FashionXceptionSample.prepareImages(
                fashion.testImages()), fashion.testLabels(), BATCH, "pytorch_xception.py", data), epochs);
    }
}
