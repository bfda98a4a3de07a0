package dev.fusenet.runtime.training;

import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.metrics.Mean;
import dev.fusenet.runtime.metrics.StreamingMetric;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The epoch and batch loop of {@code fit}, shared by generated models and the runtime DSL: shuffling, batches,
 * the running loss and metrics, validation after each epoch, the progress display, the history and the
 * callbacks. The model supplies how to train on one batch and how to validate.
 */
public final class FitLoop {

    /** Trains on the rows {@code order[from..to)} and returns the batch's mean loss; it updates the metrics. */
    @FunctionalInterface
    public interface BatchStep {
        double train(int[] order, int from, int to);
    }

    /** Evaluates on the validation data, returning {@code val_loss} and {@code val_<metric>}. */
    @FunctionalInterface
    public interface Validation {
        Map<String, Double> evaluate();
    }

    private FitLoop() {
    }

    /**
     * Runs {@code options.epochs()} epochs over {@code rows} samples.
     *
     * @param seed the shuffle seed when the options give none
     * @param metrics the training metrics the step updates; reset at each epoch's start
     * @param validation how to validate after each epoch, or {@code null}
     */
    public static History run(FitOptions options, long seed, int rows, BatchStep step,
                              List<? extends StreamingMetric> metrics, Validation validation,
                              TrainingContext context, PrintStream out) {
        Batching batching = new Batching(rows, options.batchSize());
        ProgressDisplay progress = new ProgressDisplay(out, options.verbosity(), options.epochs());
        List<Callback> callbacks = options.callbacks();
        long shuffleSeed = options.seed().orElse(seed);
        Mean loss = new Mean("loss");
        History history = new History();
        callbacks.forEach(callback -> callback.onTrainBegin(context));
        for (int epoch = context.initialEpoch(); epoch < options.epochs() && !context.stopRequested(); epoch++) {
            int currentEpoch = epoch;
            callbacks.forEach(callback -> callback.onEpochBegin(currentEpoch, context));
            loss.reset();
            metrics.forEach(StreamingMetric::reset);
            int[] order = batching.order(shuffleSeed, epoch, options.shuffle());
            progress.epochBegin(epoch, batching.batchCount());
            boolean warned = false;
            for (int batch = 0; batch < batching.batchCount() && !context.stopRequested(); batch++) {
                int from = batching.start(batch);
                int to = batching.end(batch);
                double batchLoss = step.train(order, from, to);
                loss.update(batchLoss, to - from);
                progress.step(batch + 1, logs(loss, metrics));
                if (!Double.isFinite(batchLoss) && !warned && progress.verbosity() != Verbosity.SILENT) {
                    warned = true;
                    if (progress.verbosity() == Verbosity.PROGRESS_BAR) {
                        out.println();
                    }
                    out.println(lossNotFinite(batchLoss, epoch, batch));
                }
                int currentBatch = batch;
                callbacks.forEach(callback -> callback.onBatchEnd(currentBatch, batchLoss, context));
            }
            Map<String, Double> logs = logs(loss, metrics);
            if (validation != null) {
                logs.putAll(new TreeMap<>(validation.evaluate()));
            }
            progress.epochEnd(logs);
            history.record(epoch, logs);
            Map<String, Double> view = Map.copyOf(logs);
            callbacks.forEach(callback -> callback.onEpochEnd(currentEpoch, view, context));
        }
        callbacks.forEach(callback -> callback.onTrainEnd(context));
        return history;
    }

    /** The line the progress output gets when the loss first turns NaN or infinite in an epoch. */
    static String lossNotFinite(double loss, int epoch, int batch) {
        return "fusenet: the loss is " + (Double.isNaN(loss) ? "NaN" : loss > 0 ? "+Infinity" : "-Infinity")
                + " at epoch " + (epoch + 1) + ", batch " + (batch + 1) + "; the weights are no longer usable. Lower "
                + "the learning rate, check the data for NaN or huge values, or add TerminateOnNaN to stop here";
    }

    /** The training logs, sorted by name as Keras shows them: {@code accuracy, loss}. */
    private static Map<String, Double> logs(Mean loss, List<? extends StreamingMetric> metrics) {
        TreeMap<String, Double> sorted = new TreeMap<>();
        sorted.put(loss.name(), loss.result());
        for (StreamingMetric metric : metrics) {
            sorted.put(metric.name(), metric.result());
        }
        return new LinkedHashMap<>(sorted);
    }
}
