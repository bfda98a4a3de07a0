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
     * The training data of a run, epoch by epoch: in-memory rows in shuffled batches, or a streamed dataset's
     * elements.
     */
    public interface TrainingData {

        /** The batches of an epoch, or -1 when they are not known before one has been read. */
        int batchCount();

        /** Epoch {@code epoch}'s pass over the batches. */
        Pass open(int epoch);
    }

    /** One epoch's batches, trained on one by one. */
    public interface Pass extends AutoCloseable {

        /** Trains on the next batch (updating the metrics) and returns its sample count, or 0 at the epoch's end. */
        int trainNext();

        /** The mean loss of the batch {@link #trainNext} trained on last. */
        double loss();

        /** Releases the pass's threads and files, also when training stops early or fails. */
        @Override
        void close();
    }

    /**
     * Runs {@code options.epochs()} epochs over {@code rows} in-memory samples in batches of
     * {@code options.batchSize()}, shuffled per epoch unless the options say otherwise.
     *
     * @param seed the shuffle seed when the options give none
     * @param metrics the training metrics the step updates; reset at each epoch's start
     * @param validation how to validate after each epoch, or {@code null}
     */
    public static History run(FitOptions options, long seed, int rows, BatchStep step,
                              List<? extends StreamingMetric> metrics, Validation validation,
                              TrainingContext context, PrintStream out) {
        return run(options, inMemory(options, seed, rows, step), metrics, validation, context, out);
    }

    /** The batches of {@code rows} samples, as {@link #run(FitOptions, long, int, BatchStep, List, Validation,
     * TrainingContext, PrintStream)} makes them. */
    private static TrainingData inMemory(FitOptions options, long seed, int rows, BatchStep step) {
        Batching batching = new Batching(rows, options.batchSize());
        long shuffleSeed = options.seed().orElse(seed);
        return new TrainingData() {
            @Override
            public int batchCount() {
                return batching.batchCount();
            }

            @Override
            public Pass open(int epoch) {
                int[] order = batching.order(shuffleSeed, epoch, options.shuffle());
                return new Pass() {
                    private int batch;
                    private double loss;

                    @Override
                    public int trainNext() {
                        if (batch >= batching.batchCount()) {
                            return 0;
                        }
                        int from = batching.start(batch);
                        int to = batching.end(batch);
                        batch++;
                        loss = step.train(order, from, to);
                        return to - from;
                    }

                    @Override
                    public double loss() {
                        return loss;
                    }

                    @Override
                    public void close() {
                        batch = batching.batchCount();
                    }
                };
            }
        };
    }

    /**
     * Runs {@code options.epochs()} epochs over {@code data}: the loop of every {@code fit}.
     *
     * @param metrics the training metrics the step updates; reset at each epoch's start
     * @param validation how to validate after each epoch, or {@code null}
     */
    public static History run(FitOptions options, TrainingData data, List<? extends StreamingMetric> metrics,
                              Validation validation, TrainingContext context, PrintStream out) {
        ProgressDisplay progress = new ProgressDisplay(out, options.verbosity(), options.epochs());
        List<Callback> callbacks = options.callbacks();
        Mean loss = new Mean("loss");
        History history = new History();
        int batchCount = data.batchCount();
        callbacks.forEach(callback -> callback.onTrainBegin(context));
        for (int epoch = context.initialEpoch(); epoch < options.epochs() && !context.stopRequested(); epoch++) {
            int currentEpoch = epoch;
            callbacks.forEach(callback -> callback.onEpochBegin(currentEpoch, context));
            loss.reset();
            metrics.forEach(StreamingMetric::reset);
            progress.epochBegin(epoch, batchCount);
            boolean warned = false;
            int batch = 0;
            try (Pass pass = data.open(epoch)) {
                while (!context.stopRequested()) {
                    int rows = pass.trainNext();
                    if (rows == 0) {
                        break;
                    }
                    double batchLoss = pass.loss();
                    loss.update(batchLoss, rows);
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
                    batch++;
                }
            }
            if (batch == 0 && !context.stopRequested()) {
                throw new IllegalArgumentException("fit: epoch " + (epoch + 1) + " has no batches; the training "
                        + "data is empty (a take(0), or a skip past its end?)");
            }
            if (batchCount < 0 && !context.stopRequested()) {
                batchCount = batch; // Keras too knows the count after the first epoch of a dataset of unknown size
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
