package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.runtime.Layer;
import java.util.List;

/**
 * A concatenation of a compiled model: each sample's inputs joined along one axis. In row-major memory a sample is
 * {@code outer} blocks (the sizes before the axis multiplied), and the output's block {@code o} is the inputs' blocks
 * {@code o} one after another; so the forward copies blocks, and each input's gradient is its blocks of the output's.
 */
public final class ConcatenateLayer implements InterpretedLayer {

    private final String name;
    private final long[] outputShape;
    /** How many blocks a sample holds: the sizes before the joined axis, multiplied. */
    private final int outer;
    /** Each input's block length: its size along the axis times the sizes after it. */
    private final int[] blocks;
    /** Where each input's block starts within the output's block. */
    private final int[] offsets;
    private final int outputBlock;
    private final int sampleAxis;

    /** The concatenation of inputs of {@code shapes} along {@code sampleAxis} (0 = a sample's first axis). */
    public ConcatenateLayer(String name, List<Shape> shapes, int sampleAxis) {
        this.name = name;
        this.sampleAxis = sampleAxis;
        Shape first = shapes.get(0);
        int outerSize = 1;
        for (int d = 0; d < sampleAxis; d++) {
            outerSize *= first.dim(d);
        }
        this.outer = outerSize;
        this.blocks = new int[shapes.size()];
        this.offsets = new int[shapes.size()];
        int offset = 0;
        for (int k = 0; k < shapes.size(); k++) {
            blocks[k] = Math.toIntExact(shapes.get(k).size() / outerSize);
            offsets[k] = offset;
            offset += blocks[k];
        }
        this.outputBlock = offset;
        this.outputShape = new long[first.rank()];
        for (int d = 0; d < first.rank(); d++) {
            outputShape[d] = first.dim(d);
        }
        outputShape[sampleAxis] = shapes.stream().mapToLong(shape -> shape.dim(sampleAxis)).sum();
    }

    /** {@code out} = samples {@code [fromSample, toSample)} of the inputs, joined. */
    public void forward(float[][] inputs, float[] out, int fromSample, int toSample) {
        for (int k = 0; k < blocks.length; k++) {
            int block = blocks[k];
            float[] in = inputs[k];
            for (int b = fromSample * outer; b < toSample * outer; b++) {
                System.arraycopy(in, b * block, out, b * outputBlock + offsets[k], block);
            }
        }
    }

    /**
     * Input {@code k}'s gradient on samples {@code [fromSample, toSample)}: its blocks of {@code gradient}, written
     * into {@code target}, or with {@code add} added to what is there.
     */
    public void gradientTo(int k, float[] gradient, float[] target, boolean add, int fromSample, int toSample) {
        int block = blocks[k];
        for (int b = fromSample * outer; b < toSample * outer; b++) {
            int source = b * outputBlock + offsets[k];
            int into = b * block;
            if (add) {
                for (int i = 0; i < block; i++) {
                    target[into + i] += gradient[source + i];
                }
            } else {
                System.arraycopy(gradient, source, target, into, block);
            }
        }
    }

    /** The axis joined, within one sample's shape (0 = its first axis, the batch not counted). */
    public int sampleAxis() {
        return sampleAxis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Concatenate";
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.inputs, memory.out.a, from, to);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        for (int k = 0; k < blocks.length; k++) {
            if (memory.inputGradients[k] != null) {
                gradientTo(k, memory.out.gradient, memory.inputGradients[k], memory.step.addsGradient().get(k), from,
                        to);
            }
        }
    }

    /** The layer of a plan's concatenation step. */
    static ConcatenateLayer of(dev.fusenet.model.ModelPlan.Step step, java.util.SplittableRandom random) {
        dev.fusenet.model.ConcatenateSpec concatenate = (dev.fusenet.model.ConcatenateSpec) step.layer();
        return new ConcatenateLayer(concatenate.name(), step.inputs(), concatenate.sampleAxis(step.input().rank()));
    }
}
