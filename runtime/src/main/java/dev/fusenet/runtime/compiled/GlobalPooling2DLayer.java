package dev.fusenet.runtime.compiled;

import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * Global average or max pooling of a compiled model: each channel of a (height, width, channels) map, channels
 * last, reduced over the positions. The average's gradient spreads evenly over the positions; the maximum's goes
 * to the first position holding it, as the windowed max pooling's does.
 */
public final class GlobalPooling2DLayer implements InterpretedLayer {

    private final String name;
    private final GlobalPooling2DSpec.Kind kind;
    private final int positions;
    private final int channels;
    private final long[] outputShape;

    public GlobalPooling2DLayer(String name, GlobalPooling2DSpec.Kind kind, Shape input, boolean keepdims) {
        this.name = name;
        this.kind = kind;
        this.positions = input.dim(0) * input.dim(1);
        this.channels = input.dim(2);
        this.outputShape = keepdims ? new long[] {1, 1, channels} : new long[] {channels};
    }

    /** Samples {@code [from, to)}: each channel's mean or maximum over the positions. */
    public void forward(float[] in, float[] out, int from, int to) {
        for (int s = from; s < to; s++) {
            int base = s * positions * channels;
            int row = s * channels;
            System.arraycopy(in, base, out, row, channels);
            for (int p = 1; p < positions; p++) {
                int at = base + p * channels;
                if (kind == GlobalPooling2DSpec.Kind.MAX) {
                    for (int c = 0; c < channels; c++) {
                        out[row + c] = Math.max(out[row + c], in[at + c]);
                    }
                } else {
                    for (int c = 0; c < channels; c++) {
                        out[row + c] += in[at + c];
                    }
                }
            }
            if (kind == GlobalPooling2DSpec.Kind.AVERAGE) {
                for (int c = 0; c < channels; c++) {
                    out[row + c] /= positions;
                }
            }
        }
    }

    /**
     * Samples {@code [from, to)}: the input's gradient, written. The average's is the output's divided by the
     * positions; the maximum's is the output's at the first position equal to the output, 0 elsewhere.
     */
    public void backward(float[] in, float[] out, float[] gradient, float[] inGradient, int from, int to) {
        for (int s = from; s < to; s++) {
            int base = s * positions * channels;
            int row = s * channels;
            if (kind == GlobalPooling2DSpec.Kind.AVERAGE) {
                for (int p = 0; p < positions; p++) {
                    int at = base + p * channels;
                    for (int c = 0; c < channels; c++) {
                        inGradient[at + c] = gradient[row + c] / positions;
                    }
                }
                continue;
            }
            java.util.Arrays.fill(inGradient, base, base + positions * channels, 0f);
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < positions; p++) {
                    if (in[base + p * channels + c] == out[row + c]) {
                        inGradient[base + p * channels + c] = gradient[row + c];
                        break;
                    }
                }
            }
        }
    }

    public GlobalPooling2DSpec.Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return kind.kerasName();
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.in(), memory.out.a, from, to);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        backward(memory.in(), memory.out.a, memory.out.gradient, memory.gradientTarget.gradient, from, to);
    }

    /** The layer of a plan's global pooling step. */
    static GlobalPooling2DLayer of(ModelPlan.Step step, SplittableRandom random) {
        GlobalPooling2DSpec spec = (GlobalPooling2DSpec) step.layer();
        return new GlobalPooling2DLayer(spec.name(), spec.type(), step.input(), spec.keepdims());
    }
}
