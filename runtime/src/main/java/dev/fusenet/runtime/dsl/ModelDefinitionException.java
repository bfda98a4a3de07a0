package dev.fusenet.runtime.dsl;

import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.Problem;
import java.util.List;

/**
 * A model built with the DSL breaks the model rules: the message lists every problem, each with the layer and
 * setting it concerns, in the words the annotation processor uses for the same mistake in an {@code @Compile}
 * interface.
 */
public final class ModelDefinitionException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    ModelDefinitionException(String model, List<Problem> problems, List<LayerSpec> layers) {
        super(describe(model, problems, layers));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, errors and warnings, in rule order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String model, List<Problem> problems, List<LayerSpec> layers) {
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        StringBuilder message = new StringBuilder("model " + model + " cannot be built: " + errors
                + (errors == 1 ? " error" : " errors"));
        for (Problem problem : problems) {
            message.append("\n  ").append(where(problem, layers)).append(": ").append(problem);
        }
        return message.toString();
    }

    /** {@code layer 2 (dense_1), units}, or {@code compile, learningRate}, or {@code model}. */
    static String where(Problem problem, List<LayerSpec> layers) {
        String place;
        if (problem.layer() == Problem.MODEL) {
            place = problem.attribute() == null || problem.attribute().equals("name") ? "model" : "compile";
        } else {
            place = "layer " + (problem.layer() + 1) + " (" + layers.get(problem.layer()).name() + ")";
        }
        return problem.attribute() == null ? place : place + ", " + problem.attribute();
    }
}
