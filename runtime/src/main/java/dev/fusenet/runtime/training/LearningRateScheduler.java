package dev.fusenet.runtime.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of each epoch from a function of the epoch (0-based) and the current rate,
 * as keras.callbacks.LearningRateScheduler: {@code new LearningRateScheduler((epoch, rate) -> epoch < 10 ? rate :
 * rate * Math.exp(-0.1))}. An optimizer with a per-step schedule goes on with it from the rate set.
 */
public final class LearningRateScheduler implements Callback {

    /** Keras's {@code schedule(epoch, lr)}. */
    @FunctionalInterface
    public interface Schedule {
        double rate(int epoch, double currentRate);
    }

    private final Schedule schedule;
    private final PrintStream out;

    public LearningRateScheduler(Schedule schedule) {
        this(schedule, null);
    }

    /** A schedule of the epoch alone: {@code epoch -> 0.001 * Math.pow(0.5, epoch)}. */
    public LearningRateScheduler(IntToDoubleFunction schedule) {
        this((epoch, rate) -> schedule.applyAsDouble(epoch), null);
    }

    /** @param out where to say each epoch's rate (Keras's {@code verbose=1}), or null */
    public LearningRateScheduler(Schedule schedule, PrintStream out) {
        this.schedule = schedule;
        this.out = out;
    }

    @Override
    public void onEpochBegin(int epoch, TrainingContext context) {
        double rate = schedule.rate(epoch, context.optimizer().currentLearningRate());
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave " + rate + " for epoch "
                    + epoch + "; a learning rate must be positive and finite");
        }
        context.optimizer().setLearningRate(rate);
        if (out != null) {
            out.printf(Locale.ROOT, "Epoch %d: LearningRateScheduler setting learning rate to %s.%n", epoch + 1, rate);
        }
    }
}
