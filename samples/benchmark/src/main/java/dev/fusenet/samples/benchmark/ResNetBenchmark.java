package dev.fusenet.samples.benchmark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.samples.resnet.CompiledMnistResNet;
import dev.fusenet.samples.resnet.MnistResNetSample;
import java.nio.file.Path;

/**
 * samples/mnist-resnet's residual network (three residual blocks, 1×1 projections, 84,698 parameters; Adam, batch
 * 64) as the generated {@code CompiledMnistResNet}, as the same graph built with {@code Functional.build}, and, back
 * to back in the same run, as its PyTorch twin ({@code peers/pytorch_resnet.py}): a {@link TwinBenchmark}.
 */
final class ResNetBenchmark {

    static final int BATCH = 64;
    private static final long SEED = 42;

    private ResNetBenchmark() {
    }

    static TwinBenchmark.Results run(Mnist.Data mnist, Path data, int epochs) throws Exception {
        return TwinBenchmark.run(new TwinBenchmark.Twin("resnet", "MnistResNet", () -> new CompiledMnistResNet(SEED),
                ResNetBenchmark::dslResNet, MnistResNetSample.prepareImages(mnist.trainImages()), mnist.trainLabels(),
                MnistResNetSample.prepareImages(mnist.testImages()), mnist.testLabels(), BATCH, "pytorch_resnet.py",
                data), epochs);
    }

    /** The sample's {@code MnistResNet} in the runtime DSL's functional form: the same plan, the same weights. */
    static Functional dslResNet() {
        return Functional.build(g -> {
            g.seed(SEED);
            g.name("MnistResNet");
            Node image = g.input("image", 28, 28, 1);
            Node stem = conv(g, image, 16, 3, "stem");
            Node block1 = g.add("block1", conv(g, stem, 16, 3, "conv1"), stem);
            Node pool1 = g.maxPooling2d(block1, 2, p -> p.name("pool1"));
            Node conv3 = conv(g, conv(g, pool1, 32, 3, "conv2"), 32, 3, "conv3");
            Node block2 = g.add("block2", conv3, g.conv2d(pool1, 32, 1, c -> c.name("projection2")));
            Node pool2 = g.maxPooling2d(block2, 2, p -> p.name("pool2"));
            Node conv5 = conv(g, conv(g, pool2, 64, 3, "conv4"), 64, 3, "conv5");
            Node block3 = g.add("block3", conv5, g.conv2d(pool2, 64, 1, c -> c.name("projection3")));
            Node pool3 = g.maxPooling2d(block3, 2, p -> p.padding(Padding.SAME).name("pool3"));
            Node dropout = g.dropout(g.flatten(pool3, f -> f.name("flatten")), 0.5, d -> d.name("dropout"));
            g.dense(dropout, 10, d -> d.activation(Activation.SOFTMAX).name("output"));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY));
        });
    }

    private static Node conv(dev.fusenet.runtime.dsl.FunctionalBuilder g, Node x, int filters, int size, String name) {
        return g.conv2d(x, filters, size, c -> c.padding(Padding.SAME).activation(Activation.RELU).name(name));
    }
}
