package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @ActivationLayer}: Keras's {@code Activation} layer, one function on every value. */
public record ActivationLayerSpec(String name, Activation activation, Optional<Shape> inputShape)
        implements LayerSpec {

    @Override
    public String kind() {
        return "Activation";
    }

    @Override
    public String annotation() {
        return "ActivationLayer";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        if (activation != Activation.LINEAR) {
            return List.of();
        }
        return List.of(Problem.warning(index, "value", name + ": @ActivationLayer(Activation.LINEAR) passes its "
                + "input through unchanged, so remove it"));
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
        attributes.add(new Attribute("value", activation));
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
