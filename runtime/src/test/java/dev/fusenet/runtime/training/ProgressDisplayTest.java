package dev.fusenet.runtime.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Double> logs(double accuracy, double loss) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("accuracy", accuracy);
        logs.put("loss", loss);
        return logs;
    }

    @Test
    void oneLinePerEpochForLogs() {
        ProgressDisplay display = new ProgressDisplay(out, Verbosity.ONE_LINE_PER_EPOCH, 5, () -> now);
        display.epochBegin(0, 469);
        for (int step = 1; step <= 469; step++) {
            now += 6_000_000L;
            display.step(step, logs(0.9, 0.3));
        }
        display.epochEnd(logs(0.92451, 0.26153));
        assertEquals("Epoch 1/5\n469/469 - 3s - 6ms/step - accuracy: 0.9245 - loss: 0.2615\n",
                printed().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aProgressBarRedrawnInPlace() {
        ProgressDisplay display = new ProgressDisplay(out, Verbosity.PROGRESS_BAR, 2, () -> now);
        display.epochBegin(1, 10);
        now += 100_000_000L;
        display.step(1, logs(0.5, 1.0));
        now += 10_000_000L;
        display.step(2, logs(0.55, 0.9));
        now += 100_000_000L;
        display.step(5, logs(0.6, 0.8));
        now += 300_000_000L;
        display.epochEnd(logs(0.7, 0.5));
        String text = printed().replace(System.lineSeparator(), "\n");
        assertTrue(text.startsWith("Epoch 2/2\n\r 1/10 ━━────────────────── 1s 100ms/step - accuracy: 0.5000 - "
                + "loss: 1.0000"), text);
        // Step 2 came 10 ms after step 1: not redrawn.
        assertTrue(!text.contains(" 2/10"), text);
        assertTrue(text.contains("\r 5/10 ━━━━━━━━━━────────── 0s 42ms/step - accuracy: 0.6000 - loss: 0.8000"), text);
        assertTrue(text.endsWith("\r10/10 ━━━━━━━━━━━━━━━━━━━━ 1s 51ms/step - accuracy: 0.7000 - loss: 0.5000\n"),
                text);
    }

    @Test
    void anEpochOfUnknownLengthCountsUpAsKerasShowsIt() {
        ProgressDisplay display = new ProgressDisplay(out, Verbosity.PROGRESS_BAR, 1, () -> now);
        display.epochBegin(0, -1);
        now += 200_000_000L;
        display.step(4, logs(0.5, 1.0));
        now += 200_000_000L;
        display.step(8, logs(0.5, 1.0));
        display.epochEnd(logs(0.6, 0.9));
        String text = printed().replace(System.lineSeparator(), "\n");
        assertTrue(text.contains("\r      4/Unknown 0s 50ms/step - accuracy: 0.5000 - loss: 1.0000"), text);
        assertTrue(text.endsWith("\r8/8 ━━━━━━━━━━━━━━━━━━━━ 0s 50ms/step - accuracy: 0.6000 - loss: 0.9000\n"), text);
    }

    @Test
    void silentPrintsNothing() {
        ProgressDisplay display = new ProgressDisplay(out, Verbosity.SILENT, 1, () -> now);
        display.epochBegin(0, 3);
        display.step(1, logs(1, 1));
        display.epochEnd(logs(1, 1));
        assertEquals("", printed());
    }

    @Test
    void formatsAsKerasDoes() {
        assertEquals(" - loss: 1.0000e-04", ProgressDisplay.formatLogs(Map.of("loss", 1e-4)));
        assertEquals("1:05", ProgressDisplay.formatDuration(65));
        assertEquals("1:02:03", ProgressDisplay.formatDuration(3723));
        assertEquals("850us/step", ProgressDisplay.formatPerStep(850e-6));
        assertEquals("2s/step", ProgressDisplay.formatPerStep(2.2));
    }
}
