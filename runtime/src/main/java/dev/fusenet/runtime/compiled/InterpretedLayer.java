package dev.fusenet.runtime.compiled;

import java.util.List;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.optimizers.GradientOptimizer;

/**
 * A layer kind's runtime side as the runtime DSL's interpreter ({@code PlanNetwork}) runs it: the same kernels, in
 * the same order, as the statements the kind's code writer puts in a generated class, so both front ends train to
 * the same bits. Each kind implements it beside its kernels; the interpreter names no kind.
 *
 * <p>Forward and backward work on one shard's rows ({@link Shards}) and are called from both shards' threads at
 * once on the same {@link StepMemory}: they write only their shard's rows.
 */
public interface InterpretedLayer extends Layer {

    /** Its output's buffers for batches of {@code rows}. */
    default LayerBuffers outputBuffers(ModelPlan.Step step, int rows) {
        return new LayerBuffers(rows, Math.toIntExact(step.output().size()));
    }

    /** Its own working memory for batches of {@code rows} (a convolution's patches), or null. */
    default Object workspace(ModelPlan.Step step, int rows) {
        return null;
    }

    /** The forward pass on samples {@code [from, to)}, shard {@code shard}'s; {@code training} for dropout's sake. */
    void forward(StepMemory memory, int shard, int from, int to, boolean training);

    /**
     * The backward pass on samples {@code [from, to)}, from the gradient with respect to its outputs: the one with
     * respect to its pre-activations and, where the plan asks, its inputs' ({@link StepMemory#gradientTarget} for a
     * one-input kind, which the interpreter then adds where it is a branch; in place for a merge).
     */
    void backward(StepMemory memory, int shard, int from, int to);

    /** Part {@code part} of its weight gradients over the whole batch; nothing for a kind without weights. */
    default void weightGradient(StepMemory memory, int part) {
    }

    /**
     * The optimizer's update of part {@code part} of each trainable weight ({@link Weight}'s parts), inside the
     * optimizer's step, from the gradients {@link #weightGradient} left; a kind that keeps a copy of a weight
     * elsewhere refreshes that part of it too.
     */
    default void update(GradientOptimizer optimizer, int part) {
        // indexed: a for-each's iterator would be the training step's only allocation
        List<Weight> weights = weights();
        for (int w = 0; w < weights.size(); w++) {
            weights.get(w).update(optimizer, part);
        }
    }
}
