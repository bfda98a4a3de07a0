package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rules of a {@code @Dense} layer given its input: one method and one message each. */
final class DenseRules {

    private DenseRules() {
    }

    static List<Problem> checkDeclaration(int index, DenseSpec dense) {
        return unitsPositive(index, dense).stream().toList();
    }

    static List<Problem> checkInput(int index, DenseSpec dense, Shape input, String from) {
        List<Problem> problems = new ArrayList<>();
        takesFlatInput(index, dense, input, from).ifPresent(problems::add);
        if (problems.isEmpty()) {
            weightsFitAnArray(index, dense, input).ifPresent(problems::add);
        }
        return problems;
    }

    static Optional<Problem> unitsPositive(int index, DenseSpec dense) {
        if (dense.units() > 0) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "units", "@Dense units must be positive, got " + dense.units()));
    }

    static Optional<Problem> takesFlatInput(int index, DenseSpec dense, Shape input, String from) {
        if (input.rank() == 1) {
            return Optional.empty();
        }
        if (dense.inputShape().isPresent()) {
            return Optional.of(Problem.error(index, "inputShape", "@Dense inputShape is the number of input "
                    + "features, but it is " + input + "; start with @Flatten(inputShape = " + braces(input)
                    + ") before " + dense.name() + "(), or declare " + input.size() + " features"));
        }
        return Optional.of(Problem.error(index, null, dense.name() + ": @Dense takes flat inputs, but " + from
                + " gives the " + input + " feature map; put a @Flatten layer before it (it turns " + input
                + " into " + input.size() + " features)"));
    }

    static Optional<Problem> weightsFitAnArray(int index, DenseSpec dense, Shape input) {
        return ArrayLimits.fits(dense.name() + ": the kernel (" + input.size() + ", " + dense.units() + ")",
                input.size() * dense.units(), "use fewer units or fewer input features")
                .map(message -> Problem.error(index, "units", message));
    }

    /** {@code {28, 28, 1}}: a shape as an annotation value. */
    static String braces(Shape shape) {
        String inner = shape.toString();
        return "{" + inner.substring(1, inner.length() - 1) + "}";
    }
}
