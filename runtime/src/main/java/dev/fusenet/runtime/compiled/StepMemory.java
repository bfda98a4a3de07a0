package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import java.util.function.LongSupplier;

/**
 * One step's view of a batch's working memory in the runtime DSL's interpreter: its outputs, what it reads and
 * where its gradients go, made once per batch size ({@code PlanNetwork.Buffers}). Both shards read it at once; only
 * {@link #bindBatch} writes it, before they run.
 */
public final class StepMemory {

    public final ModelPlan.Step step;
    /** Its outputs and gradients (null for a view). */
    public final LayerBuffers out;
    /** The first value it reads, as buffers (the model's input's, or null where no product reads the input). */
    public final LayerBuffers input;
    /** Each value it reads, as activations; the model's input's slot is bound per batch. */
    public final float[][] inputs;
    /** Each value's gradient, where the plan sends one ({@link ModelPlan.Step#gradientTo}), else null. */
    public final float[][] inputGradients;
    /** Where a one-input kind writes its input's gradient: the input's buffers, or its branch when another wrote first. */
    public final LayerBuffers gradientTarget;
    /** The kind's own working memory ({@link InterpretedLayer#workspace}), or null. */
    public final Object workspace;
    /** The layer that made the first value it reads (null for the model's input). */
    public final InterpretedLayer source;
    /** Whether the loss takes its pre-activations (the output layer of a fused cross-entropy), in training. */
    public final boolean fusedWithLoss;
    /** Whether it applies its source's deferred bias and ReLU ({@link ModelPlan#poolingTakesRelu}). */
    public final boolean takesSourceRelu;
    /** The optimizer's step count, which dropout's masks follow. */
    public final LongSupplier iterations;

    public StepMemory(ModelPlan.Step step, LayerBuffers out, LayerBuffers input, float[][] inputs,
                      float[][] inputGradients, LayerBuffers gradientTarget, Object workspace, InterpretedLayer source,
                      boolean fusedWithLoss, boolean takesSourceRelu, LongSupplier iterations) {
        this.step = step;
        this.out = out;
        this.input = input;
        this.inputs = inputs;
        this.inputGradients = inputGradients;
        this.gradientTarget = gradientTarget;
        this.workspace = workspace;
        this.source = source;
        this.fusedWithLoss = fusedWithLoss;
        this.takesSourceRelu = takesSourceRelu;
        this.iterations = iterations;
    }

    /** Points the slots that read the model's input at the batch {@code x}. */
    public void bindBatch(float[] x) {
        for (int k = 0; k < inputs.length; k++) {
            if (step.sources().get(k) == ModelPlan.INPUT) {
                inputs[k] = x;
            }
        }
    }

    /** The first value it reads, as activations. */
    public float[] in() {
        return inputs[0];
    }
}
