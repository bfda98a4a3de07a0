package dev.fusenet.samples.benchmark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.samples.resnet.CompiledMnistResNet;
import dev.fusenet.samples.resnet.MnistResNetSample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * samples/mnist-resnet's residual network (three residual blocks, 1×1 projections, 84,698 parameters; Adam, batch
 * 64) as the generated {@code CompiledMnistResNet}, as the same graph built with {@code Functional.build}, and, back
 * to back in the same run, as its PyTorch twin ({@code peers/pytorch_resnet.py}) when Debian's PyTorch is there:
 * the speed target is a ratio against that peer on the same machine.
 */
final class ResNetBenchmark {

    static final int BATCH = 64;
    private static final long SEED = 42;
    private static final Path PEER = Path.of("samples/benchmark/peers/pytorch_resnet.py");

    private ResNetBenchmark() {
    }

    /** fusenet's two figures, and the peer's median epoch (NaN when it could not run) and test accuracy. */
    record Results(MnistBenchmark.Result fusenet, MnistBenchmark.Result dsl, double pytorchEpoch,
                   double pytorchAccuracy, String pytorchNote) {
    }

    static Results run(Mnist.Data mnist, Path data, int epochs) throws Exception {
        Tensor trainImages = MnistResNetSample.prepareImages(mnist.trainImages());
        Tensor testImages = MnistResNetSample.prepareImages(mnist.testImages());
        int steps = (int) Math.ceil(trainImages.shape()[0] / (double) BATCH);
        System.out.println("fusenet: " + epochs + " epochs of CompiledMnistResNet ...");
        MnistBenchmark.Result fusenet = MnistBenchmark.fusenet("fusenet resnet", new CompiledMnistResNet(SEED),
                trainImages, mnist.trainLabels(), testImages, mnist.testLabels(), epochs, steps, BATCH);
        System.out.println("fusenet DSL: " + epochs + " epochs of the same graph built with Functional.build ...");
        MnistBenchmark.Result dsl = MnistBenchmark.fusenet("DSL resnet", dslResNet(), trainImages,
                mnist.trainLabels(), testImages, mnist.testLabels(), epochs, steps, BATCH);
        double[] peer = {Double.NaN, Double.NaN};
        String note = pytorch(data, epochs, peer);
        return new Results(fusenet, dsl, peer[0], peer[1], note);
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

    /** Runs the PyTorch twin with 2 threads, fills {@code figures} with its median epoch and test accuracy. */
    private static String pytorch(Path data, int epochs, double[] figures) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Files.exists(PEER) ? PEER : Path.of("peers/pytorch_resnet.py");
        if (!Files.exists(python) || !Files.exists(script)) {
            return "PyTorch twin not run: no " + (Files.exists(python) ? script : python);
        }
        System.out.println("PyTorch: " + epochs + " epochs of the twin, 2 threads ...");
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), script.toString(), "--epochs",
                Integer.toString(epochs), "--threads", "2"));
        if (data != null) {
            command.addAll(List.of("--data", data.toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("  " + line);
                last = line;
            }
        }
        if (process.waitFor() != 0) {
            return "PyTorch twin failed (is python3-torch installed? see ../shared/bench/README.md): " + last;
        }
        Matcher epoch = Pattern.compile("\"median_epoch_s\": ([0-9.]+)").matcher(last);
        Matcher accuracy = Pattern.compile("\"test_acc\": ([0-9.]+)").matcher(last);
        if (epoch.find() && accuracy.find()) {
            figures[0] = Double.parseDouble(epoch.group(1));
            figures[1] = Double.parseDouble(accuracy.group(1));
            return "";
        }
        return "PyTorch twin's last line has no figures: " + last;
    }

    static String table(Results results, int epochs) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "resnet, median of %d epochs after warm-up | fusenet | fusenet DSL | PyTorch (2 threads) | "
                        + "fusenet/PyTorch%n", epochs - 1));
        table.append(String.format(Locale.ROOT, "epoch, s | %.2f | %.2f | %.2f | %.2f%n",
                results.fusenet().epoch().seconds(), results.dsl().epoch().seconds(), results.pytorchEpoch(),
                results.fusenet().epoch().seconds() / results.pytorchEpoch()));
        table.append(String.format(Locale.ROOT, "test accuracy | %.4f | %.4f | %.4f |%n",
                results.fusenet().testAccuracy(), results.dsl().testAccuracy(), results.pytorchAccuracy()));
        table.append(String.format(Locale.ROOT, "allocated bytes per epoch | %d | %d | |%n",
                results.fusenet().epoch().allocatedBytes(), results.dsl().epoch().allocatedBytes()));
        if (!results.pytorchNote().isEmpty()) {
            table.append(results.pytorchNote()).append('\n');
        }
        return table.toString();
    }

    /** The residual network's keys of the JSON line. */
    static Map<String, Object> fields(Results results) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fusenet_resnet_epoch_s", results.fusenet().epoch().seconds());
        fields.put("dsl_resnet_epoch_s", results.dsl().epoch().seconds());
        fields.put("pytorch_resnet_epoch_s", results.pytorchEpoch());
        fields.put("resnet_epoch_ratio_pytorch", results.fusenet().epoch().seconds() / results.pytorchEpoch());
        fields.put("fusenet_resnet_test_acc", results.fusenet().testAccuracy());
        fields.put("dsl_resnet_test_acc", results.dsl().testAccuracy());
        fields.put("pytorch_resnet_test_acc", results.pytorchAccuracy());
        fields.put("fusenet_resnet_alloc_bytes_per_epoch", results.fusenet().epoch().allocatedBytes());
        return fields;
    }
}
