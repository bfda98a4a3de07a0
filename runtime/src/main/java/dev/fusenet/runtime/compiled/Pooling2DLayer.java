package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.Layer;

/**
 * What the two pooling layers share: a window over each channel of a channels-last input, and no weights. The
 * kernels are in {@link MaxPooling2DLayer} and {@link AveragePooling2DLayer}, forward beside backward.
 */
public abstract sealed class Pooling2DLayer implements Layer permits MaxPooling2DLayer, AveragePooling2DLayer {

    private final String name;
    final Window.Placement at;
    final int channels;

    /** Each window's rows [top, bottom) and columns [left, right), clipped to the input. */
    final int[] top;
    final int[] bottom;
    final int[] left;
    final int[] right;

    Pooling2DLayer(String name, Shape input, Window window) {
        this.name = name;
        this.at = window.over(input.dim(0), input.dim(1));
        this.channels = input.dim(2);
        this.top = new int[at.outputHeight()];
        this.bottom = new int[at.outputHeight()];
        for (int oy = 0; oy < top.length; oy++) {
            int first = oy * at.strideHeight() - at.padTop();
            top[oy] = Math.max(first, 0);
            bottom[oy] = Math.min(first + at.height(), at.inputHeight());
        }
        this.left = new int[at.outputWidth()];
        this.right = new int[at.outputWidth()];
        for (int ox = 0; ox < left.length; ox++) {
            int first = ox * at.strideWidth() - at.padLeft();
            left[ox] = Math.max(first, 0);
            right[ox] = Math.min(first + at.width(), at.inputWidth());
        }
    }

    /** Values in one input sample. */
    final int inputSize() {
        return at.inputHeight() * at.inputWidth() * channels;
    }

    /** Values in one output sample. */
    final int outputSize() {
        return at.outputHeight() * at.outputWidth() * channels;
    }

    /** Where the pooling window lands on the input: sizes, strides and padding. */
    public Window.Placement placement() {
        return at;
    }

    /** The channels, which pooling keeps. */
    public int channels() {
        return channels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] outputShape() {
        return new long[] {at.outputHeight(), at.outputWidth(), channels};
    }

    /** The layer of a plan's pooling step: max or average, as declared. */
    static Pooling2DLayer of(dev.fusenet.model.ModelPlan.Step step, java.util.SplittableRandom random) {
        dev.fusenet.model.Pooling2DSpec pooling = (dev.fusenet.model.Pooling2DSpec) step.layer();
        return pooling.type() == dev.fusenet.model.Pooling2DSpec.Kind.MAX
                ? new MaxPooling2DLayer(pooling.name(), step.input(), pooling.window())
                : new AveragePooling2DLayer(pooling.name(), step.input(), pooling.window());
    }
}
