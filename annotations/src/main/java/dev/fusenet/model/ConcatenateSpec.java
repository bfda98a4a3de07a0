package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A declared {@code @Concatenate(axis)}: inputs joined along one axis, counted as Keras counts it (axis 0 is the
 * batch, -1 the last axis).
 */
public record ConcatenateSpec(String name, int axis) implements LayerSpec {

    @Override
    public String kind() {
        return "Concatenate";
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
        return Integer.MAX_VALUE;
    }

    /** The axis within one sample's shape of {@code rank}, 0 first, for an axis in range. */
    public int sampleAxis(int rank) {
        return axis < 0 ? rank + axis : axis - 1;
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        if (axis != 0) {
            return List.of();
        }
        return List.of(Problem.error(index, "axis", "@Concatenate axis 0 is the batch, which a model cannot join "
                + "along; use -1 (the default) for the last axis, e.g. an image's channels"));
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return List.of();
    }

    @Override
    public List<Problem> checkInputs(int index, List<Shape> inputs, List<String> from) {
        int rank = inputs.get(0).rank();
        for (int i = 1; i < inputs.size(); i++) {
            if (inputs.get(i).rank() != rank) {
                return List.of(Problem.error(index, null, "@Concatenate inputs must have one rank: " + from.get(0)
                        + " is " + inputs.get(0) + ", " + from.get(i) + " is " + inputs.get(i) + "; @Flatten the "
                        + "feature maps first to join them with flat features"));
            }
        }
        if (axis > rank || axis < -rank) {
            return List.of(Problem.error(index, "axis", "@Concatenate axis " + axis + " is out of range for inputs "
                    + "shaped " + inputs.get(0) + " (and the batch): use 1 to " + rank + ", or -" + rank + " to -1"));
        }
        int joined = sampleAxis(rank);
        for (int i = 1; i < inputs.size(); i++) {
            for (int d = 0; d < rank; d++) {
                if (d != joined && inputs.get(i).dim(d) != inputs.get(0).dim(d)) {
                    return List.of(Problem.error(index, null, "@Concatenate inputs must agree in every size but "
                            + "axis " + axis + "'s: " + from.get(0) + " is " + inputs.get(0) + ", " + from.get(i)
                            + " is " + inputs.get(i) + "; make the other sizes agree, or join along another axis"));
                }
            }
        }
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        int joined = sampleAxis(inputs.get(0).rank());
        List<Integer> dims = new ArrayList<>(inputs.get(0).dims());
        long size = inputs.stream().mapToLong(shape -> shape.dim(joined)).sum();
        dims.set(joined, (int) Math.min(size, Integer.MAX_VALUE));
        return new Shape(dims);
    }

    @Override
    public List<Attribute> attributes() {
        return axis == -1 ? List.of() : List.of(new Attribute("axis", axis));
    }
}
