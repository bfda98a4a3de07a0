package dev.fusenet.runtime.compiled;

/**
 * A layer kind that needs the whole batch's statistics in training (batch normalisation): its forward and
 * backward each stop at a barrier, where the caller combines the shards' parts in shard order, so the result is
 * the same bits on one core or two ({@code ModelPlan.trainingPhases}). The interpreter calls these in training in
 * place of {@link #forward} and {@link #backward}, which stay for inference; generated code calls the kind's
 * methods of the same names.
 */
public interface WholeBatchLayer extends InterpretedLayer {

    /** Shard {@code shard}'s part of the forward statistics, from samples {@code [from, to)}. */
    void forwardBeforeBarrier(StepMemory memory, int shard, int from, int to);

    /** On the caller, between the phases: the batch's statistics from the shards' parts of a batch of {@code rows}. */
    void meetForward(StepMemory memory, int rows);

    /** The forward of samples {@code [from, to)} with the batch's statistics. */
    void forwardAfterBarrier(StepMemory memory, int shard, int from, int to);

    /** Shard {@code shard}'s part of the backward sums, from samples {@code [from, to)}. */
    void backwardBeforeBarrier(StepMemory memory, int shard, int from, int to);

    /** On the caller: the batch's sums of the gradient (and the weight gradients) from the shards' parts. */
    void meetBackward(StepMemory memory, int rows);

    /** The input's gradient on samples {@code [from, to)}, where the plan sends one. */
    void backwardAfterBarrier(StepMemory memory, int shard, int from, int to);

    @Override
    default void backward(StepMemory memory, int shard, int from, int to) {
        throw new IllegalStateException(name() + " needs the whole batch: its backward runs in two halves around a "
                + "barrier");
    }
}
