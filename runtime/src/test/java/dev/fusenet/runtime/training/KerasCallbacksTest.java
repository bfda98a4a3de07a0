package dev.fusenet.runtime.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.optimizers.ExponentialDecay;
import dev.fusenet.runtime.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callbacks of a Keras user's first week, each with the behaviour Keras documents. */
class KerasCallbacksTest {

    @TempDir
    Path dir;

    private final List<Path> saved = new ArrayList<>();
    private final SGD sgd = new SGD(0.01);
    private final TrainingContext context = new TrainingContext(() -> null, w -> { }, sgd, saved::add,
            path -> { });

    private static final Tensor X = Tensor.randomUniform(new long[] {96, 6}, -1, 1, DType.FLOAT32, 3);
    private static final Tensor Y = labels(96, 3);

    private static Tensor labels(int rows, int classes) {
        float[] y = new float[rows * classes];
        float[] x = X == null ? new float[rows * 6] : X.toFloatArray();
        for (int i = 0; i < rows; i++) {
            y[i * classes + (x[i * 6] > 0 ? 1 : x[i * 6 + 1] > 0 ? 2 : 0)] = 1f;
        }
        return Tensor.of(y, rows, classes);
    }

    private static Sequential model(Consumer<dev.fusenet.runtime.dsl.CompileBuilder> compile) {
        return Sequential.build(m -> {
            m.dense(16, d -> d.activation(Activation.RELU).inputShape(6));
            m.dropout(0.2);
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(compile);
        });
    }

    private static Sequential model() {
        return model(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
    }

    private static void fit(Sequential model, int epochs, Callback... callbacks) {
        model.fit(X, Y, o -> o.epochs(epochs).batchSize(16).verbosity(Verbosity.SILENT).callbacks(callbacks));
    }

    // ------------------------------------------------------------------ ModelCheckpoint

    @Test
    void modelCheckpointFillsKerasPlaceholders() {
        ModelCheckpoint checkpoint = new ModelCheckpoint("m-{epoch:02d}-{val_loss:.2f}-{loss}.npz");
        assertEquals("m-03-0.12-0.5.npz", checkpoint.fileName(2, Map.of("val_loss", 0.1234, "loss", 0.5)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> checkpoint.fileName(0, Map.of("loss", 0.5)));
        assertEquals("ModelCheckpoint: the file name m-{epoch:02d}-{val_loss:.2f}-{loss}.npz uses {val_loss}, but the "
                + "logs have [loss] (and epoch)", error.getMessage());
    }

    /** Python's format language as Keras's {@code filepath.format(epoch=..., **logs)} applies it. */
    @Test
    void modelCheckpointFormatsAsPython() {
        Map<String, Double> logs = Map.of("loss", 0.123456, "val_loss", -2.5, "accuracy", 0.9876);
        // what Python prints for each (format(value, spec)), epoch 3 shown as 3
        assertEquals("1.00", new ModelCheckpoint("{epoch:.2f}").fileName(0, logs), "Keras's valid {epoch:.2f}");
        assertEquals("003|  3|3  | 3 |+3", new ModelCheckpoint("{epoch:03d}|{epoch:3d}|{epoch:<3}|{epoch:^3}|"
                + "{epoch:+d}").fileName(2, logs));
        assertEquals("0.1235|-2.500000|98.8%|1.234560e-01|  0.12|-02.5", new ModelCheckpoint("{loss:.4f}|"
                + "{val_loss:f}|{accuracy:.1%}|{loss:e}|{loss:6.2f}|{val_loss:05.1f}").fileName(0, logs));
        assertEquals("m-{1}-{x}.npz", new ModelCheckpoint("m-{{{epoch}}}-{{x}}.npz").fileName(0, logs),
                "doubled braces are literal");
        assertEquals("*1,234*", new ModelCheckpoint("{epoch:*^7,d}").fileName(1233, logs));
    }

    /** A pattern Keras would refuse is refused when the callback is made, with what to write instead. */
    @Test
    void modelCheckpointRefusesABadPatternBeforeTheFirstEpoch() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new ModelCheckpoint("m-{epoch:xyz}.npz"));
        assertEquals("ModelCheckpoint: the file name m-{epoch:xyz}.npz: {epoch:xyz} has the format 'xyz', which is "
                + "not Python's [[fill]align][sign][0][width][,][.precision][type] with a type among d, f, F, e, E "
                + "and %, e.g. {epoch:02d} or {val_loss:.4f}", unknown.getMessage());
        IllegalArgumentException unclosed = assertThrows(IllegalArgumentException.class,
                () -> new ModelCheckpoint("m-{epoch.npz"));
        assertEquals("ModelCheckpoint: the file name m-{epoch.npz: the '{' at position 2 is never closed; write '{{' "
                + "for a literal brace", unclosed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m-}.npz"));
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> new ModelCheckpoint("{loss:d}").fileName(0, Map.of("loss", 0.5)));
        assertTrue(integer.getMessage().contains("formats {loss:d} as an integer, but loss is 0.5; use a float "
                + "format such as {loss:.4f}"), integer.getMessage());
    }

    @Test
    void modelCheckpointSavesEveryEpochOrOnlyImprovements() {
        ModelCheckpoint every = new ModelCheckpoint(dir.resolve("e{epoch}.npz").toString());
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best.npz").toString(), "loss", true,
                Monitor.Mode.AUTO);
        ModelCheckpoint bestAccuracy = new ModelCheckpoint(dir.resolve("acc{epoch}.npz").toString(), "accuracy",
                true, Monitor.Mode.AUTO);
        List<Callback> callbacks = List.of(every, best, bestAccuracy);
        callbacks.forEach(c -> c.onTrainBegin(context));
        double[] losses = {1.0, 0.8, 0.9, 0.7};
        double[] accuracies = {0.5, 0.7, 0.6, 0.6};
        for (int epoch = 0; epoch < losses.length; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, Map.of("loss", losses[epoch], "accuracy", accuracies[epoch]), context);
            }
        }
        assertEquals(List.of(dir.resolve("e1.npz"), dir.resolve("best.npz"), dir.resolve("acc1.npz"),
                dir.resolve("e2.npz"), dir.resolve("best.npz"), dir.resolve("acc2.npz"), dir.resolve("e3.npz"),
                dir.resolve("e4.npz"), dir.resolve("best.npz")), saved);
    }

    @Test
    void modelCheckpointWritesFilesTheModelLoads() throws Exception {
        Sequential model = model();
        fit(model, 2, new ModelCheckpoint(dir.resolve("model-{epoch}.npz").toString()));
        Sequential other = model();
        other.load(dir.resolve("model-2.npz"));
        assertArrayEquals(model.getWeights().get(0).toFloatArray(), other.getWeights().get(0).toFloatArray());
        assertTrue(Files.exists(dir.resolve("model-1.npz")));
    }

    // ------------------------------------------------------------------ TerminateOnNaN and the NaN line

    @Test
    void terminateOnNaNStopsAtTheFirstBadBatch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminateOnNaN terminate = new TerminateOnNaN(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<Integer> trained = new ArrayList<>();
        FitOptions options = new FitOptions().epochs(3).batchSize(2).verbosity(Verbosity.SILENT)
                .callbacks(terminate);
        History history = FitLoop.run(options, 1, 10, (order, from, to) -> {
            trained.add(from);
            return trained.size() == 3 ? Double.NaN : 1.0;
        }, List.of(), null, new TrainingContext(() -> null, w -> { }), System.out);
        assertEquals(3, trained.size(), "no batch after the NaN one");
        assertEquals(2, terminate.terminatedAtBatch());
        assertEquals("Batch 2: Invalid loss, terminating training" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
        assertTrue(Double.isNaN(history.last("loss")));
    }

    @Test
    void withoutTerminateOnNaNTheProgressSaysWhenTheLossTurnsNaN() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FitOptions options = new FitOptions().epochs(2).batchSize(2).verbosity(Verbosity.ONE_LINE_PER_EPOCH);
        int[] calls = {0};
        FitLoop.run(options, 1, 10, (order, from, to) -> ++calls[0] >= 4 ? Double.POSITIVE_INFINITY : 1.0,
                List.of(), null, new TrainingContext(() -> null, w -> { }),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("fusenet: the loss is +Infinity at epoch 1, batch 4; the weights are no longer "
                + "usable. Lower the learning rate, check the data for NaN or huge values, or add TerminateOnNaN "
                + "to stop here"), printed);
        assertTrue(printed.contains("at epoch 2, batch 1;"), "said once per epoch: " + printed);
        assertEquals(10, calls[0], "training goes on without the callback");
    }

    @Test
    void terminateOnNaNStopsADivergingModel() {
        Sequential model = model(c -> c.optimizer(Optimizer.SGD).learningRate(1e30).loss(Loss.MEAN_SQUARED_ERROR));
        TerminateOnNaN terminate = new TerminateOnNaN(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        History history = model.fit(X, Y, o -> o.epochs(20).batchSize(16).verbosity(Verbosity.SILENT)
                .callbacks(terminate));
        assertTrue(terminate.terminatedAtBatch() >= 0);
        assertTrue(history.epochs().size() < 20, history.toString());
    }

    // ------------------------------------------------------------------ learning rate

    @Test
    void reduceLROnPlateauFollowsKerasPatienceCooldownAndFloor() {
        ReduceLROnPlateau reduce = new ReduceLROnPlateau("val_loss", 0.5, 2, Monitor.Mode.AUTO, 1e-4, 1, 0.003,
                null);
        reduce.onTrainBegin(context);
        double[] valLoss = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5};
        List<Double> rates = new ArrayList<>();
        for (int epoch = 0; epoch < valLoss.length; epoch++) {
            reduce.onEpochEnd(epoch, Map.of("val_loss", valLoss[epoch]), context);
            rates.add(sgd.currentLearningRate());
        }
        // Keras's order: no improvement at epochs 1, 2 → 0.005 at epoch 2; epoch 3 ends the cooldown of 1 and counts
        // (wait 1), epoch 4 (wait 2) → 0.003, the floor rather than 0.0025; then nothing, at the floor already.
        assertEquals(List.of(0.01, 0.01, 0.005, 0.005, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003, 0.003),
                rates.stream().map(r -> Math.round(r * 1e9) / 1e9).toList());
    }

    @Test
    void learningRateSchedulerSetsEachEpochsRateAsTheCompiledRateWould() {
        Sequential scheduled = model(c -> c.optimizer(Optimizer.SGD).learningRate(0.1)
                .loss(Loss.CATEGORICAL_CROSSENTROPY));
        fit(scheduled, 2, new LearningRateScheduler(epoch -> 0.05));
        Sequential compiled = model(c -> c.optimizer(Optimizer.SGD).learningRate(0.05)
                .loss(Loss.CATEGORICAL_CROSSENTROPY));
        fit(compiled, 2);
        assertArrayEquals(compiled.getWeights().get(0).toFloatArray(), scheduled.getWeights().get(0).toFloatArray(),
                "training at the scheduled rate is training at that rate");

        List<Double> seen = new ArrayList<>();
        Sequential decaying = model(c -> c.optimizer(Optimizer.SGD).learningRate(0.1)
                .loss(Loss.CATEGORICAL_CROSSENTROPY));
        fit(decaying, 3, new LearningRateScheduler((epoch, rate) -> {
            seen.add(rate);
            return epoch == 0 ? rate : rate / 2;
        }));
        assertEquals(List.of(0.1, 0.1, 0.05), seen.stream().map(r -> Math.round(r * 1e9) / 1e9).toList());
        assertEquals(0.025, decaying.optimizer().currentLearningRate(), 1e-12);
    }

    @Test
    void aSetRateScalesAPerStepSchedule() {
        SGD decaying = new SGD(s -> s.learningRate(new ExponentialDecay(0.1, 10, 0.5)));
        decaying.setIterations(10);
        assertEquals(0.05, decaying.currentLearningRate(), 1e-12);
        decaying.setLearningRate(0.01);
        assertEquals(0.01, decaying.currentLearningRate(), 1e-12);
        decaying.setIterations(20);
        assertEquals(0.005, decaying.currentLearningRate(), 1e-12, "the schedule goes on from the rate set");
        assertThrows(IllegalArgumentException.class, () -> decaying.setLearningRate(Double.NaN));
    }

    @Test
    void theLearningRateCallbacksSetIsInTheCheckpoint() throws Exception {
        Sequential model = model();
        model.optimizer().setLearningRate(0.0001);
        Path file = dir.resolve("m.npz");
        model.save(file);
        Sequential other = model();
        other.load(file);
        assertEquals(0.0001, other.optimizer().currentLearningRate(), 1e-15);
    }

    // ------------------------------------------------------------------ BackupAndRestore

    @Test
    void backupAndRestoreResumesAnInterruptedFitBitwise() {
        Sequential straight = model();
        fit(straight, 4);

        Path backup = dir.resolve("backup");
        Sequential interrupted = model();
        RuntimeException crash = assertThrows(RuntimeException.class, () -> fit(interrupted, 4,
                new BackupAndRestore(backup), new LambdaCallback().onEpochEnd((epoch, logs) -> {
                    if (epoch == 1) {
                        throw new RuntimeException("power cut after epoch 2");
                    }
                })));
        assertEquals("power cut after epoch 2", crash.getMessage());
        assertTrue(Files.exists(backup.resolve("epoch-1.npz")));
        assertFalse(Files.exists(backup.resolve("epoch-0.npz")), "older backups are deleted");

        Sequential resumed = model();
        BackupAndRestore restore = new BackupAndRestore(backup);
        List<Integer> epochs = new ArrayList<>();
        fit(resumed, 4, restore, new LambdaCallback().onEpochBegin(epochs::add));
        assertEquals(2, restore.resumedAt());
        assertEquals(List.of(2, 3), epochs);
        for (int i = 0; i < straight.getWeights().size(); i++) {
            assertArrayEquals(straight.getWeights().get(i).toFloatArray(), resumed.getWeights().get(i).toFloatArray(),
                    "weight " + i + " as if never interrupted");
        }
        assertFalse(Files.exists(backup.resolve("epoch-3.npz")), "a finished run deletes its backup");
    }

    /** A file in the backup folder that no run wrote is named before any epoch, not a NumberFormatException. */
    @Test
    void aStrayBackupBeyondAnyEpochIsNamedBeforeTraining() throws Exception {
        Path backup = Files.createDirectories(dir.resolve("stray"));
        Path stray = Files.writeString(backup.resolve("epoch-99999999999.npz"), "not ours");
        Sequential model = model();
        List<Double> before = model.getWeights().stream().map(w -> (double) w.toFloatArray()[0]).toList();
        RuntimeException e = assertThrows(RuntimeException.class, () -> fit(model, 2, new BackupAndRestore(backup)));
        Throwable cause = e instanceof java.io.UncheckedIOException ? e.getCause() : e;
        assertTrue(cause.getMessage().startsWith(stray + ": a backup of epoch 99999999999, more epochs than a run "
                + "can have"), cause.getMessage());
        assertEquals(before, model.getWeights().stream().map(w -> (double) w.toFloatArray()[0]).toList());
        assertEquals(0, model.optimizer().iterations(), "no step was taken");
    }

    // ------------------------------------------------------------------ LambdaCallback

    @Test
    void lambdaCallbackCallsEachHookInOrder() {
        List<String> calls = new ArrayList<>();
        LambdaCallback hooks = new LambdaCallback()
                .onTrainBegin(() -> calls.add("train begin"))
                .onEpochBegin(epoch -> calls.add("epoch " + epoch))
                .onBatchEnd((batch, loss) -> calls.add("batch " + batch))
                .onEpochEnd((epoch, logs) -> calls.add("end " + epoch + " " + logs.keySet()))
                .onTrainEnd(() -> calls.add("train end"));
        FitLoop.run(new FitOptions().epochs(2).batchSize(5).verbosity(Verbosity.SILENT).callbacks(hooks), 1, 10,
                (order, from, to) -> 0.5, List.of(), null, new TrainingContext(() -> null, w -> { }), System.out);
        assertEquals(List.of("train begin", "epoch 0", "batch 0", "batch 1", "end 0 [loss]", "epoch 1", "batch 0",
                "batch 1", "end 1 [loss]", "train end"), calls);
    }
}
