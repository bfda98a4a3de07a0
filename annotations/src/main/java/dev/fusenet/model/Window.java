package dev.fusenet.model;

import dev.fusenet.annotations.Padding;
import java.util.List;

/**
 * A sliding window over the two spatial axes of a (height, width, channels) input: a convolution's kernel or a
 * pooling window, with its strides, padding and dilation, as declared ({@code kernelSize = 3} or {@code {3, 5}}).
 * A dilated window reads every {@code dilation}-th pixel, so a 3×3 kernel of dilation 2 spans 5×5 pixels. Where it
 * lands on a given input is {@link #over}, Keras's arithmetic, used by the rules, the code writer and the runtime
 * alike.
 */
public record Window(List<Integer> size, List<Integer> strides, Padding padding, List<Integer> dilation) {

    public Window {
        size = List.copyOf(size);
        strides = List.copyOf(strides);
        dilation = List.copyOf(dilation);
    }

    /** An undilated window: every pixel under it is read. */
    public Window(List<Integer> size, List<Integer> strides, Padding padding) {
        this(size, strides, padding, List.of(1));
    }

    /** A window of {@code height × width} with strides {@code (strideHeight, strideWidth)}. */
    public static Window of(int height, int width, int strideHeight, int strideWidth, Padding padding) {
        return new Window(List.of(height, width), List.of(strideHeight, strideWidth), padding);
    }

    /** As above, reading every {@code dilationHeight}-th row and {@code dilationWidth}-th column. */
    public static Window of(int height, int width, int strideHeight, int strideWidth, Padding padding,
                            int dilationHeight, int dilationWidth) {
        return new Window(List.of(height, width), List.of(strideHeight, strideWidth), padding,
                List.of(dilationHeight, dilationWidth));
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

    public int dilationHeight() {
        return dilation.get(0);
    }

    public int dilationWidth() {
        return dilation.size() > 1 ? dilation.get(1) : dilation.get(0);
    }

    /** Whether the window skips pixels between its taps. */
    public boolean dilated() {
        return dilationHeight() > 1 || dilationWidth() > 1;
    }

    /** The rows the window spans, its taps and the holes between them: {@code (height - 1) · dilation + 1}. */
    public long spanHeight() {
        return span(height(), dilationHeight());
    }

    /** The columns the window spans. */
    public long spanWidth() {
        return span(width(), dilationWidth());
    }

    private static long span(int taps, int dilation) {
        return (taps - 1L) * dilation + 1;
    }

    /** {@code 3×3}: the taps. */
    public String describe() {
        return height() + "×" + width();
    }

    /** Nothing, or {@code " dilated 2 (spanning 5×5)"} for a dilated window, to follow what the window is. */
    public String dilationWords() {
        if (!dilated()) {
            return "";
        }
        String rate = dilationHeight() == dilationWidth() ? String.valueOf(dilationHeight())
                : dilationHeight() + "×" + dilationWidth();
        return " dilated " + rate + " (spanning " + spanHeight() + "×" + spanWidth() + ")";
    }

    /** Where this window lands on an input of {@code height × width} pixels. */
    public Placement over(int inputHeight, int inputWidth) {
        Axis vertical = axis(inputHeight, spanHeight(), strideHeight());
        Axis horizontal = axis(inputWidth, spanWidth(), strideWidth());
        return new Placement(inputHeight, inputWidth, height(), width(), strideHeight(), strideWidth(),
                vertical.out, horizontal.out, vertical.before, horizontal.before, vertical.dropped,
                horizontal.dropped, dilationHeight(), dilationWidth());
    }

    private record Axis(int out, int before, int dropped) {
    }

    /**
     * One axis of {@code n} pixels under a window spanning {@code k}, in long arithmetic: strides, windows or
     * dilations near {@code Integer.MAX_VALUE} must not overflow.
     */
    private Axis axis(int n, long k, int s) {
        if (padding == Padding.SAME) {
            int out = (int) ((n + (long) s - 1) / s);
            long total = Math.max((out - 1) * (long) s + k - n, 0);
            return new Axis(out, (int) Math.min(total / 2, Integer.MAX_VALUE), 0);
        }
        if (n < k) {
            return new Axis(0, 0, 0);
        }
        return new Axis((int) ((n - k) / s + 1), 0, (int) ((n - k) % s));
    }

    /**
     * The window on one input size: the output size, the padding before the first row and column (the rest, if
     * any, is after the last), how many trailing rows and columns no window reads (VALID only), and the
     * dilation between taps. {@link #row} and {@link #column} say which pixel a tap reads, for every kernel.
     */
    public record Placement(int inputHeight, int inputWidth, int height, int width, int strideHeight,
                            int strideWidth, int outputHeight, int outputWidth, int padTop, int padLeft,
                            int droppedRows, int droppedColumns, int dilationHeight, int dilationWidth) {

        /** Whether there is at least one output pixel. */
        public boolean fits() {
            return outputHeight > 0 && outputWidth > 0;
        }

        /** The input row that tap row {@code ky} of output row {@code oy} reads; outside [0, inputHeight) is padding. */
        public int row(int oy, int ky) {
            return oy * strideHeight - padTop + ky * dilationHeight;
        }

        /** The input column that tap column {@code kx} of output column {@code ox} reads. */
        public int column(int ox, int kx) {
            return ox * strideWidth - padLeft + kx * dilationWidth;
        }

        /**
         * The padding after the last row: what makes up SAME's total, {@code (outputHeight - 1) · stride + span -
         * inputHeight}, with the rest before the first; none for VALID, whose total is never positive.
         */
        public int padBottom() {
            return (int) Math.max((outputHeight - 1L) * strideHeight + (height - 1L) * dilationHeight + 1
                    - inputHeight - padTop, 0);
        }

        /** The padding after the last column. */
        public int padRight() {
            return (int) Math.max((outputWidth - 1L) * strideWidth + (width - 1L) * dilationWidth + 1
                    - inputWidth - padLeft, 0);
        }

        /** Whether the window's taps are neighbours: a row of its taps is one contiguous run of the input. */
        public boolean dense() {
            return dilationHeight == 1 && dilationWidth == 1;
        }
    }
}
