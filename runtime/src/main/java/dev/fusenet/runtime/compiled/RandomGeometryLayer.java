package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.Shape;

/**
 * A geometric augmentation: each sample resampled through an affine map of its own ({@link AffineResampling}),
 * which the kind draws in {@link #resample}; forward and backward run that one method, in either direction, so they
 * follow the same map.
 */
public abstract class RandomGeometryLayer extends ImageAugmentationLayer {

    private final AffineResampling resampling;

    protected RandomGeometryLayer(String name, Shape image, FillMode fillMode, Interpolation interpolation,
                                  double fillValue) {
        super(name, image);
        this.resampling = new AffineResampling(height, width, channels, fillMode, interpolation, fillValue);
    }

    /** Which way {@link #resample} runs the kernel. */
    protected enum Direction { FORWARD, BACKWARD }

    /**
     * Sample {@code row}'s map for the step whose draws {@code stepKey} keys, run {@code direction}: passed to
     * {@link #apply} as {@code (a0, a1, a2, b0, b1, b2)}, the input point
     * {@code (a0·x + a1·y + a2, b0·x + b1·y + b2)} that output column {@code x}, row {@code y} reads.
     */
    protected abstract void resample(Direction direction, float[] source, float[] target, int row, long stepKey);

    /** Runs the kernel for one sample with its map. */
    protected final void apply(Direction direction, float[] source, float[] target, int row, double a0, double a1,
                               double a2, double b0, double b1, double b2) {
        if (direction == Direction.FORWARD) {
            resampling.forward(source, target, row, a0, a1, a2, b0, b1, b2);
        } else {
            resampling.backward(source, target, row, a0, a1, a2, b0, b1, b2);
        }
    }

    @Override
    public final void forwardTraining(float[] in, float[] mask, float[] out, int from, int to, long step) {
        long stepKey = stepKey(step);
        for (int row = from; row < to; row++) {
            resample(Direction.FORWARD, in, out, row, stepKey);
        }
    }

    @Override
    public final void backward(float[] outGradient, float[] mask, float[] inGradient, int from, int to, long step) {
        long stepKey = stepKey(step);
        for (int row = from; row < to; row++) {
            resample(Direction.BACKWARD, outGradient, inGradient, row, stepKey);
        }
    }
}
