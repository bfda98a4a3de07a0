package dev.fusenet.samples.benchmark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fusenet.onnx.Onnx;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.Verbosity;
import dev.fusenet.samples.convnet.CompiledMnistConvNet;
import dev.fusenet.samples.convnet.MnistConvNetSample;
import dev.fusenet.samples.mnist.CompiledMnistNet;
import dev.fusenet.samples.mnist.MnistSample;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * The ONNX Runtime part: fusenet's {@code predict} against ONNX Runtime (2 intra-op threads, optimisation level
 * ALL) on the same trained model, back to back in one JVM, for the lecture's MLP and the book's convnet (each
 * trained one epoch on MNIST, then exported with {@code Onnx.export}). Measured: images per second on the whole
 * test set, at batch 1, 32 and 256 (a pass over the test set in batches of that size) and with 4 threads sharing
 * one model at batch 32; the latency of one image, p50 and p99, back to back and with requests spaced 2 ms apart
 * (which finds any helper thread that falls asleep between requests). Every throughput figure is the median of
 * three passes after two seconds of warm-up; every input is made before the clock starts; the outputs of the two
 * runtimes are compared on the whole test set.
 */
final class ServingBenchmark {

    private static final int[] BATCHES = {1, 32, 256};
    private static final int PASSES = 3;
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final int THREADS = 4;
    /** Single-image requests timed for each latency figure. */
    private static final int LATENCY_REQUESTS = 2000;
    private static final int SPACED_REQUESTS = 500;
    private static final long SPACING_NANOS = 2_000_000;

    private ServingBenchmark() {
    }

    /** One measure for one model: fusenet's figure and ONNX Runtime's, in {@code unit}. */
    record Figure(String model, String measure, String key, double fusenet, double ort, String unit,
                  boolean higherIsBetter) {

        /** fusenet's time over ONNX Runtime's: below 1 where fusenet is faster. */
        double timeRatio() {
            return higherIsBetter ? ort / fusenet : fusenet / ort;
        }
    }

    record Results(List<Figure> figures, Map<String, Double> maxDifference) {
    }

    static Results run(Mnist.Data mnist) throws Exception {
        List<Figure> figures = new ArrayList<>();
        Map<String, Double> differences = new LinkedHashMap<>();
        Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);

        System.out.println("serving: one epoch of CompiledMnistNet, then fusenet and ONNX Runtime ...");
        Model mlp = new CompiledMnistNet(42);
        mlp.fit(MnistSample.prepareImages(mnist.trainImages()), trainLabels,
                options -> options.epochs(1).batchSize(128).verbosity(Verbosity.SILENT));
        measure("mlp", mlp, MnistSample.prepareImages(mnist.testImages()), figures, differences);

        System.out.println("serving: one epoch of CompiledMnistConvNet, then fusenet and ONNX Runtime ...");
        Model conv = new CompiledMnistConvNet(42);
        conv.fit(MnistConvNetSample.prepareImages(mnist.trainImages()), mnist.trainLabels(),
                options -> options.epochs(1).batchSize(128).verbosity(Verbosity.SILENT));
        measure("convnet", conv, MnistConvNetSample.prepareImages(mnist.testImages()), figures, differences);
        return new Results(figures, differences);
    }

    private static void measure(String name, Model model, Tensor test, List<Figure> figures,
                                Map<String, Double> differences) throws Exception {
        Path file = Files.createTempFile("fusenet-serving-" + name, ".onnx");
        try {
            Onnx.export(model, file);
            float[] images = test.toFloatArray();
            int rows = (int) test.shape()[0];
            int[] shape = model.inputShape();
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(2);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (OrtSession session = environment.createSession(file.toString(), options)) {
                    Served fusenet = new FusenetServed(model, images, shape);
                    Served ort = new OrtServed(environment, session, images, shape);
                    differences.put(name, maxDifference(fusenet.run(0, rows), ort.run(0, rows)));
                    figures.add(throughput(name, "whole test set", "whole", fusenet, ort, rows, rows));
                    for (int batch : BATCHES) {
                        figures.add(throughput(name, "batch " + batch, "batch" + batch, fusenet, ort, batch,
                                batch == 1 ? LATENCY_REQUESTS : rows));
                    }
                    figures.add(new Figure(name, THREADS + " threads sharing one model, batch 32",
                            "threads" + THREADS, shared(fusenet, 32, rows), shared(ort, 32, rows), "images/s",
                            true));
                    figures.addAll(latency(name, "latency of one image", "latency", fusenet, ort, 0,
                            LATENCY_REQUESTS));
                    figures.addAll(latency(name, "one image every 2 ms", "spaced", fusenet, ort, SPACING_NANOS,
                            SPACED_REQUESTS));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs one runtime on rows {@code [from, from + count)} of the test images; safe on many threads at once. */
    private interface Served {
        float[] run(int from, int count) throws Exception;

        /** Makes the input of {@link #run} for these rows ahead, so that no timed call makes it. */
        void prepare(int from, int count);
    }

    /** fusenet's {@code predict(Tensor)}, the call a user makes, on tensors made before the clock starts. */
    private static final class FusenetServed implements Served {
        private final Model model;
        private final float[] images;
        private final int[] shape;
        private final int sample;
        private final Map<Long, Tensor> prepared = new java.util.concurrent.ConcurrentHashMap<>();

        FusenetServed(Model model, float[] images, int[] shape) {
            this.model = model;
            this.images = images;
            this.shape = shape;
            this.sample = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        @Override
        public float[] run(int from, int count) {
            return model.predict(input(from, count)).toFloatArray();
        }

        @Override
        public void prepare(int from, int count) {
            input(from, count);
        }

        private Tensor input(int from, int count) {
            return prepared.computeIfAbsent(((long) from << 32) | count, key -> {
                long[] dims = new long[shape.length + 1];
                dims[0] = count;
                for (int i = 0; i < shape.length; i++) {
                    dims[i + 1] = shape[i];
                }
                return Tensor.of(Arrays.copyOfRange(images, from * sample, (from + count) * sample), dims);
            });
        }
    }

    /** ONNX Runtime's {@code run} of one session, on input tensors made before the clock starts. */
    private static final class OrtServed implements Served {
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final float[] images;
        private final int[] shape;
        private final int sample;
        private final String input;
        private final Map<Long, OnnxTensor> prepared = new java.util.concurrent.ConcurrentHashMap<>();

        OrtServed(OrtEnvironment environment, OrtSession session, float[] images, int[] shape) {
            this.environment = environment;
            this.session = session;
            this.images = images;
            this.shape = shape;
            this.sample = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            this.input = session.getInputNames().iterator().next();
        }

        @Override
        public float[] run(int from, int count) throws OrtException {
            try (OrtSession.Result result = session.run(Map.of(input, input(from, count)))) {
                FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[output.remaining()];
                output.get(values);
                return values;
            }
        }

        @Override
        public void prepare(int from, int count) {
            input(from, count);
        }

        private OnnxTensor input(int from, int count) {
            return prepared.computeIfAbsent(((long) from << 32) | count, key -> {
                long[] dims = new long[shape.length + 1];
                dims[0] = count;
                for (int i = 0; i < shape.length; i++) {
                    dims[i + 1] = shape[i];
                }
                try {
                    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(images, from * sample,
                            count * sample).slice(), dims);
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** Images per second over the first {@code images} test images in batches of {@code batch}: median of passes. */
    private static Figure throughput(String model, String measure, String key, Served fusenet, Served ort,
                                     int batch, int images) throws Exception {
        return new Figure(model, measure, key, passes(fusenet, batch, images), passes(ort, batch, images),
                "images/s", true);
    }

    private static double passes(Served served, int batch, int images) throws Exception {
        // warm up for a while, not one pass: a pass over the whole set is one call, and the JIT took about ten of
        // them to compile the path of a call that large (92k → 240k images/s for the MLP, a scratch loop)
        long warm = System.nanoTime() + WARM_UP_NANOS;
        do {
            pass(served, batch, images);
        } while (System.nanoTime() < warm);
        double[] rates = new double[PASSES];
        for (int p = 0; p < PASSES; p++) {
            long start = System.nanoTime();
            int done = pass(served, batch, images);
            rates[p] = done / ((System.nanoTime() - start) / 1e9);
        }
        return Measurements.median(rates);
    }

    private static int pass(Served served, int batch, int images) throws Exception {
        int done = 0;
        for (int from = 0; from + batch <= images; from += batch) {
            served.run(from, batch);
            done += batch;
        }
        return done;
    }

    /** Images per second of {@link #THREADS} threads each passing over the test set at {@code batch}. */
    private static double shared(Served served, int batch, int images) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            double[] rates = new double[PASSES + 1];
            for (int p = 0; p < rates.length; p++) {
                List<Callable<Integer>> work = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    work.add(() -> pass(served, batch, images));
                }
                long start = System.nanoTime();
                int done = 0;
                for (Future<Integer> future : pool.invokeAll(work)) {
                    done += future.get();
                }
                rates[p] = done / ((System.nanoTime() - start) / 1e9);
            }
            return Measurements.median(Arrays.copyOfRange(rates, 1, rates.length)); // the first warms up
        } finally {
            pool.shutdownNow();
        }
    }

    /** p50 and p99 of single-image requests, {@code spacing} nanoseconds apart (0: back to back), in µs. */
    private static List<Figure> latency(String model, String measure, String key, Served fusenet, Served ort,
                                        long spacing, int requests) throws Exception {
        double[] ours = latencies(fusenet, spacing, requests);
        double[] theirs = latencies(ort, spacing, requests);
        return List.of(
                new Figure(model, measure + ", p50", key + "_p50", percentile(ours, 50), percentile(theirs, 50),
                        "µs", false),
                new Figure(model, measure + ", p99", key + "_p99", percentile(ours, 99), percentile(theirs, 99),
                        "µs", false));
    }

    private static double[] latencies(Served served, long spacing, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            served.prepare(i, 1); // before the clock: making an input tensor is not the request's work
        }
        pass(served, 1, Math.min(requests, 200));
        double[] micros = new double[requests];
        for (int i = 0; i < requests; i++) {
            if (spacing > 0) {
                LockSupport.parkNanos(spacing);
            }
            long start = System.nanoTime();
            served.run(i, 1);
            micros[i] = (System.nanoTime() - start) / 1e3;
        }
        return micros;
    }

    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String table(Results results) {
        StringBuilder table = new StringBuilder("serving, back to back | fusenet predict | ONNX Runtime (2 threads) "
                + "| unit | fusenet time / ORT time\n");
        for (Figure f : results.figures()) {
            table.append(String.format(Locale.ROOT, "%s, %s | %.1f | %.1f | %s | %.2f%n", f.model(), f.measure(),
                    f.fusenet(), f.ort(), f.unit(), f.timeRatio()));
        }
        results.maxDifference().forEach((model, difference) -> table.append(String.format(Locale.ROOT,
                "%s: largest |fusenet - ORT| over the test set's outputs %.1e%n", model, difference)));
        return table.toString();
    }

    static Map<String, Object> fields(Results results) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Figure f : results.figures()) {
            String key = "serving_" + f.model() + "_" + f.key();
            fields.put(key + "_fusenet", f.fusenet());
            fields.put(key + "_ort", f.ort());
        }
        return fields;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
