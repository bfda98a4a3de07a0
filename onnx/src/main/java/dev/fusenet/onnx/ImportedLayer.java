package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.runtime.dsl.Conv2DBuilder;
import dev.fusenet.runtime.dsl.DenseBuilder;
import dev.fusenet.runtime.dsl.FunctionalBuilder;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.runtime.dsl.Pooling2DBuilder;
import dev.fusenet.runtime.dsl.SequentialBuilder;
import java.util.List;

/**
 * One layer read from an ONNX graph, with its weights already in fusenet's layouts: what becomes one builder call
 * of the runtime DSL, in a chain ({@code inputShape} given to the first layer only) or in a graph.
 */
sealed interface ImportedLayer {

    String name();

    /** Adds this layer to a chain being built; {@code inputShape} is non-null for the first layer. */
    default void addTo(SequentialBuilder model, int[] inputShape) {
        throw new IllegalStateException(name() + " reads several layers, so it is never part of a chain");
    }

    /** Adds this layer to a graph being built, reading {@code inputs}; returns its output. */
    Node addTo(FunctionalBuilder graph, List<Node> inputs);

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

        private void options(DenseBuilder d) {
            d.name(name).activation(activation).useBias(bias != null);
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.dense(units, d -> {
                options(d);
                if (inputShape != null) {
                    d.inputShape(inputShape[0]);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.dense(inputs.get(0), units, this::options);
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
    record Conv2D(String name, int filters, int[] kernelSize, int[] strides, Padding padding, int[] dilation,
                  int channels, Activation activation, float[] kernel, float[] bias) implements ImportedLayer {

        private void options(Conv2DBuilder c) {
            c.name(name).padding(padding).activation(activation).useBias(bias != null);
            if (strides[0] != 1 || strides[1] != 1) {
                c.strides(compact(strides));
            }
            if (dilation[0] != 1 || dilation[1] != 1) {
                c.dilationRate(compact(dilation));
            }
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.conv2d(filters, compact(kernelSize), c -> {
                options(c);
                if (inputShape != null) {
                    c.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.conv2d(inputs.get(0), filters, compact(kernelSize), this::options);
        }

        @Override
        public List<Tensor> weights() {
            Tensor k = Tensor.of(kernel, kernelSize[0], kernelSize[1], channels, filters);
            return bias == null ? List.of(k) : List.of(k, Tensor.of(bias, filters));
        }

        @Override
        public ImportedLayer withActivation(Activation next) {
            return new Conv2D(name, filters, kernelSize, strides, padding, dilation, channels, next, kernel, bias);
        }

        @Override
        public boolean takesActivation() {
            return activation == Activation.LINEAR;
        }
    }

    record Pooling2D(String name, boolean max, int[] poolSize, int[] strides, Padding padding)
            implements ImportedLayer {

        private void options(Pooling2DBuilder p) {
            p.name(name).padding(padding);
            if (!java.util.Arrays.equals(strides, poolSize)) {
                p.strides(compact(strides));
            }
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            java.util.function.Consumer<Pooling2DBuilder> options = p -> {
                options(p);
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
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return max ? graph.maxPooling2d(inputs.get(0), compact(poolSize), this::options)
                    : graph.averagePooling2d(inputs.get(0), compact(poolSize), this::options);
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
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.flatten(inputs.get(0), f -> f.name(name));
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    /** An activation of its own, where no Dense or Conv2D layer's product alone feeds it (after a sum). */
    record ActivationLayer(String name, Activation activation) implements ImportedLayer {

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.activation(activation, a -> {
                a.name(name);
                if (inputShape != null) {
                    a.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.activation(inputs.get(0), activation, a -> a.name(name));
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    /** An element-wise merge of two or more layers. */
    record Merge(String name, MergeSpec.Operation operation) implements ImportedLayer {

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            Node[] nodes = inputs.toArray(new Node[0]);
            return switch (operation) {
                case ADD -> graph.add(name, nodes);
                case SUBTRACT -> graph.subtract(name, nodes[0], nodes[1]);
                case MULTIPLY -> graph.multiply(name, nodes);
                case AVERAGE -> graph.average(name, nodes);
                case MAXIMUM -> graph.maximum(name, nodes);
                case MINIMUM -> graph.minimum(name, nodes);
            };
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    /** A concatenation along {@code axis}, as Keras counts it on channels-last shapes. */
    record Concatenate(String name, int axis) implements ImportedLayer {

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.concatenate(name, axis, inputs.toArray(new Node[0]));
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    /** Zeros around each map, {@code sides} = top, bottom, left, right: an ONNX pad that is not Keras's SAME. */
    /** A transposed convolution, VALID; {@code kernel} in Keras's (kh, kw, filters, in) layout. */
    record Conv2DTranspose(String name, int filters, int[] kernelSize, int[] strides, int channels,
                           Activation activation, float[] kernel, float[] bias) implements ImportedLayer {

        private void options(dev.fusenet.runtime.dsl.Conv2DTransposeBuilder t) {
            t.name(name).activation(activation).useBias(bias != null);
            if (strides[0] != 1 || strides[1] != 1) {
                t.strides(compact(strides));
            }
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.conv2dTranspose(filters, compact(kernelSize), t -> {
                options(t);
                if (inputShape != null) {
                    t.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.conv2dTranspose(inputs.get(0), filters, compact(kernelSize), this::options);
        }

        @Override
        public List<Tensor> weights() {
            Tensor k = Tensor.of(kernel, kernelSize[0], kernelSize[1], filters, channels);
            return bias == null ? List.of(k) : List.of(k, Tensor.of(bias, filters));
        }
    }

    /** The cut border of a map, {@code {top, bottom, left, right}}: PyTorch's ConvTranspose2d padding. */
    record Cropping2D(String name, int[] sides) implements ImportedLayer {

        /** In the shortest of Keras's forms: one size, (height, width), or all four. */
        private int[] cropping() {
            boolean symmetric = sides[0] == sides[1] && sides[2] == sides[3];
            return symmetric && sides[0] == sides[2] ? new int[] {sides[0]}
                    : symmetric ? new int[] {sides[0], sides[2]} : sides.clone();
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.cropping2d(cropping(), c -> {
                c.name(name);
                if (inputShape != null) {
                    c.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.cropping2d(inputs.get(0), cropping(), c -> c.name(name));
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    record ZeroPadding2D(String name, int[] sides) implements ImportedLayer {

        private void options(dev.fusenet.runtime.dsl.ZeroPadding2DBuilder p) {
            // in the shortest of Keras's forms: one size, (height, width), or all four
            boolean symmetric = sides[0] == sides[1] && sides[2] == sides[3];
            p.name(name).padding(symmetric && sides[0] == sides[2] ? new int[] {sides[0]}
                    : symmetric ? new int[] {sides[0], sides[2]} : sides.clone());
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.zeroPadding2d(p -> {
                options(p);
                if (inputShape != null) {
                    p.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.zeroPadding2d(inputs.get(0), this::options);
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }

    /** A grouped Conv with one group per channel; {@code kernel} in Keras's (kh, kw, in, m) layout. */
    record DepthwiseConv2D(String name, int[] kernelSize, int[] strides, Padding padding, int[] dilation,
                           int channels, int multiplier, Activation activation, float[] kernel, float[] bias)
            implements ImportedLayer {

        private void options(dev.fusenet.runtime.dsl.DepthwiseConv2DBuilder d) {
            d.name(name).padding(padding).activation(activation).useBias(bias != null).depthMultiplier(multiplier);
            if (strides[0] != 1 || strides[1] != 1) {
                d.strides(compact(strides));
            }
            if (dilation[0] != 1 || dilation[1] != 1) {
                d.dilationRate(compact(dilation));
            }
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.depthwiseConv2d(compact(kernelSize), d -> {
                options(d);
                if (inputShape != null) {
                    d.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.depthwiseConv2d(inputs.get(0), compact(kernelSize), this::options);
        }

        @Override
        public List<Tensor> weights() {
            Tensor k = Tensor.of(kernel, kernelSize[0], kernelSize[1], channels, multiplier);
            return bias == null ? List.of(k) : List.of(k, Tensor.of(bias, channels * multiplier));
        }

        @Override
        public ImportedLayer withActivation(Activation next) {
            return new DepthwiseConv2D(name, kernelSize, strides, padding, dilation, channels, multiplier, next, kernel,
                    bias);
        }

        @Override
        public boolean takesActivation() {
            return activation == Activation.LINEAR;
        }
    }

    /**
     * ONNX's inference BatchNormalization: its scale, bias, mean and variance as gamma, beta and the moving
     * statistics; ONNX's momentum is Keras's (PyTorch's 0.1 is written as 0.9).
     */
    record BatchNormalization(String name, double epsilon, double momentum, float[] gamma, float[] beta,
                              float[] mean, float[] variance) implements ImportedLayer {

        private void options(dev.fusenet.runtime.dsl.BatchNormalizationBuilder n) {
            n.name(name).epsilon(epsilon).momentum(momentum);
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            model.batchNormalization(n -> {
                options(n);
                if (inputShape != null) {
                    n.inputShape(inputShape);
                }
            });
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return graph.batchNormalization(inputs.get(0), this::options);
        }

        @Override
        public List<Tensor> weights() {
            int c = gamma.length;
            return List.of(Tensor.of(gamma, c), Tensor.of(beta, c), Tensor.of(mean, c), Tensor.of(variance, c));
        }
    }

    /** GlobalAveragePool or GlobalMaxPool, which keep the 1×1 spatial axes as ONNX's do. */
    record GlobalPooling2D(String name, boolean max) implements ImportedLayer {

        private void options(dev.fusenet.runtime.dsl.GlobalPooling2DBuilder p) {
            p.name(name).keepdims(true);
        }

        @Override
        public void addTo(SequentialBuilder model, int[] inputShape) {
            java.util.function.Consumer<dev.fusenet.runtime.dsl.GlobalPooling2DBuilder> options = p -> {
                options(p);
                if (inputShape != null) {
                    p.inputShape(inputShape);
                }
            };
            if (max) {
                model.globalMaxPooling2d(options);
            } else {
                model.globalAveragePooling2d(options);
            }
        }

        @Override
        public Node addTo(FunctionalBuilder graph, List<Node> inputs) {
            return max ? graph.globalMaxPooling2d(inputs.get(0), this::options)
                    : graph.globalAveragePooling2d(inputs.get(0), this::options);
        }

        @Override
        public List<Tensor> weights() {
            return List.of();
        }
    }
}
