package dev.fusenet.model;

import dev.fusenet.annotations.FlipMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @RandomFlip}: each training image flipped as {@code mode} says, with probability 1/2. */
public record RandomFlipSpec(String name, FlipMode mode, Optional<Shape> inputShape) implements LayerSpec {

    @Override
    public String kind() {
        return "RandomFlip";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        return List.of();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return WindowRules.takesAnImage(index, this, input, from).map(List::of).orElse(List.of());
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (mode != FlipMode.HORIZONTAL_AND_VERTICAL) {
            attributes.add(new Attribute("mode", mode));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
