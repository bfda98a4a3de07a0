package dev.fusenet.samples.benchmark;

import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample's model against its PyTorch twin, back to back in one run: the generated class, optionally the same
 * model built with the runtime DSL, then the peer script under {@code samples/benchmark/peers/} with 2 threads when
 * Debian's PyTorch is there. The speed target is the ratio of the epochs on the same machine.
 */
final class TwinBenchmark {

    private static final Pattern EPOCH = Pattern.compile("\"median_epoch_s\": ([0-9.]+)");
    private static final Pattern ACCURACY = Pattern.compile("\"test_acc\": ([0-9.]+)");

    /**
     * What to run: {@code key} names the JSON keys ({@code fusenet_<key>_epoch_s} …) and the table, {@code dsl}
     * may be null, {@code peer} is the twin's file name in {@code peers/}, {@code data} its {@code --data} (or
     * null for its default).
     */
    record Twin(String key, String title, Supplier<Model> compiled, Supplier<Model> dsl, Tensor trainX,
                Tensor trainY, Tensor testX, Tensor testY, int batch, String peer, Path data) {
    }

    /** fusenet's figures (the DSL's null when not run), and the peer's median epoch (NaN when it could not run). */
    record Results(Twin twin, MnistBenchmark.Result fusenet, MnistBenchmark.Result dsl, double pytorchEpoch,
                   double pytorchAccuracy, String pytorchNote) {
    }

    private TwinBenchmark() {
    }

    static Results run(Twin twin, int epochs) throws Exception {
        int steps = (int) Math.ceil(twin.trainX().shape()[0] / (double) twin.batch());
        System.out.println("fusenet: " + epochs + " epochs of the compiled " + twin.title() + " ...");
        MnistBenchmark.Result fusenet = MnistBenchmark.fusenet("fusenet " + twin.key(), twin.compiled().get(),
                twin.trainX(), twin.trainY(), twin.testX(), twin.testY(), epochs, steps, twin.batch());
        MnistBenchmark.Result dsl = null;
        if (twin.dsl() != null) {
            System.out.println("fusenet DSL: " + epochs + " epochs of the same model built at run time ...");
            dsl = MnistBenchmark.fusenet("DSL " + twin.key(), twin.dsl().get(), twin.trainX(), twin.trainY(),
                    twin.testX(), twin.testY(), epochs, steps, twin.batch());
        }
        double[] peer = {Double.NaN, Double.NaN};
        String note = pytorch(twin, epochs, peer);
        return new Results(twin, fusenet, dsl, peer[0], peer[1], note);
    }

    /** Runs the PyTorch twin with 2 threads, fills {@code figures} with its median epoch and test accuracy. */
    private static String pytorch(Twin twin, int epochs, double[] figures) throws Exception {
        Path script = Peers.peer(twin.peer());
        String missing = Peers.missing(script);
        if (missing != null) {
            return "PyTorch twin not run: " + missing;
        }
        System.out.println("PyTorch: " + epochs + " epochs of the twin, 2 threads ...");
        List<String> command = new ArrayList<>(List.of(Peers.PYTHON.toString(), script.toString(), "--epochs",
                Integer.toString(epochs), "--threads", "2"));
        if (twin.data() != null) {
            command.addAll(List.of("--data", twin.data().toString()));
        }
        Peers.Run run = Peers.run(command, true);
        if (run.exitCode() != 0) {
            return "PyTorch twin failed (is python3-torch installed? see ../shared/bench/README.md): "
                    + run.lastLine();
        }
        Matcher epoch = EPOCH.matcher(run.lastLine());
        Matcher accuracy = ACCURACY.matcher(run.lastLine());
        if (epoch.find() && accuracy.find()) {
            figures[0] = Double.parseDouble(epoch.group(1));
            figures[1] = Double.parseDouble(accuracy.group(1));
            return "";
        }
        return "PyTorch twin's last line has no figures: " + run.lastLine();
    }

    static String table(Results results, int epochs) {
        boolean dsl = results.dsl() != null;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%s, median of %d epochs after warm-up "
                + "| fusenet%s | PyTorch (2 threads) | fusenet/PyTorch%n", results.twin().key(), epochs - 1,
                dsl ? " | fusenet DSL" : ""));
        table.append(String.format(Locale.ROOT, "epoch, s | %.2f%s | %.2f | %.2f%n",
                results.fusenet().epoch().seconds(), dsl ? String.format(Locale.ROOT, " | %.2f",
                        results.dsl().epoch().seconds()) : "", results.pytorchEpoch(),
                results.fusenet().epoch().seconds() / results.pytorchEpoch()));
        table.append(String.format(Locale.ROOT, "test accuracy | %.4f%s | %.4f |%n",
                results.fusenet().testAccuracy(), dsl ? String.format(Locale.ROOT, " | %.4f",
                        results.dsl().testAccuracy()) : "", results.pytorchAccuracy()));
        table.append(String.format(Locale.ROOT, "allocated bytes per epoch | %d%s | |%n",
                results.fusenet().epoch().allocatedBytes(), dsl ? " | " + results.dsl().epoch().allocatedBytes()
                        : ""));
        if (!results.pytorchNote().isEmpty()) {
            table.append(results.pytorchNote()).append('\n');
        }
        return table.toString();
    }

    /** The twin's keys of the JSON line. */
    static Map<String, Object> fields(Results results) {
        String key = results.twin().key();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fusenet_" + key + "_epoch_s", results.fusenet().epoch().seconds());
        if (results.dsl() != null) {
            fields.put("dsl_" + key + "_epoch_s", results.dsl().epoch().seconds());
        }
        fields.put("pytorch_" + key + "_epoch_s", results.pytorchEpoch());
        fields.put(key + "_epoch_ratio_pytorch", results.fusenet().epoch().seconds() / results.pytorchEpoch());
        fields.put("fusenet_" + key + "_test_acc", results.fusenet().testAccuracy());
        if (results.dsl() != null) {
            fields.put("dsl_" + key + "_test_acc", results.dsl().testAccuracy());
        }
        fields.put("pytorch_" + key + "_test_acc", results.pytorchAccuracy());
        fields.put("fusenet_" + key + "_alloc_bytes_per_epoch", results.fusenet().epoch().allocatedBytes());
        return fields;
    }
}
