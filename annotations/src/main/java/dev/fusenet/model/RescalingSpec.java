package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @Rescaling}: {@code x · scale + offset}, Keras's {@code Rescaling} layer. */
public record RescalingSpec(String name, double scale, double offset, Optional<Shape> inputShape)
        implements LayerSpec {

    @Override
    public String kind() {
        return "Rescaling";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        if (!Double.isFinite(scale)) {
            problems.add(Problem.error(index, "scale", "@Rescaling: scale must be a finite number, got " + scale));
        } else if (!Double.isFinite(offset)) {
            problems.add(Problem.error(index, "offset", "@Rescaling: offset must be a finite number, got " + offset));
        } else if (scale == 1 && offset == 0) {
            problems.add(Problem.warning(index, "scale", name + ": @Rescaling(scale = 1) with no offset passes its "
                    + "input through unchanged, so remove it"));
        }
        return problems;
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
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("scale", scale));
        if (offset != 0) {
            attributes.add(new Attribute("offset", offset));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
