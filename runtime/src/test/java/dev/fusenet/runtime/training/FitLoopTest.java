package dev.fusenet.runtime.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.losses.CategoricalCrossentropy;
import dev.fusenet.runtime.metrics.CategoricalAccuracy;
import dev.fusenet.runtime.optimizers.RMSprop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces together, as a user of the tape would put them: softmax regression on three separable blobs, trained
 * with RMSprop through FitLoop, with validation, early stopping, a CSV log and the plot.
 */
class FitLoopTest {

    @TempDir
    Path dir;

    @Test
    void trainsASoftmaxRegressionWithValidationAndCallbacks() throws Exception {
        int rows = 300;
        float[] features = new float[rows * 2];
        int[] classes = new int[rows];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[][] centres = {{-2, 0}, {2, 0}, {0, 2.5f}};
        for (int r = 0; r < rows; r++) {
            classes[r] = r % 3;
            features[2 * r] = centres[classes[r]][0] + (float) random.nextGaussian() * 0.5f;
            features[2 * r + 1] = centres[classes[r]][1] + (float) random.nextGaussian() * 0.5f;
        }
        Tensor x = Tensor.of(features, rows, 2);
        Tensor y = Tensors.toCategorical(Tensor.of(classes), 3);
        ValidationSplit split = ValidationSplit.of(x, y, 0.2);

        Variable kernel = new Variable("kernel", Tensor.randomUniform(new long[] {2, 3}, -0.1, 0.1, DType.FLOAT32, 1));
        Variable bias = new Variable("bias", Tensor.zeros(3));
        List<Variable> variables = List.of(kernel, bias);
        RMSprop optimizer = new RMSprop(0.05);
        CategoricalCrossentropy loss = new CategoricalCrossentropy();
        CategoricalAccuracy accuracy = new CategoricalAccuracy("accuracy");

        FitLoop.BatchStep step = (order, from, to) -> {
            int[] rowsOfBatch = java.util.Arrays.copyOfRange(order, from, to);
            Tensor bx = gather(split.trainX(), rowsOfBatch);
            Tensor by = gather(split.trainY(), rowsOfBatch);
            try (GradientTape tape = new GradientTape()) {
                Tensor p = bx.matmul(kernel.value()).add(bias.value()).softmax();
                Tensor value = loss.apply(by, p);
                optimizer.applyGradients(variables, tape.gradient(value, variables));
                accuracy.update(by, p);
                return value.doubleValue();
            }
        };
        FitLoop.Validation validation = () -> {
            Tensor p = split.validationX().matmul(kernel.value()).add(bias.value()).softmax();
            CategoricalAccuracy valAccuracy = new CategoricalAccuracy("accuracy");
            valAccuracy.update(split.validationY(), p);
            return Map.of("val_loss", loss.apply(split.validationY(), p).doubleValue(),
                    "val_accuracy", valAccuracy.result());
        };
        List<Integer> epochsSeen = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
                epochsSeen.add(epoch);
            }
        };
        FitOptions options = new FitOptions().epochs(30).batchSize(32).verbosity(Verbosity.ONE_LINE_PER_EPOCH)
                .callbacks(recorder, new EarlyStopping("val_loss", 1e-3, 1, false),
                        new CsvLogger(dir.resolve("log.csv")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingContext context = new TrainingContext(() -> kernel.value(), w -> kernel.assign((Tensor) w));
        History history = FitLoop.run(options, 7, split.trainX().shape()[0] > 0 ? (int) split.trainX().dim(0) : 0,
                step, List.of(accuracy), validation, context, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), List.copyOf(history.keys()));
        List<Double> losses = history.get("loss");
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) / 3, losses.toString());
        assertTrue(history.last("val_accuracy") > 0.95, history.toString());
        assertEquals(history.epochs(), epochsSeen);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Epoch 1/30" + System.lineSeparator() + "8/8 - "), printed);
        assertEquals(history.epochs().size() + 1, java.nio.file.Files.readAllLines(dir.resolve("log.csv")).size());

        Path png = dir.resolve("curves.png");
        HistoryPlot.writePng(history, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(420, image.getHeight());
    }

    private static Tensor gather(Tensor source, int[] rows) {
        long width = source.dim(1);
        float[] all = source.toFloatArray();
        float[] picked = new float[Math.toIntExact(rows.length * width)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(all, Math.toIntExact(rows[i] * width), picked, Math.toIntExact(i * width),
                    Math.toIntExact(width));
        }
        return Tensor.of(picked, rows.length, width);
    }

    @Test
    void sameSeedSameHistory() {
        FitOptions options = new FitOptions().epochs(2).batchSize(3).verbosity(Verbosity.SILENT);
        List<int[]> first = new ArrayList<>();
        List<int[]> second = new ArrayList<>();
        TrainingContext context = new TrainingContext(() -> null, w -> { });
        FitLoop.run(options, 11, 10, (order, from, to) -> {
            first.add(java.util.Arrays.copyOfRange(order, from, to));
            return 0;
        }, List.of(), null, context, System.out);
        FitLoop.run(options, 11, 10, (order, from, to) -> {
            second.add(java.util.Arrays.copyOfRange(order, from, to));
            return 0;
        }, List.of(), null, context, System.out);
        assertEquals(8, first.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
        assertEquals(1, first.get(3).length);
    }

    /** fit with a batch larger than the data trains one step of every row per epoch, and reports its loss. */
    @Test
    void aBatchSizeAboveTheRowsTrainsOneFullBatch() {
        var model = dev.fusenet.runtime.dsl.Sequential.build(m -> {
            m.dense(3, d -> d.inputShape(4));
            m.compile(c -> c.optimizer(dev.fusenet.annotations.Optimizer.SGD)
                    .loss(dev.fusenet.annotations.Loss.MEAN_SQUARED_ERROR));
        });
        Tensor x = Tensor.randomNormal(new long[] {10, 4}, 0, 1, DType.FLOAT32, 1);
        Tensor y = Tensor.randomNormal(new long[] {10, 3}, 0, 1, DType.FLOAT32, 2);
        double before = model.evaluate(x, y).loss();
        float[] kernel = model.getWeights().get(0).toFloatArray();
        History history = model.fit(x, y, o -> o.epochs(1).batchSize(Integer.MAX_VALUE)
                .verbosity(Verbosity.SILENT));
        assertEquals(before, history.get("loss").get(0), 1e-6, "the epoch's loss is its one full batch's");
        assertTrue(!java.util.Arrays.equals(kernel, model.getWeights().get(0).toFloatArray()), "one step was taken");
    }
}
