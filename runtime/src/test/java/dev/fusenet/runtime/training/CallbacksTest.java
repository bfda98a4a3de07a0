package dev.fusenet.runtime.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {

    @TempDir
    Path dir;

    private final AtomicReference<Object> weights = new AtomicReference<>("w0");
    private final TrainingContext context = new TrainingContext(weights::get, weights::set);

    @Test
    void earlyStoppingWaitsForPatienceThenRestoresTheBest() {
        EarlyStopping stopping = new EarlyStopping("val_loss", 0.01, 2, true);
        stopping.onTrainBegin(context);
        double[] valLoss = {1.0, 0.8, 0.795, 0.9, 0.7};
        int epoch = 0;
        for (; epoch < valLoss.length && !context.stopRequested(); epoch++) {
            weights.set("w" + (epoch + 1));
            stopping.onEpochEnd(epoch, Map.of("val_loss", valLoss[epoch]), context);
        }
        // 0.795 is not better than 0.8 by more than 0.01; after two such epochs training stops at epoch 3.
        assertEquals(4, epoch);
        assertEquals(3, stopping.stoppedEpoch());
        assertEquals(1, stopping.bestEpoch());
        assertEquals("w2", weights.get());
    }

    @Test
    void accuracyIsMaximised() {
        EarlyStopping stopping = new EarlyStopping("val_accuracy", 0, 0, false);
        stopping.onTrainBegin(context);
        stopping.onEpochEnd(0, Map.of("val_accuracy", 0.9), context);
        stopping.onEpochEnd(1, Map.of("val_accuracy", 0.95), context);
        assertFalse(context.stopRequested());
        stopping.onEpochEnd(2, Map.of("val_accuracy", 0.94), context);
        assertTrue(context.stopRequested());
    }

    @Test
    void aMissingMonitorIsNamed() {
        EarlyStopping stopping = new EarlyStopping();
        stopping.onTrainBegin(context);
        var e = assertThrows(IllegalArgumentException.class,
                () -> stopping.onEpochEnd(0, Map.of("loss", 1.0), context));
        assertEquals("EarlyStopping: the logs have no \"val_loss\"; they have [loss] (give fit validation data or a "
                + "split)", e.getMessage());
    }

    @Test
    void csvLoggerWritesAHeaderAndARowPerEpoch() throws Exception {
        Path csv = dir.resolve("training.csv");
        CsvLogger logger = new CsvLogger(csv);
        logger.onTrainBegin(context);
        logger.onEpochEnd(0, Map.of("loss", 0.5, "accuracy", 0.75), context);
        assertEquals(List.of("epoch,accuracy,loss", "0,0.75,0.5"), Files.readAllLines(csv));
        logger.onEpochEnd(1, Map.of("loss", 0.25, "accuracy", 0.875), context);
        logger.onTrainEnd(context);

        CsvLogger appending = new CsvLogger(csv, ',', true);
        appending.onTrainBegin(context);
        appending.onEpochEnd(2, Map.of("loss", 0.125, "accuracy", 0.9375), context);
        appending.onTrainEnd(context);
        assertEquals(List.of("epoch,accuracy,loss", "0,0.75,0.5", "1,0.875,0.25", "2,0.9375,0.125"),
                Files.readAllLines(csv));
    }

    @Test
    void csvLoggerAppendingAfterACrashDropsTheRowTheCrashCutShort() throws Exception {
        Path csv = dir.resolve("crashed.csv");
        String n = System.lineSeparator();
        Files.writeString(csv, "epoch,loss" + n + "0,0.5" + n + "1,0.2");
        CsvLogger appending = new CsvLogger(csv, ',', true);
        appending.onTrainBegin(context);
        appending.onEpochEnd(1, Map.of("loss", 0.25), context);
        appending.onTrainEnd(context);
        assertEquals(List.of("epoch,loss", "0,0.5", "1,0.25"), Files.readAllLines(csv));
    }

    @Test
    void historyKeepsEverySeries() {
        History history = new History();
        history.record(0, Map.of("loss", 1.0));
        history.record(1, Map.of("loss", 0.5));
        assertEquals(List.of(1.0, 0.5), history.get("loss"));
        assertEquals(0.5, history.last("loss"));
        assertEquals(List.of(0, 1), history.epochs());
        assertEquals("history has no \"accuracy\"; it has [loss]",
                assertThrows(IllegalArgumentException.class, () -> history.get("accuracy")).getMessage());
    }
}
