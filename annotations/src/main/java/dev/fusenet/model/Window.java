package dev.fusenet.model;

import dev.fusenet.annotations.Padding;
import java.util.List;

/**
 * A sliding window over the two spatial axes of a (height, width, channels) input: a convolution's kernel or a
 * pooling window, with its strides and padding, as declared ({@code kernelSize = 3} or {@code {3, 5}}). Where it
 * lands on a given input is {@link #over}, Keras's arithmetic, used by the rules, the code writer and the runtime
 * alike.
 */
public record Window(List<Integer> size, List<Integer> strides, Padding padding) {

    public Window {
        size = List.copyOf(size);
        strides = List.copyOf(strides);
    }

    /** A window of {@code height × width} with strides {@code (strideHeight, strideWidth)}. */
    public static Window of(int height, int width, int strideHeight, int strideWidth, Padding padding) {
        return new Window(List.of(height, width), List.of(strideHeight, strideWidth), padding);
    }

    public int height() {
        return size.get(0);
    }

    public int width() {
        return size.size() > 1 ? size.get(1) : size.get(0);
    }

    public int strideHeight() {
        return strides.get(0);
    }

    public int strideWidth() {
        return strides.size() > 1 ? strides.get(1) : strides.get(0);
    }

    /** {@code 3×3}. */
    public String describe() {
        return height() + "×" + width();
    }

    /** Where this window lands on an input of {@code height × width} pixels. */
    public Placement over(int inputHeight, int inputWidth) {
        Axis vertical = axis(inputHeight, height(), strideHeight());
        Axis horizontal = axis(inputWidth, width(), strideWidth());
        return new Placement(inputHeight, inputWidth, height(), width(), strideHeight(), strideWidth(),
                vertical.out, horizontal.out, vertical.before, horizontal.before, vertical.dropped,
                horizontal.dropped);
    }

    private record Axis(int out, int before, int dropped) {
    }

    /** One axis, in long arithmetic: strides or windows near {@code Integer.MAX_VALUE} must not overflow. */
    private Axis axis(int n, int k, int s) {
        if (padding == Padding.SAME) {
            int out = (int) ((n + (long) s - 1) / s);
            long total = Math.max((out - 1) * (long) s + k - n, 0);
            return new Axis(out, (int) Math.min(total / 2, Integer.MAX_VALUE), 0);
        }
        if (n < k) {
            return new Axis(0, 0, 0);
        }
        return new Axis((n - k) / s + 1, 0, (n - k) % s);
    }

    /**
     * The window on one input size: the output size, the padding before the first row and column (the rest, if
     * any, is after the last), and how many trailing rows and columns no window reads (VALID only).
     */
    public record Placement(int inputHeight, int inputWidth, int height, int width, int strideHeight,
                            int strideWidth, int outputHeight, int outputWidth, int padTop, int padLeft,
                            int droppedRows, int droppedColumns) {

        /** Whether there is at least one output pixel. */
        public boolean fits() {
            return outputHeight > 0 && outputWidth > 0;
        }
    }
}
