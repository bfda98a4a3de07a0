package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.Activation;

/**
 * The weights of one dense layer of a compiled model: kernel (inputs × units, row-major) and bias. Its products
 * are {@link DenseKernels}.
 */
public final class DenseLayer extends WeightedLayer {

    private final int inputs;

    public DenseLayer(String name, int inputs, int units, boolean useBias, Activation activation) {
        super(name, inputs, units, useBias, activation);
        this.inputs = inputs;
    }

    @Override
    int fanIn() {
        return inputs;
    }

    @Override
    int fanOut() {
        return units();
    }

    @Override
    public long[] kernelShape() {
        return new long[] {inputs, units()};
    }

    public int inputs() {
        return inputs;
    }

    @Override
    public String type() {
        return "Dense";
    }

    @Override
    public long[] outputShape() {
        return new long[] {units()};
    }
}
