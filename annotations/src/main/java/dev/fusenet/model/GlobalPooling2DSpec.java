package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @GlobalAveragePooling2D} or {@code @GlobalMaxPooling2D}: each channel over the whole map. */
public record GlobalPooling2DSpec(String name, Kind type, boolean keepdims, Optional<Shape> inputShape)
        implements LayerSpec {

    /** Which value of each channel the layer keeps. */
    public enum Kind {
        AVERAGE("GlobalAveragePooling2D"),
        MAX("GlobalMaxPooling2D");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }
    }

    @Override
    public String kind() {
        return type.kerasName();
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
        int channels = input.dim(2);
        return keepdims ? Shape.of(1, 1, channels) : Shape.of(channels);
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        if (keepdims) {
            attributes.add(new Attribute("keepdims", true));
        }
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
