package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;

/** A flatten layer of a compiled model: a view, with no work of its own; the next layer reads the same memory. */
public final class FlattenLayer implements InterpretedLayer {

    private final String name;
    private final int size;

    public FlattenLayer(String name, int size) {
        this.name = name;
        this.size = size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    public long[] outputShape() {
        return new long[] {size};
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it: a view

    @Override
    public LayerBuffers outputBuffers(dev.fusenet.model.ModelPlan.Step step, int rows) {
        return null;
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        // its readers read the memory of the layer it reads
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        // its readers write the gradient of the layer it reads
    }

    /** The layer of a plan's flatten step. */
    static FlattenLayer of(dev.fusenet.model.ModelPlan.Step step, java.util.SplittableRandom random) {
        return new FlattenLayer(step.layer().name(), Math.toIntExact(step.output().size()));
    }
}
