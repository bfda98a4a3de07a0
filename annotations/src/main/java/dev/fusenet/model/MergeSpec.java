package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/**
 * A declared element-wise merge ({@code @Add}, {@code @Subtract}, {@code @Multiply}, {@code @Average},
 * {@code @Maximum}, {@code @Minimum}): inputs of one shape, combined value by value into that shape.
 */
public record MergeSpec(String name, Operation operation) implements LayerSpec {

    /** How the inputs' values combine, each with Keras's layer name. */
    public enum Operation {
        ADD("Add"),
        SUBTRACT("Subtract"),
        MULTIPLY("Multiply"),
        AVERAGE("Average"),
        MAXIMUM("Maximum"),
        MINIMUM("Minimum");

        private final String kerasName;

        Operation(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }
    }

    @Override
    public String kind() {
        return operation.kerasName();
    }

    @Override
    public Optional<Shape> inputShape() {
        return Optional.empty();
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return operation == Operation.SUBTRACT ? 2 : Integer.MAX_VALUE;
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return List.of();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return List.of();
    }

    @Override
    public List<Problem> checkInputs(int index, List<Shape> inputs, List<String> from) {
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(inputs.get(0))) {
                return List.of(Problem.error(index, null, "@" + kind() + " inputs must have one shape: " + from.get(0)
                        + " is " + inputs.get(0) + ", " + from.get(i) + " is " + inputs.get(i) + "; make them agree "
                        + "(a 1×1 @Conv2D or a @Dense changes the channels or features, pooling the size), or "
                        + "use @Concatenate to join different widths"));
            }
        }
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<Attribute> attributes() {
        return List.of();
    }
}
