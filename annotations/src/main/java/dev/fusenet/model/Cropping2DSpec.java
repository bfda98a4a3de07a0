package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @Cropping2D}; {@code cropping} as written: one value, two or four. */
public record Cropping2DSpec(String name, List<Integer> cropping, Optional<Shape> inputShape) implements LayerSpec {

    public Cropping2DSpec {
        cropping = List.copyOf(cropping);
    }

    @Override
    public String kind() {
        return "Cropping2D";
    }

    /** {@code {top, bottom, left, right}} from the one, two or four values declared. */
    public int[] sides() {
        return switch (cropping.size()) {
            case 1 -> new int[] {cropping.get(0), cropping.get(0), cropping.get(0), cropping.get(0)};
            case 2 -> new int[] {cropping.get(0), cropping.get(0), cropping.get(1), cropping.get(1)};
            default -> new int[] {cropping.get(0), cropping.get(1), cropping.get(2), cropping.get(3)};
        };
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        if (cropping.size() != 1 && cropping.size() != 2 && cropping.size() != 4) {
            return List.of(Problem.error(index, "cropping", "@Cropping2D cropping takes one size (every side), two (height, "
                    + "width) or four (top, bottom, left, right), got " + cropping.size() + ": " + cropping));
        }
        if (cropping.stream().anyMatch(c -> c < 0)) {
            return List.of(Problem.error(index, "cropping", "@Cropping2D cropping must be zero or more, got " + cropping));
        }
        if (cropping.stream().allMatch(c -> c == 0)) {
            return List.of(Problem.warning(index, "cropping", name + ": @Cropping2D(cropping = 0) removes nothing, so remove it"));
        }
        return List.of();
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        Optional<Problem> image = WindowRules.takesAnImage(index, this, input, from);
        if (image.isPresent()) {
            return List.of(image.get());
        }
        int[] sides = sides();
        List<Problem> problems = new ArrayList<>();
        leavesAPixel(index, "rows", sides[0], sides[1], input.dim(0), input, from).ifPresent(problems::add);
        leavesAPixel(index, "columns", sides[2], sides[3], input.dim(1), input, from).ifPresent(problems::add);
        return problems;
    }

    /** The crop along one axis must leave at least one row (column) of the {@code size} there are. */
    private Optional<Problem> leavesAPixel(int index, String axis, int before, int after, int size, Shape input,
                                           String from) {
        if ((long) before + after < size) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "cropping", name + ": @Cropping2D removes " + ((long) before + after)
                + " " + axis + " (" + before + " and " + after + ") of the " + size + " of the " + input
                + " input" + WindowRules.fromWords(from) + "; crop fewer " + axis));
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] sides = sides();
        return Shape.of(input.dim(0) - sides[0] - sides[1], input.dim(1) - sides[2] - sides[3], input.dim(2));
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("cropping", cropping));
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
