package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * What the augmentation layers share: images {@code (height, width, channels)} in, the same shape out; while
 * training each sample is transformed by draws that are pure functions of the layer's key, the optimizer's step and
 * the sample's row ({@link Draws}), so generated code and the interpreter transform alike and a resumed run as the
 * uninterrupted one; at inference the values pass through. No weights. The forward and backward of each kind sit
 * side by side in its subclass and allocate nothing; shards run at once on disjoint rows.
 */
public abstract class ImageAugmentationLayer implements InterpretedLayer, SeededLayer, TrainingOnlyLayer {

    private final String name;
    protected final int height;
    protected final int width;
    protected final int channels;
    /** Values per sample. */
    protected final int size;
    private long key;

    protected ImageAugmentationLayer(String name, Shape image) {
        this.name = name;
        this.height = image.dim(0);
        this.width = image.dim(1);
        this.channels = image.dim(2);
        this.size = Math.toIntExact(image.size());
    }

    /** Draws this layer's key from the model's initialisation stream, in declaration order with the others. */
    public final void initialise(SplittableRandom random) {
        key = random.nextLong();
    }

    @Override
    public final long key() {
        return key;
    }

    @Override
    public final void setKey(long key) {
        this.key = key;
    }

    /** The key of step {@code step}'s draws. */
    protected final long stepKey(long step) {
        return Draws.stepKey(key, step);
    }

    /** Samples {@code [from, to)} transformed for training step {@code step}; {@code mask} is this layer's scratch. */
    public abstract void forwardTraining(float[] in, float[] mask, float[] out, int from, int to, long step);

    /** Samples {@code [from, to)} of the input's gradient, written, for the forward of the same step. */
    public abstract void backward(float[] outGradient, float[] mask, float[] inGradient, int from, int to, long step);

    /** Inference: samples {@code [from, to)} pass through. */
    public final void forwardInference(float[] in, float[] out, int from, int to) {
        System.arraycopy(in, from * size, out, from * size, (to - from) * size);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long[] outputShape() {
        return new long[] {height, width, channels};
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public final void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        if (training) {
            forwardTraining(memory.in(), memory.out.mask, memory.out.a, from, to, memory.iterations.getAsLong());
        } else {
            forwardInference(memory.in(), memory.out.a, from, to);
        }
    }

    @Override
    public final void backward(StepMemory memory, int shard, int from, int to) {
        backward(memory.out.gradient, memory.out.mask, memory.gradientTarget.gradient, from, to,
                memory.iterations.getAsLong());
    }
}
