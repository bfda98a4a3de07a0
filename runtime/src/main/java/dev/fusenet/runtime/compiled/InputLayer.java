package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Shape;
import dev.fusenet.runtime.Layer;

/** A model's declared input, as Keras's {@code InputLayer}: a name and one sample's shape, no work and no weights. */
public final class InputLayer implements Layer {

    private final String name;
    private final Shape shape;

    public InputLayer(String name, Shape shape) {
        this.name = name;
        this.shape = shape;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "InputLayer";
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }
}
