package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @UpSampling2D}: nearest-neighbour up-sampling by {@code size}, one value or two. */
public record UpSampling2DSpec(String name, List<Integer> size, Optional<Shape> inputShape) implements LayerSpec {

    public UpSampling2DSpec {
        size = List.copyOf(size);
    }

    @Override
    public String kind() {
        return "UpSampling2D";
    }

    public int heightFactor() {
        return size.get(0);
    }

    public int widthFactor() {
        return size.get(size.size() - 1);
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        WindowRules.twoSizesAtMost(index, this, "size", size).ifPresent(problems::add);
        if (problems.isEmpty() && size.stream().anyMatch(s -> s < 1)) {
            problems.add(Problem.error(index, "size", "@UpSampling2D size must be positive, got " + size));
        }
        return problems;
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        return WindowRules.takesAnImage(index, this, input, from).map(List::of).orElse(List.of());
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(input.dim(0) * heightFactor(), input.dim(1) * widthFactor(), input.dim(2));
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (!size.equals(List.of(2))) {
            attributes.add(new Attribute("size", size));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
