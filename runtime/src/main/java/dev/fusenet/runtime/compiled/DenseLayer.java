package dev.fusenet.runtime.compiled;

import java.util.SplittableRandom;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.annotations.Activation;

/**
 * The weights of one dense layer of a compiled model: kernel (inputs × units, row-major) and bias. Its products
 * are {@link DenseKernels}.
 */
public final class DenseLayer extends WeightedLayer implements InterpretedLayer {

    private final int inputs;

    public DenseLayer(String name, int inputs, int units, boolean useBias, Activation activation) {
        super(name, new long[] {inputs, units}, useBias, activation);
        this.inputs = inputs;
    }

    @Override
    int fanIn() {
        return inputs;
    }

    @Override
    int fanOut() {
        return units();
    }

    public int inputs() {
        return inputs;
    }

    @Override
    public String type() {
        return "Dense";
    }

    @Override
    public long[] outputShape() {
        return new long[] {units()};
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        DenseKernels.forward(memory.input, this, memory.out, shard);
        activate(memory.out, from, to, training && memory.fusedWithLoss);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        LayerBuffers out = memory.out;
        if (!memory.fusedWithLoss) {
            ActivationKernels.backward(activation(), out.z, out.a, out.gradient, from, to, units());
        }
        boolean inputGradient = memory.step.passesGradient();
        DenseKernels.backward(inputGradient ? memory.gradientTarget : memory.input, this, out, shard, inputGradient);
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        DenseKernels.weightGradient(memory.input, this, memory.out, part);
    }

    /** The layer of a plan's dense step, its weights drawn from {@code random}. */
    static DenseLayer of(ModelPlan.Step step, SplittableRandom random) {
        DenseSpec dense = (DenseSpec) step.layer();
        DenseLayer made = new DenseLayer(dense.name(), Math.toIntExact(step.input().size()), dense.units(),
                dense.useBias(), dense.activation());
        made.initialise(dense.kernelInitializer(), dense.biasInitializer(), random);
        return made;
    }
}
