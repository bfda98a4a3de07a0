package dev.fusenet.runtime.training;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * A callback from lambdas, as keras.callbacks.LambdaCallback: set the hooks you need, the others do nothing.
 *
 * <pre>{@code
 * new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")))
 * }</pre>
 */
public final class LambdaCallback implements Callback {

    /** A batch hook: the batch (0-based within its epoch) and its mean loss. */
    @FunctionalInterface
    public interface BatchHook {
        void accept(int batch, double loss);
    }

    private Runnable trainBegin = () -> { };
    private IntConsumer epochBegin = epoch -> { };
    private BiConsumer<Integer, Map<String, Double>> epochEnd = (epoch, logs) -> { };
    private BatchHook batchEnd = (batch, loss) -> { };
    private Runnable trainEnd = () -> { };

    public LambdaCallback onTrainBegin(Runnable hook) {
        this.trainBegin = hook;
        return this;
    }

    public LambdaCallback onEpochBegin(IntConsumer hook) {
        this.epochBegin = hook;
        return this;
    }

    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> hook) {
        this.epochEnd = hook;
        return this;
    }

    public LambdaCallback onBatchEnd(BatchHook hook) {
        this.batchEnd = hook;
        return this;
    }

    public LambdaCallback onTrainEnd(Runnable hook) {
        this.trainEnd = hook;
        return this;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        trainBegin.run();
    }

    @Override
    public void onEpochBegin(int epoch, TrainingContext context) {
        epochBegin.accept(epoch);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        epochEnd.accept(epoch, logs);
    }

    @Override
    public void onBatchEnd(int batch, double loss, TrainingContext context) {
        batchEnd.accept(batch, loss);
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        trainEnd.run();
    }
}
