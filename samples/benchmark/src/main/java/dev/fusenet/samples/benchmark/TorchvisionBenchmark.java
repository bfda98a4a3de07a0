package dev.fusenet.samples.benchmark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fusenet.onnx.Onnx;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The serving part: torchvision's resnet18 and mobilenet_v2 (random weights) as PyTorch users export them, each
 * with batch normalization folded into the convolutions (torch.onnx's default) and kept as its own node, at 64×64
 * and 224×224, imported with {@code Onnx.load}. For each, fusenet's {@code predict} of one batch of 32 channels-last
 * images and ONNX Runtime's run of the same images (2 intra-op threads, optimisation level ALL) are timed back to
 * back, the median of {@code repeats} after one warm-up each, and their outputs compared. The folded and unfolded
 * files are the same model, so their fusenet times are what folding batch normalization at inference gains.
 * The files are written by the onnx module's {@code torchvision_models.py} (Debian's python3-torchvision).
 */
final class TorchvisionBenchmark {

    private static final Path EXPORT = Path.of("onnx/src/test/resources/dev/fusenet/onnx/torchvision_models.py");
    private static final int BATCH = 32;
    private static final int[] SIZES = {64, 224};

    private TorchvisionBenchmark() {
    }

    /** One file's figures: seconds per batch of 32 in each runtime and the largest output difference. */
    record Timing(String model, int size, boolean batchNormKept, double fusenetSeconds, double ortSeconds,
                  double maxDifference) {

        String key() {
            return model + "_" + size + (batchNormKept ? "_bn" : "");
        }
    }

    /** The timings, or why there are none. */
    record Results(List<Timing> timings, String skipped) {
    }

    static Results run(int repeats) throws Exception {
        Path folder = Files.createTempDirectory("fusenet-torchvision");
        try {
            String failure = export(folder);
            if (!failure.isEmpty()) {
                return new Results(List.of(), failure);
            }
            List<Timing> timings = new ArrayList<>();
            for (String model : List.of("resnet18", "mobilenet_v2")) {
                for (int size : SIZES) {
                    for (boolean kept : new boolean[] {false, true}) {
                        Path file = folder.resolve(model + "_" + size + (kept ? "_bn" : "") + ".onnx");
                        timings.add(time(model, size, kept, file, repeats));
                    }
                }
            }
            return new Results(timings, "");
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    private static String export(Path folder) throws Exception {
        Path script = Peers.script(EXPORT);
        String missing = Peers.missing(script);
        if (missing != null) {
            return "not run: " + missing;
        }
        System.out.println("torchvision: exporting resnet18 and mobilenet_v2 at 64 and 224 ...");
        Peers.Run run = Peers.run(List.of(Peers.PYTHON.toString(), script.toString(), folder.toString(), "64", "224"),
                false);
        return run.exitCode() == 0 ? "" : "not run: the export failed (is python3-torchvision installed?): "
                + run.lastLine();
    }

    private static Timing time(String name, int size, boolean kept, Path file, int repeats) throws Exception {
        System.out.println("  " + file.getFileName() + ": fusenet predict and ONNX Runtime, batch " + BATCH + " ...");
        float[] nchw = new float[BATCH * 3 * size * size];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < nchw.length; i++) {
            nchw[i] = (float) random.nextGaussian();
        }
        Tensor images = Tensor.of(channelsLast(nchw, size), BATCH, size, size, 3);
        Model model = Onnx.load(file);
        float[] ours = model.predict(images).toFloatArray();
        double[] fusenet = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            model.predict(images);
            fusenet[r] = (System.nanoTime() - start) / 1e9;
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        double[] ort = new double[repeats];
        float[] theirs;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = environment.createSession(file.toString(), options);
                 OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(nchw),
                         new long[] {BATCH, 3, size, size})) {
                theirs = run(session, input);
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    run(session, input);
                    ort[r] = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        double difference = 0;
        for (int i = 0; i < ours.length; i++) {
            difference = Math.max(difference, Math.abs((double) ours[i] - theirs[i]));
        }
        return new Timing(name, size, kept, Measurements.median(fusenet), Measurements.median(ort), difference);
    }

    private static float[] run(OrtSession session, OnnxTensor input) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[output.remaining()];
            output.get(values);
            return values;
        }
    }

    private static float[] channelsLast(float[] nchw, int size) {
        float[] nhwc = new float[nchw.length];
        int plane = size * size;
        for (int n = 0; n < BATCH; n++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    nhwc[(n * plane + p) * 3 + c] = nchw[(n * 3 + c) * plane + p];
                }
            }
        }
        return nhwc;
    }

    static String table(Results results, int repeats) {
        if (!results.skipped().isEmpty()) {
            return "torchvision serving part " + results.skipped() + "\n";
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "torchvision predict, batch %d, median "
                + "of %d | fusenet, s | ONNX Runtime (2 threads), s | fusenet/ORT | max |difference|%n", BATCH,
                repeats));
        for (Timing t : results.timings()) {
            table.append(String.format(Locale.ROOT, "%s %d×%d, batch norm %s | %.3f | %.3f | %.2f | %.1e%n",
                    t.model(), t.size(), t.size(), t.batchNormKept() ? "kept" : "folded by the exporter",
                    t.fusenetSeconds(), t.ortSeconds(), t.fusenetSeconds() / t.ortSeconds(), t.maxDifference()));
        }
        return table.toString();
    }

    static Map<String, Object> fields(Results results) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Timing t : results.timings()) {
            fields.put("torchvision_" + t.key() + "_fusenet_s", t.fusenetSeconds());
            fields.put("torchvision_" + t.key() + "_ort_s", t.ortSeconds());
        }
        return fields;
    }
}
