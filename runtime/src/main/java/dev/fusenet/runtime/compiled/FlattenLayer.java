package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Tensor;

/** A flatten layer of a compiled model: a view, with no work of its own; the next layer reads the same memory. */
public final class FlattenLayer implements Layer {

    private final String name;
    private final int size;

    public FlattenLayer(String name, int size) {
        this.name = name;
        this.size = size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    public long[] outputShape() {
        return new long[] {size};
    }

    @Override
    public long parameterCount() {
        return 0;
    }

    @Override
    public Tensor kernel() {
        throw new IllegalStateException("layer " + name + " is a flatten layer and has no kernel");
    }

    @Override
    public Tensor bias() {
        throw new IllegalStateException("layer " + name + " is a flatten layer and has no bias");
    }
}
