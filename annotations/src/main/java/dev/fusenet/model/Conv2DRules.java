package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules of a {@code @Conv2D} layer given its input: one method and one message each. */
final class Conv2DRules {

    private Conv2DRules() {
    }

    static List<Problem> checkDeclaration(int index, Conv2DSpec conv) {
        List<Problem> problems = new ArrayList<>();
        filtersPositive(index, conv).ifPresent(problems::add);
        problems.addAll(WindowRules.checkDeclaration(index, conv, conv.window(), "kernelSize"));
        problems.addAll(WindowRules.checkDilation(index, conv, conv.window()));
        return problems;
    }

    static List<Problem> checkInput(int index, Conv2DSpec conv, Shape input, String from) {
        List<Problem> problems = new ArrayList<>(WindowRules.checkInput(index, conv, conv.window(), "kernelSize",
                "kernel", input, from));
        if (!ModelRules.hasErrors(problems)) {
            buffersFitAnArray(index, conv, input).ifPresent(problems::add);
        }
        return problems;
    }

    static Optional<Problem> filtersPositive(int index, Conv2DSpec conv) {
        if (conv.filters() > 0) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "filters", "@Conv2D filters must be positive, got "
                + conv.filters()));
    }

    /**
     * The kernel, and the patch matrix (the input windows laid out as rows, which the convolution multiplies by
     * the kernel) of a batch of {@link ArrayLimits#BATCH}, must each fit a Java array.
     */
    static Optional<Problem> buffersFitAnArray(int index, Conv2DSpec conv, Shape input) {
        Window window = conv.window();
        Shape output = conv.outputShape(input);
        long patch = (long) window.height() * window.width() * input.dim(2);
        Optional<String> kernel = ArrayLimits.fits(conv.name() + ": the kernel (" + window.height() + ", "
                + window.width() + ", " + input.dim(2) + ", " + conv.filters() + ")", conv.kernelValues(input),
                "use fewer filters or a smaller kernel");
        Optional<String> patches = ArrayLimits.fitsABatch(conv.name() + ": its patches (" + output.dim(0) + "·"
                + output.dim(1) + " windows of " + patch + " values)", patch * output.dim(0) * output.dim(1),
                "use strides, a smaller kernel or a smaller input");
        return kernel.or(() -> patches).map(message -> Problem.error(index, "kernelSize", message));
    }
}
