package dev.fusenet.runtime.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras's training progress, for {@code fit}:
 * <pre>
 * Epoch 1/5
 * 469/469 ━━━━━━━━━━━━━━━━━━━━ 3s 6ms/step - accuracy: 0.9245 - loss: 0.2615
 * </pre>
 * With {@link Verbosity#PROGRESS_BAR} the line is redrawn in place as batches finish (showing the time left),
 * at most every 50 ms; with {@link Verbosity#ONE_LINE_PER_EPOCH} one plain line is printed per epoch
 * ({@code 469/469 - 3s - 6ms/step - accuracy: 0.9245 - loss: 0.2615}), which suits logs; silent prints nothing.
 */
public final class ProgressDisplay {

    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_INTERVAL_NANOS = 50_000_000L;

    private final PrintStream out;
    private final Verbosity verbosity;
    private final int epochs;
    private final LongSupplier clock;
    private int steps;
    /** The batches done so far in this epoch: the count an epoch of unknown length ends with. */
    private int stepsDone;
    private long epochStart;
    private long lastDraw;
    private int lastLength;

    public ProgressDisplay(PrintStream out, Verbosity verbosity, int epochs) {
        this(out, verbosity, epochs, System::nanoTime);
    }

    /** With a clock of nanoseconds, for tests. */
    public ProgressDisplay(PrintStream out, Verbosity verbosity, int epochs, LongSupplier clock) {
        this.out = out;
        this.verbosity = verbosity.resolve();
        this.epochs = epochs;
        this.clock = clock;
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    /**
     * Prints {@code Epoch n/N} (1-based, as Keras shows it) and starts the epoch's clock; {@code steps} is the
     * epoch's batch count, or -1 when it is not known before the epoch ends (a streamed dataset's first epoch), which
     * the bar shows as Keras does: {@code 37/Unknown}.
     */
    public void epochBegin(int epoch, int steps) {
        this.steps = steps;
        this.stepsDone = 0;
        this.epochStart = clock.getAsLong();
        this.lastDraw = Long.MIN_VALUE;
        this.lastLength = 0;
        if (verbosity != Verbosity.SILENT) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    /** After batch {@code step} (1-based) with the running logs: redraws the bar when it is due. */
    public void step(int step, Map<String, Double> logs) {
        stepsDone = step;
        if (verbosity != Verbosity.PROGRESS_BAR || step == steps) {
            return;
        }
        long now = clock.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        double perStep = seconds(now - epochStart) / step;
        draw(barLine(step, steps < 0 ? formatDuration(seconds(now - epochStart)) : formatDuration(perStep * (steps
                - step)), perStep, logs));
    }

    /** Ends the epoch's line with its final logs (training and validation). */
    public void epochEnd(Map<String, Double> logs) {
        if (steps < 0) {
            steps = stepsDone;
        }
        double elapsed = seconds(clock.getAsLong() - epochStart);
        double perStep = elapsed / Math.max(1, steps);
        switch (verbosity) {
            case PROGRESS_BAR -> {
                draw(barLine(steps, formatDuration(elapsed), perStep, logs));
                out.println();
            }
            case ONE_LINE_PER_EPOCH -> out.println(steps + "/" + steps + " - " + formatDuration(elapsed) + " - "
                    + formatPerStep(perStep) + formatLogs(logs));
            default -> {
            }
        }
        out.flush();
    }

    private String barLine(int step, String time, double perStep, Map<String, Double> logs) {
        if (steps < 0) {
            return String.format("%7d", step) + "/Unknown " + time + " " + formatPerStep(perStep) + formatLogs(logs);
        }
        String total = Integer.toString(steps);
        String done = String.format("%" + total.length() + "d", step);
        int filled = steps == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * step / steps);
        String bar = "━".repeat(filled) + "─".repeat(BAR_WIDTH - filled);
        return done + "/" + total + " " + bar + " " + time + " " + formatPerStep(perStep) + formatLogs(logs);
    }

    private void draw(String line) {
        // Pad over the previous, longer line so that no characters of it are left behind.
        String padding = " ".repeat(Math.max(0, lastLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        lastLength = line.length();
    }

    /** {@code " - accuracy: 0.9245 - loss: 0.2615"}: 4 decimals, or scientific for values within 1e-3 of 0. */
    static String formatLogs(Map<String, Double> logs) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            double value = entry.getValue();
            String formatted = Math.abs(value) > 1e-3 ? String.format(Locale.ROOT, "%.4f", value)
                    : String.format(Locale.ROOT, "%.4e", value);
            text.append(" - ").append(entry.getKey()).append(": ").append(formatted);
        }
        return text.toString();
    }

    /** {@code 3s}, {@code 1:05} or {@code 1:02:03}, as Keras shows durations. */
    static String formatDuration(double seconds) {
        long whole = Math.round(seconds);
        if (whole >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60);
        }
        if (whole >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
        }
        return whole + "s";
    }

    /** {@code 6ms/step}, {@code 2s/step} or {@code 850us/step}. */
    static String formatPerStep(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
