package dev.fusenet.runtime.compiled;

import dev.fusenet.model.MergeSpec.Operation;
import dev.fusenet.runtime.Layer;

/**
 * An element-wise merge of a compiled model ({@code Add}, {@code Subtract}, {@code Multiply}, {@code Average},
 * {@code Maximum}, {@code Minimum}), as Keras computes it: the inputs folded left to right ({@code ((a + b) + c)}),
 * the average as that sum divided by the count, and for the maximum and minimum the gradient to the input that
 * holds the extreme, the first of equal ones. Forward and backward work on values {@code [from, to)} of each
 * input, a shard's rows; the backward writes one input's gradient at a time, or adds it where another layer reading
 * that input wrote its own first.
 */
public final class MergeLayer implements InterpretedLayer {

    private final String name;
    private final Operation operation;
    private final dev.fusenet.model.Shape shape;
    private final int count;

    /** A merge of {@code count} inputs of one sample {@code shape} each. */
    public MergeLayer(String name, Operation operation, dev.fusenet.model.Shape shape, int count) {
        this.name = name;
        this.operation = operation;
        this.shape = shape;
        this.count = count;
    }

    /** {@code out[i]} = the inputs' values at {@code i} combined, for {@code i} in {@code [from, to)}. */
    public void forward(float[][] inputs, float[] out, int from, int to) {
        float[] first = inputs[0];
        switch (operation) {
            case ADD, AVERAGE -> {
                System.arraycopy(first, from, out, from, to - from);
                for (int k = 1; k < count; k++) {
                    float[] in = inputs[k];
                    for (int i = from; i < to; i++) {
                        out[i] += in[i];
                    }
                }
                if (operation == Operation.AVERAGE) {
                    float n = count;
                    for (int i = from; i < to; i++) {
                        out[i] /= n;
                    }
                }
            }
            case SUBTRACT -> {
                float[] second = inputs[1];
                for (int i = from; i < to; i++) {
                    out[i] = first[i] - second[i];
                }
            }
            case MULTIPLY -> {
                System.arraycopy(first, from, out, from, to - from);
                for (int k = 1; k < count; k++) {
                    float[] in = inputs[k];
                    for (int i = from; i < to; i++) {
                        out[i] *= in[i];
                    }
                }
            }
            case MAXIMUM, MINIMUM -> {
                boolean max = operation == Operation.MAXIMUM;
                System.arraycopy(first, from, out, from, to - from);
                for (int k = 1; k < count; k++) {
                    float[] in = inputs[k];
                    for (int i = from; i < to; i++) {
                        out[i] = max ? Math.max(out[i], in[i]) : Math.min(out[i], in[i]);
                    }
                }
            }
        }
    }

    /**
     * The gradient with respect to input {@code k} from {@code gradient}, the one with respect to the output, on
     * values {@code [from, to)}: written into {@code target}, or with {@code add} added to what is there.
     */
    public void gradientTo(int k, float[][] inputs, float[] gradient, float[] target, boolean add, int from, int to) {
        switch (operation) {
            case ADD -> pass(gradient, target, add, from, to, 1f);
            case SUBTRACT -> pass(gradient, target, add, from, to, k == 0 ? 1f : -1f);
            case AVERAGE -> {
                float n = count;
                for (int i = from; i < to; i++) {
                    float g = gradient[i] / n;
                    target[i] = add ? target[i] + g : g;
                }
            }
            case MULTIPLY -> {
                for (int i = from; i < to; i++) {
                    float others = 1f;
                    for (int j = 0; j < count; j++) {
                        if (j != k) {
                            others *= inputs[j][i];
                        }
                    }
                    float g = gradient[i] * others;
                    target[i] = add ? target[i] + g : g;
                }
            }
            case MAXIMUM, MINIMUM -> {
                boolean max = operation == Operation.MAXIMUM;
                for (int i = from; i < to; i++) {
                    int winner = 0;
                    float best = inputs[0][i];
                    for (int j = 1; j < count; j++) {
                        float value = inputs[j][i];
                        if (max ? value > best : value < best) {
                            best = value;
                            winner = j;
                        }
                    }
                    float g = winner == k ? gradient[i] : 0f;
                    target[i] = add ? target[i] + g : g;
                }
            }
        }
    }

    private static void pass(float[] gradient, float[] target, boolean add, int from, int to, float sign) {
        if (add) {
            for (int i = from; i < to; i++) {
                target[i] += sign * gradient[i];
            }
        } else if (sign == 1f) {
            System.arraycopy(gradient, from, target, from, to - from);
        } else {
            for (int i = from; i < to; i++) {
                target[i] = -gradient[i];
            }
        }
    }

    /** How the inputs combine. */
    public Operation operation() {
        return operation;
    }

    /** The values per sample of each input and of the output. */
    public int units() {
        return Math.toIntExact(shape.size());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return operation.kerasName();
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        int units = units();
        forward(memory.inputs, memory.out.a, from * units, to * units);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        int units = units();
        for (int k = 0; k < count; k++) {
            if (memory.inputGradients[k] != null) {
                gradientTo(k, memory.inputs, memory.out.gradient, memory.inputGradients[k],
                        memory.step.addsGradient().get(k), from * units, to * units);
            }
        }
    }

    /** The layer of a plan's merge step. */
    static MergeLayer of(dev.fusenet.model.ModelPlan.Step step, java.util.SplittableRandom random) {
        dev.fusenet.model.MergeSpec merge = (dev.fusenet.model.MergeSpec) step.layer();
        return new MergeLayer(merge.name(), merge.operation(), step.input(), step.inputs().size());
    }
}
