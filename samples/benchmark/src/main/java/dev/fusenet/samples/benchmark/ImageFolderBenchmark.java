package dev.fusenet.samples.benchmark;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.ImageAugmentationLayer;
import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.ColorMode;
import dev.fusenet.runtime.data.Cursor;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.data.ImageDatasets;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.training.Verbosity;
import dev.fusenet.samples.images.DigitFolder;
import dev.fusenet.samples.images.ImageFolderSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training from a folder of images against training on the same images in memory. MNIST's 60,000 training digits
 * are written once as PNG files ({@link DigitFolder}); the image-folder sample's convnet (the book's, behind a
 * random rotation, zoom and translation) trains back to back on them as an in-memory tensor, from the folder
 * (decode and resize on the loader's threads, batch, prefetch) with the augmentation in the model, and from the
 * folder with the same augmentation kernels in the dataset's {@code map} stage instead (the issue asks for both).
 * Then the decode pipeline alone, 1 and 2 decode threads, and PyTorch's {@code DataLoader} over torchvision's
 * {@code ImageFolder} on the same folder ({@code peers/pytorch_imagefolder.py}) when Debian's torchvision is there.
 */
final class ImageFolderBenchmark {

    static final int BATCH = 64;
    private static final long SEED = 42;

    private ImageFolderBenchmark() {
    }

    /** Median epochs of the three ways, decode rates (images/s) by thread count, and the peer's. */
    record Results(int images, double plainEpoch, double memoryEpoch, double folderEpoch, double mapStageEpoch,
                   double decodeOneThread,
                   double decodeTwoThreads, double pytorchOneWorker, double pytorchTwoWorkers, String pytorchNote) {
    }

    static Results run(Mnist.Data mnist, int epochs) throws Exception {
        Path folder = Files.isDirectory(Path.of("samples/benchmark")) ? Path.of("samples/benchmark/target/digits")
                : Path.of("target/digits");
        System.out.println("writing MNIST's training digits as PNG files into " + folder.toAbsolutePath() + " ...");
        DigitFolder.write(mnist.trainImages(), mnist.trainLabels(), folder);
        int images = Math.toIntExact(mnist.trainImages().shape()[0]);

        Tensor x = mnist.trainImages().reshape(images, 28, 28, 1);   // 0-255, as the files decode
        Tensor y = mnist.trainLabels();
        System.out.println("in memory: " + epochs + " epochs of the convnet without augmentation on the tensor ...");
        double plain = epochs("in memory, no augmentation", ImageFolderSample.unaugmentedModel(10, 28, 1, SEED),
                m -> m.fit(x, y, o -> o.epochs(epochs).batchSize(BATCH).seed(SEED).verbosity(Verbosity.SILENT)
                        .callbacks(meter(m))));
        System.out.println("in memory: " + epochs + " epochs of the augmented convnet on the tensor ...");
        double memory = epochs("in memory", ImageFolderSample.model(10, 28, 1, Optional.empty(), SEED),
                m -> m.fit(x, y, o -> o.epochs(epochs).batchSize(BATCH).seed(SEED).verbosity(Verbosity.SILENT)
                        .callbacks(meter(m))));

        System.out.println("from the folder: " + epochs + " epochs, augmentation in the model ...");
        double fromFolder = epochs("from the folder", ImageFolderSample.model(10, 28, 1, Optional.empty(), SEED),
                m -> m.fit(folder(folder, 0), o -> o.epochs(epochs).verbosity(Verbosity.SILENT).callbacks(meter(m))));

        System.out.println("from the folder: " + epochs + " epochs, augmentation in the dataset's map stage ...");
        UnaryOperator<Batch> augment = augmentation(ImageFolderSample.model(10, 28, 1, Optional.empty(), SEED));
        double mapStage = epochs("map stage", ImageFolderSample.unaugmentedModel(10, 28, 1, SEED),
                m -> m.fit(folder(folder, 0).map(augment, 2).prefetch(), o -> o.epochs(epochs)
                        .verbosity(Verbosity.SILENT).callbacks(meter(m))));

        double one = decodeRate(folder, 1);
        double two = decodeRate(folder, 2);
        double[] peer = {Double.NaN, Double.NaN};
        String note = pytorch(folder, peer);
        return new Results(images, plain, memory, fromFolder, mapStage, one, two, peer[0], peer[1], note);
    }

    /** The folder as the sample reads it: grayscale, resized to 28 × 28 (a no-op the loader still runs), batches. */
    private static Dataset folder(Path folder, int decodeThreads) {
        return ImageDatasets.fromDirectory(folder, o -> {
            o.colorMode(ColorMode.GRAYSCALE).imageSize(28, 28).batchSize(BATCH).seed(SEED).verbose(false);
            if (decodeThreads > 0) {
                o.decodeThreads(decodeThreads);
            }
        }).prefetch();
    }

    /** The augmented model's own augmentation layers, run on each batch as a map function (step = batch count). */
    private static UnaryOperator<Batch> augmentation(Model augmented) {
        List<ImageAugmentationLayer> layers = new ArrayList<>();
        for (Layer layer : augmented.layers()) {
            if (layer instanceof ImageAugmentationLayer augmentation) {
                layers.add(augmentation);
            }
        }
        AtomicLong steps = new AtomicLong();
        return batch -> {
            long step = steps.getAndIncrement();
            float[] values = batch.features().toFloatArray();
            float[] out = new float[values.length];
            float[] mask = new float[values.length];
            for (ImageAugmentationLayer layer : layers) {
                layer.forwardTraining(values, mask, out, 0, batch.size(), step);
                float[] swap = values;
                values = out;
                out = swap;
            }
            long[] shape = batch.features().shape();
            return Batch.of(Tensor.of(values, shape), batch.labels(), null);
        };
    }

    private static final Map<Model, MnistBenchmark.EpochMeter> METERS = new LinkedHashMap<>();

    private static MnistBenchmark.EpochMeter meter(Model model) {
        return METERS.computeIfAbsent(model, m -> new MnistBenchmark.EpochMeter(m.name()));
    }

    private interface Training {
        void train(Model model) throws Exception;
    }

    /** The median epoch after the first of one fit. */
    private static double epochs(String label, Model model, Training training) throws Exception {
        training.train(model);
        List<Measurements.Cost> costs = METERS.remove(model).afterWarmUp();
        double median = Measurements.median(costs).seconds();
        System.out.printf(Locale.ROOT, "  %s: median epoch %.2f s%n", label, median);
        return median;
    }

    /** Images per second through decode, resize and batching alone: the median of three passes. */
    private static double decodeRate(Path folder, int threads) {
        double[] rates = new double[3];
        for (int pass = 0; pass < rates.length; pass++) {
            long start = System.nanoTime();
            long images = 0;
            try (Cursor<Batch> cursor = folder(folder, threads).open(pass)) {
                for (Batch batch = cursor.next(); batch != null; batch = cursor.next()) {
                    images += batch.size();
                }
            }
            double rate = images / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "  decode, %d thread(s), pass %d: %.0f images/s%n", threads, pass + 1,
                    rate);
            rates[pass] = rate;
        }
        return Measurements.median(rates);
    }

    /** Runs the peer for 1 and 2 workers; fills {@code rates}, or says why it could not. */
    private static String pytorch(Path folder, double[] rates) throws IOException, InterruptedException {
        Path script = Peers.peer("pytorch_imagefolder.py");
        String missing = Peers.missing(script);
        if (missing != null) {
            return "PyTorch ImageFolder peer not run: " + missing;
        }
        System.out.println("PyTorch: DataLoader over ImageFolder, 1 and 2 workers ...");
        Peers.Run run = Peers.run(List.of(Peers.PYTHON.toString(), script.toString(), "--data", folder.toString()),
                true);
        if (run.exitCode() != 0) {
            return "PyTorch ImageFolder peer failed (is python3-torchvision installed?): " + run.lastLine();
        }
        Matcher one = Pattern.compile("\"images_per_s_1_worker\": ([0-9.]+)").matcher(run.lastLine());
        Matcher two = Pattern.compile("\"images_per_s_2_workers\": ([0-9.]+)").matcher(run.lastLine());
        if (one.find() && two.find()) {
            rates[0] = Double.parseDouble(one.group(1));
            rates[1] = Double.parseDouble(two.group(1));
            return "";
        }
        return "PyTorch ImageFolder peer's last line has no figures: " + run.lastLine();
    }

    static String table(Results r, int epochs) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "image folder (%,d PNG digits), median of %d epochs after warm-up | seconds | / in memory%n",
                r.images(), epochs - 1));
        table.append(String.format(Locale.ROOT, "in-memory tensor, no augmentation | %.2f | %.2f%n",
                r.plainEpoch(), r.plainEpoch() / r.memoryEpoch()));
        table.append(String.format(Locale.ROOT, "in-memory tensor, augmentation in the model | %.2f | 1.00%n",
                r.memoryEpoch()));
        table.append(String.format(Locale.ROOT, "PNG folder, augmentation in the model | %.2f | %.2f%n",
                r.folderEpoch(), r.folderEpoch() / r.memoryEpoch()));
        table.append(String.format(Locale.ROOT, "PNG folder, augmentation in the map stage | %.2f | %.2f%n",
                r.mapStageEpoch(), r.mapStageEpoch() / r.memoryEpoch()));
        table.append(String.format(Locale.ROOT, "decode + resize + batch, images/s | fusenet | PyTorch ImageFolder%n"));
        table.append(String.format(Locale.ROOT, "1 thread / worker | %.0f | %.0f%n", r.decodeOneThread(),
                r.pytorchOneWorker()));
        table.append(String.format(Locale.ROOT, "2 threads / workers | %.0f | %.0f%n", r.decodeTwoThreads(),
                r.pytorchTwoWorkers()));
        if (!r.pytorchNote().isEmpty()) {
            table.append(r.pytorchNote()).append('\n');
        }
        return table.toString();
    }

    static Map<String, Object> fields(Results r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("images_plain_epoch_s", r.plainEpoch());
        fields.put("images_memory_epoch_s", r.memoryEpoch());
        fields.put("images_folder_epoch_s", r.folderEpoch());
        fields.put("images_map_stage_epoch_s", r.mapStageEpoch());
        fields.put("images_folder_ratio_memory", r.folderEpoch() / r.memoryEpoch());
        fields.put("images_map_stage_ratio_memory", r.mapStageEpoch() / r.memoryEpoch());
        fields.put("decode_images_per_s_1_thread", r.decodeOneThread());
        fields.put("decode_images_per_s_2_threads", r.decodeTwoThreads());
        fields.put("pytorch_imagefolder_images_per_s_1_worker", r.pytorchOneWorker());
        fields.put("pytorch_imagefolder_images_per_s_2_workers", r.pytorchTwoWorkers());
        return fields;
    }
}
