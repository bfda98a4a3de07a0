package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a layer that slides a window over an image, a convolution's kernel or a pooling window, given
 * the input it receives: one method and one message each.
 */
final class WindowRules {

    private WindowRules() {
    }

    /** The window's declared sizes; {@code sizeAttribute} is {@code kernelSize} or {@code poolSize}. */
    static List<Problem> checkDeclaration(int index, LayerSpec layer, Window window, String sizeAttribute) {
        List<Problem> problems = new ArrayList<>();
        twoSizesAtMost(index, layer, sizeAttribute, window.size()).ifPresent(problems::add);
        twoSizesAtMost(index, layer, "strides", window.strides()).ifPresent(problems::add);
        if (problems.isEmpty()) {
            positive(index, layer, sizeAttribute, window.size()).ifPresent(problems::add);
            positive(index, layer, "strides", window.strides()).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * A convolution's {@code dilationRate}: one or two positive sizes, and not above 1 together with strides above
     * 1 (Keras refuses the pair: TensorFlow's kernels never implemented it).
     */
    static List<Problem> checkDilation(int index, LayerSpec layer, Window window) {
        List<Problem> problems = new ArrayList<>();
        twoSizesAtMost(index, layer, "dilationRate", window.dilation()).ifPresent(problems::add);
        if (problems.isEmpty()) {
            positive(index, layer, "dilationRate", window.dilation()).ifPresent(problems::add);
        }
        boolean validStrides = window.strides().size() <= 2 && window.strides().stream().allMatch(s -> s > 0);
        if (problems.isEmpty() && validStrides) {
            stridesOrDilation(index, layer, window).ifPresent(problems::add);
        }
        return problems;
    }

    static Optional<Problem> stridesOrDilation(int index, LayerSpec layer, Window window) {
        boolean strided = window.strideHeight() > 1 || window.strideWidth() > 1;
        if (!strided || !window.dilated()) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "dilationRate", "@" + layer.annotation() + " strides "
                + braces(window.strides()) + " and dilationRate " + braces(window.dilation()) + " cannot both be "
                + "above 1 (Keras refuses them together too); use strides = 1 with the dilation, or a separate "
                + "pooling or strided layer to downsample"));
    }

    /**
     * The window on its input; {@code word} is how messages call the window ({@code kernel},
     * {@code pool window}).
     */
    static List<Problem> checkInput(int index, LayerSpec layer, Window window, String sizeAttribute, String word,
                                    Shape input, String from) {
        List<Problem> problems = new ArrayList<>();
        takesAnImage(index, layer, input, from).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return problems;
        }
        Window.Placement placement = window.over(input.dim(0), input.dim(1));
        fitsTheInput(index, layer, sizeAttribute, word, window, input, from, placement).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return problems;
        }
        stridesWithinTheWindow(index, layer, window).ifPresent(problems::add);
        readsEveryPixel(index, layer, window, input, from, placement).ifPresent(problems::add);
        return problems;
    }

    static Optional<Problem> takesAnImage(int index, LayerSpec layer, Shape input, String from) {
        if (input.rank() == 3) {
            return Optional.empty();
        }
        if (layer.inputShape().isPresent()) {
            String hint = input.rank() == 2 ? "; for one channel, add it: inputShape = {" + input.dim(0) + ", "
                    + input.dim(1) + ", 1}" : ", e.g. {28, 28, 1}";
            return Optional.of(Problem.error(index, "inputShape", "@" + layer.annotation() + " inputShape must be "
                    + "(height, width, channels), got " + input + hint));
        }
        return Optional.of(Problem.error(index, null, layer.name() + ": @" + layer.kind() + " needs a (height, "
                + "width, channels) input, but " + from + " gives " + input + "; convolution and pooling layers "
                + "come before @Flatten and @Dense"));
    }

    static Optional<Problem> twoSizesAtMost(int index, LayerSpec layer, String attribute, List<Integer> sizes) {
        if (sizes.size() == 1 || sizes.size() == 2) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, attribute, "@" + layer.annotation() + " " + attribute + " takes one "
                + "size (square) or two (height, width), got " + sizes.size() + ": " + sizes));
    }

    static Optional<Problem> positive(int index, LayerSpec layer, String attribute, List<Integer> sizes) {
        if (sizes.stream().allMatch(size -> size > 0)) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, attribute, "@" + layer.annotation() + " " + attribute + " must be "
                + "positive, got " + braces(sizes)));
    }

    static Optional<Problem> fitsTheInput(int index, LayerSpec layer, String attribute, String word,
                                          Window window, Shape input, String from, Window.Placement placement) {
        if (placement.fits()) {
            return Optional.empty();
        }
        String smaller = !attribute.equals("kernelSize") ? "a smaller poolSize"
                : window.dilated() ? "a smaller kernel or dilationRate" : "a smaller kernel";
        return Optional.of(Problem.error(index, attribute, layer.name() + ": a " + window.describe() + " " + word
                + window.dilationWords() + " does not fit the " + input.spatial() + " input" + fromWords(from)
                + "; use padding = SAME, " + smaller + ", or drop a pooling layer"));
    }

    static Optional<Problem> stridesWithinTheWindow(int index, LayerSpec layer, Window window) {
        int skippedRows = window.strideHeight() - window.height();
        int skippedColumns = window.strideWidth() - window.width();
        // a strided 1×1 window reads every other pixel on purpose: ResNet's and Xception's projection shortcuts
        boolean subsamples = window.height() == 1 && window.width() == 1;
        if (subsamples || skippedRows <= 0 && skippedColumns <= 0) {
            return Optional.empty();
        }
        return Optional.of(Problem.warning(index, "strides", layer.name() + ": strides " + braces(window.strides())
                + " are larger than the " + window.describe() + " window, so input pixels between windows are never "
                + "read (" + count(Math.max(skippedRows, 0), "row") + " and " + count(Math.max(skippedColumns, 0),
                "column") + " after each window); use strides no larger than the window"));
    }

    static Optional<Problem> readsEveryPixel(int index, LayerSpec layer, Window window, Shape input, String from,
                                             Window.Placement placement) {
        int rows = placement.droppedRows();
        int columns = placement.droppedColumns();
        if (rows == 0 && columns == 0) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (rows > 0) {
            parts.add(rows == 1 ? "the last row" : "the last " + rows + " rows");
        }
        if (columns > 0) {
            parts.add(columns == 1 ? "the last column" : "the last " + columns + " columns");
        }
        return Optional.of(Problem.warning(index, null, layer.name() + ": " + window.describe() + " windows with "
                + "strides " + braces(window.strides()) + " over the " + input.spatial() + " input" + fromWords(from)
                + " never read " + String.join(" and ", parts) + " (Keras drops them silently); use padding = "
                + "SAME to keep them"));
    }

    /** {@code " from pool2"}, or nothing for the model's input. */
    static String fromWords(String from) {
        return from.equals("the input") ? "" : " from " + from;
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String braces(List<Integer> sizes) {
        return sizes.size() == 1 ? String.valueOf(sizes.get(0))
                : "{" + String.join(", ", sizes.stream().map(String::valueOf).toList()) + "}";
    }
}
