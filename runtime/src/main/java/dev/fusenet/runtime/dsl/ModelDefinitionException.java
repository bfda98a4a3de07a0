package dev.fusenet.runtime.dsl;

import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import java.util.List;

/**
 * A model built with the DSL breaks the model rules: the message lists every problem, each with the layer and
 * setting it concerns, in the words the annotation processor uses for the same mistake in an {@code @Compile}
 * interface.
 */
public final class ModelDefinitionException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    ModelDefinitionException(ModelSpec model, List<Problem> problems) {
        super(describe(model, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, errors and warnings, in rule order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(ModelSpec model, List<Problem> problems) {
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        StringBuilder message = new StringBuilder("model " + model.name() + " cannot be built: " + errors
                + (errors == 1 ? " error" : " errors"));
        for (Problem problem : problems) {
            message.append("\n  ").append(where(problem, model)).append(": ").append(problem);
        }
        return message.toString();
    }

    /**
     * {@code layer 2 (dense_1), units}, {@code layer 3 (block), input 2}, {@code input (image), shape},
     * {@code compile, learningRate}, or {@code model}.
     */
    static String where(Problem problem, ModelSpec model) {
        String place;
        if (problem.layer() == Problem.MODEL) {
            place = problem.attribute() == null || problem.attribute().equals("name") ? "model" : "compile";
        } else if (problem.layer() == Problem.INPUT) {
            place = "input (" + model.inputName() + ")";
        } else {
            place = "layer " + (problem.layer() + 1) + " (" + model.layers().get(problem.layer()).name() + ")";
        }
        int read = Problem.readPosition(problem.attribute());
        String attribute = read >= 0 ? "input " + (read + 1) : problem.attribute();
        return attribute == null ? place : place + ", " + attribute;
    }
}
