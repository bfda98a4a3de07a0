package dev.fusenet.model;

import java.util.List;
import java.util.Optional;

/** A declared {@code @Dropout} layer. */
public record DropoutSpec(String name, double rate, Optional<Shape> inputShape) implements LayerSpec {

    public DropoutSpec(String name, double rate) {
        this(name, rate, Optional.empty());
    }

    @Override
    public String kind() {
        return "Dropout";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return Ranges.unitInterval("@Dropout", "rate", rate).map(message -> Problem.error(index, "rate", message))
                .stream().toList();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return List.of();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new java.util.ArrayList<>();
        attributes.add(new Attribute("rate", rate));
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
