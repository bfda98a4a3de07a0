package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/** A declared {@code @Flatten} layer. */
public record FlattenSpec(String name, Optional<Shape> inputShape) implements LayerSpec {

    @Override
    public String kind() {
        return "Flatten";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return List.of();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        if (input.rank() > 1) {
            return List.of();
        }
        String what = from.equals("the input") ? "the input" : "the input from " + from;
        return List.of(Problem.warning(index, null, name + ": " + what + " is already flat, " + input
                + "; @Flatten does nothing here, so remove it"));
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(Math.toIntExact(Math.min(input.size(), Integer.MAX_VALUE)));
    }

    @Override
    public boolean isView() {
        return true;
    }

    @Override
    public List<Attribute> attributes() {
        return inputShape.map(shape -> List.of(new Attribute("inputShape", shape))).orElse(List.of());
    }
}
