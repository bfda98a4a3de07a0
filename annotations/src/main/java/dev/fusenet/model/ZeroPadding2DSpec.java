package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @ZeroPadding2D}; {@code padding} as written: one value, two or four. */
public record ZeroPadding2DSpec(String name, List<Integer> padding, Optional<Shape> inputShape) implements LayerSpec {

    public ZeroPadding2DSpec {
        padding = List.copyOf(padding);
    }

    @Override
    public String kind() {
        return "ZeroPadding2D";
    }

    /** {@code {top, bottom, left, right}} from the one, two or four values declared. */
    public int[] sides() {
        return switch (padding.size()) {
            case 1 -> new int[] {padding.get(0), padding.get(0), padding.get(0), padding.get(0)};
            case 2 -> new int[] {padding.get(0), padding.get(0), padding.get(1), padding.get(1)};
            default -> new int[] {padding.get(0), padding.get(1), padding.get(2), padding.get(3)};
        };
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        if (padding.size() != 1 && padding.size() != 2 && padding.size() != 4) {
            return List.of(Problem.error(index, "padding", "@ZeroPadding2D padding takes one size (every side), two "
                    + "(height, width) or four (top, bottom, left, right), got " + padding.size() + ": " + padding));
        }
        if (padding.stream().anyMatch(p -> p < 0)) {
            return List.of(Problem.error(index, "padding", "@ZeroPadding2D padding must be zero or more, got "
                    + padding));
        }
        if (padding.stream().allMatch(p -> p == 0)) {
            return List.of(Problem.warning(index, "padding", name + ": @ZeroPadding2D(padding = 0) adds nothing, so "
                    + "remove it"));
        }
        return List.of();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return WindowRules.takesAnImage(index, this, input, from).map(List::of).orElse(List.of());
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] sides = sides();
        return Shape.of(input.dim(0) + sides[0] + sides[1], input.dim(1) + sides[2] + sides[3], input.dim(2));
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (!padding.equals(List.of(1))) {
            attributes.add(new Attribute("padding", padding));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
