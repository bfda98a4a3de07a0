package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Tensor;

/**
 * What the two pooling layers share: a window over each channel of a channels-last input, and no weights. The
 * kernels are in {@link MaxPooling2DLayer} and {@link AveragePooling2DLayer}, forward beside backward.
 */
public abstract sealed class Pooling2DLayer implements Layer permits MaxPooling2DLayer, AveragePooling2DLayer {

    private final String name;
    final Window.Placement at;
    final int channels;

    Pooling2DLayer(String name, Shape input, Window window) {
        this.name = name;
        this.at = window.over(input.dim(0), input.dim(1));
        this.channels = input.dim(2);
    }

    /** Values in one input sample. */
    final int inputSize() {
        return at.inputHeight() * at.inputWidth() * channels;
    }

    /** Values in one output sample. */
    final int outputSize() {
        return at.outputHeight() * at.outputWidth() * channels;
    }

    /** The first input row of window {@code oy}, clipped to the input. */
    final int top(int oy) {
        return Math.max(oy * at.strideHeight() - at.padTop(), 0);
    }

    /** One past the last input row of window {@code oy}, clipped to the input. */
    final int bottom(int oy) {
        return Math.min(oy * at.strideHeight() - at.padTop() + at.height(), at.inputHeight());
    }

    final int left(int ox) {
        return Math.max(ox * at.strideWidth() - at.padLeft(), 0);
    }

    final int right(int ox) {
        return Math.min(ox * at.strideWidth() - at.padLeft() + at.width(), at.inputWidth());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape() {
        return new long[] {at.outputHeight(), at.outputWidth(), channels};
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public Tensor kernel() {
        throw new IllegalStateException("layer " + name + " is a pooling layer and has no kernel");
    }

    @Override
    public Tensor bias() {
        throw new IllegalStateException("layer " + name + " is a pooling layer and has no bias");
    }
}
