package dev.fusenet.runtime;

/**
 * A view of one layer of a model: what a layer method of a {@code @Compile} type returns.
 */
public interface Layer {

    /** The layer's name: its method's name, e.g. {@code hidden}. */
    String name();

    /** Keras's class name of the layer: {@code Dense} or {@code Dropout}. */
    String type();

    /** The shape of one sample's output, e.g. {@code [512]}. */
    long[] outputShape();

    /** The number of trainable parameters. */
    long parameterCount();

    /**
     * A copy of the kernel, shaped (inputs, units).
     *
     * @throws IllegalStateException for a layer without weights (dropout)
     */
    Tensor kernel();

    /**
     * A copy of the bias, shaped (units).
     *
     * @throws IllegalStateException for a layer without a bias
     */
    Tensor bias();
}
