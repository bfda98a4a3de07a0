package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.SequentialBuilder;
import java.util.List;

/**
 * One layer read from an ONNX graph, with its weights already in fusenet's layouts: what becomes one builder call
 * of the runtime DSL. {@code inputShape} is given to the first layer only.
 */
sealed interface ImportedLayer {

    String name();

    /** Adds this layer to a model being built; {@code inputShape} is non-null for the first layer. */
    void addTo(SequentialBuilder model, int[] inputShape);

    /** The weights in {@code Model.setWeights} order: kernel, then bias if any. */
    List<Tensor> weights();

    /** {@code {3, 3}} as {@code {3}}, as one would write a square window by hand. */
    static int[] compact(int[] pair) {
        return pair[0] == pair[1] ? new int[] {pair[0]} : pair.clone();
    }

    /** A copy of this layer with {@code activation}, for an activation node that follows its product. */
    default ImportedLayer withActivation(Activation activation) {
        throw new IllegalStateException(name() + " has no activation");
    }

    /** Whether an activation node right after this layer becomes its activation. */
    default boolean takesActivation() {
        return false;
    }

    record Dense(String name, int inputs, int units, Activation activation, float[] kernel, float[] bias)
            implements ImportedLayer {

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.dense(units, d -> {
                d.name(name).activation(activation).useBias(bias != null);
                if (inputShape != null) {
                    d.inputShape(inputShape[0]);
                }
            });
        }

        @Override
        public List<Tensor> weights() {
            Tensor k = Tensor.of(kernel, inputs, units);
            return bias == null ? List.of(k) : List.of(k, Tensor.of(bias, units));
        }

        @Override
        public ImportedLayer withActivation(Activation next) {
            return new Dense(name, inputs, units, next, kernel, bias);
        }

        @Override
        public boolean takesActivation() {
            return activation == Activation.LINEAR;
        }
    }

    /** A convolution; {@code kernel} in Keras's (kh, kw, in, filters) layout. */
    record Conv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding, int channels,
                  Activation activation, float[] kernel, float[] bias) implements ImportedLayer {

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.conv2d(filters, compact(kernelSize), c -> {
                c.name(name).padding(padding).activation(activation).useBias(bias != null);
                if (strides[0] != 1 || strides[1] != 1) {
                    c.strides(compact(strides));
                }
                if (inputShape != null) {
                    c.inputShape(inputShape);
                }
            });
        }

        @Override
        public List<Tensor> weights() {
            Tensor k = Tensor.of(kernel, kernelSize[0], kernelSize[1], channels, filters);
            return bias == null ? List.of(k) : List.of(k, Tensor.of(bias, filters));
        }

        @Override
        public ImportedLayer withActivation(Activation next) {
            return new Conv2D(name, filters, kernelSize, strides, padding, channels, next, kernel, bias);
        }

        @Override
        public boolean takesActivation() {
            return activation == Activation.LINEAR;
        }
    }

    record Pooling2D(String name, boolean max, int[] poolSize, int[] strides, Padding padding)
            implements ImportedLayer {

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            java.util.function.Consumer<dev.fusenet.runtime.dsl.Pooling2DBuilder> options = p -> {
                p.name(name).padding(padding);
                if (!java.util.Arrays.equals(strides, poolSize)) {
                    p.strides(compact(strides));
                }
                if (inputShape != null) {
                    p.inputShape(inputShape);
                }
            };
            if (max) {
                model.maxPooling2d(compact(poolSize), options);
            } else {
                model.averagePooling2d(compact(poolSize), options);
            }
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    record Flatten(String name) implements ImportedLayer {

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.flatten(f -> {
                f.name(name);
                if (inputShape != null) {
                    f.inputShape(inputShape);
                }
            });
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }
}
