package dev.fusenet.processor;

import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.FlattenSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.UpSampling2DSpec;
import dev.fusenet.model.ZeroPadding2DSpec;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.losses.LossFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent implementation of a graph model's forward pass and loss, for tests: the {@link ModelSpec}
 * interpreted layer by layer with tensor ops (matmul, conv2d, pooling, add, concat…) in float64, differentiated by
 * the GradientTape. It shares no kernel with the fused code it checks, only the specification.
 */
final class GraphReference {

    private final ModelSpec spec;
    private final LossFunction loss;

    GraphReference(ModelSpec spec) {
        this.spec = spec;
        this.loss = CompiledModelSupport.lossFunction(spec.training().loss(), spec.training().fromLogits(),
                spec.training().labelSmoothing());
    }

    private static int[] dilation(Window window) {
        return new int[] {window.dilationHeight(), window.dilationWidth()};
    }

    /** The model's outputs for {@code x}, with the weights in {@code getWeights} order. */
    Tensor forward(List<Tensor> weights, Tensor x) {
        Map<String, Tensor> values = new HashMap<>();
        values.put(spec.inputName(), x);
        Tensor previous = x;
        int next = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            List<Tensor> inputs = new ArrayList<>();
            for (String name : spec.readsOf(i)) {
                inputs.add(values.get(name));
            }
            if (inputs.isEmpty()) {
                inputs.add(previous);
            }
            Tensor in = inputs.get(0);
            Tensor out;
            if (layer instanceof DenseSpec dense) {
                out = in.matmul(weights.get(next++));
                if (dense.useBias()) {
                    out = out.add(weights.get(next++));
                }
                out = out.activate(dense.activation());
            } else if (layer instanceof Conv2DSpec conv) {
                Window window = conv.window();
                out = in.conv2d(weights.get(next++), new int[] {window.strideHeight(), window.strideWidth()},
                        conv.padding(), dilation(window));
                if (conv.useBias()) {
                    out = out.add(weights.get(next++));
                }
                out = out.activate(conv.activation());
            } else if (layer instanceof DepthwiseConv2DSpec depthwise) {
                Window window = depthwise.window();
                out = in.depthwiseConv2d(weights.get(next++), new int[] {window.strideHeight(),
                        window.strideWidth()}, depthwise.padding(), dilation(window));
                if (depthwise.useBias()) {
                    out = out.add(weights.get(next++));
                }
                out = out.activate(depthwise.activation());
            } else if (layer instanceof Conv2DTransposeSpec transpose) {
                Window window = transpose.window();
                out = in.conv2dTranspose(weights.get(next++), new int[] {window.strideHeight(),
                        window.strideWidth()}, transpose.padding());
                if (transpose.useBias()) {
                    out = out.add(weights.get(next++));
                }
                out = out.activate(transpose.activation());
            } else if (layer instanceof SeparableConv2DSpec separable) {
                Window window = separable.window();
                out = in.depthwiseConv2d(weights.get(next++), new int[] {window.strideHeight(),
                        window.strideWidth()}, separable.padding(), dilation(window)).conv2d(weights.get(next++));
                if (separable.useBias()) {
                    out = out.add(weights.get(next++));
                }
                out = out.activate(separable.activation());
            } else if (layer instanceof Pooling2DSpec pooling) {
                Window window = pooling.window();
                int[] size = {window.height(), window.width()};
                int[] strides = {window.strideHeight(), window.strideWidth()};
                out = pooling.type() == Pooling2DSpec.Kind.MAX ? in.maxPool2d(size, strides, pooling.padding())
                        : in.avgPool2d(size, strides, pooling.padding());
            } else if (layer instanceof GlobalPooling2DSpec global) {
                int[] spatial = {1, 2};
                out = global.type() == GlobalPooling2DSpec.Kind.MAX ? in.max(spatial, global.keepdims())
                        : in.mean(spatial, global.keepdims());
            } else if (layer instanceof RescalingSpec rescaling) {
                out = in.mul(rescaling.scale()).add(rescaling.offset());
            } else if (layer instanceof ZeroPadding2DSpec padding) {
                out = pad(in, padding.sides());
            } else if (layer instanceof Cropping2DSpec cropping) {
                int[] sides = cropping.sides();
                out = in.slice(1, sides[0], in.dim(1) - sides[1], 1).slice(2, sides[2], in.dim(2) - sides[3], 1);
            } else if (layer instanceof UpSampling2DSpec up) {
                // (n, h, 1, w, 1, c) broadcast to (n, h, sh, w, sw, c): each pixel repeated over its block
                long[] s = in.shape();
                out = in.reshape(s[0], s[1], 1, s[2], 1, s[3])
                        .broadcastTo(s[0], s[1], up.heightFactor(), s[2], up.widthFactor(), s[3])
                        .reshape(s[0], s[1] * up.heightFactor(), s[2] * up.widthFactor(), s[3]);
            } else if (layer instanceof FlattenSpec) {
                out = in.reshape(in.shape()[0], -1);
            } else if (layer instanceof MergeSpec merge) {
                out = merge(merge.operation(), inputs);
            } else if (layer instanceof BatchNormalizationSpec norm) {
                // In training: the batch's mean and biased variance over every axis but the last, in two passes.
                int[] axes = new int[in.shape().length - 1];
                for (int a = 0; a < axes.length; a++) {
                    axes[a] = a;
                }
                Tensor mean = in.mean(axes, true);
                Tensor centred = in.sub(mean);
                Tensor variance = centred.square().mean(axes, true);
                out = centred.div(variance.add(norm.epsilon()).sqrt());
                if (norm.scale()) {
                    out = out.mul(weights.get(next++));
                }
                if (norm.center()) {
                    out = out.add(weights.get(next++));
                }
                next += 2; // the moving statistics, which training does not read
            } else if (layer instanceof LayerNormalizationSpec norm) {
                // each position on its own: the mean and biased variance of its channels, in two passes
                int last = in.shape().length - 1;
                Tensor centred = in.sub(in.mean(last, true));
                Tensor variance = centred.square().mean(last, true);
                out = centred.div(variance.add(norm.epsilon()).sqrt());
                if (norm.scale()) {
                    out = out.mul(weights.get(next++));
                }
                if (norm.center()) {
                    out = out.add(weights.get(next++));
                }
            } else if (layer instanceof ActivationLayerSpec activation) {
                out = in.activate(activation.activation());
            } else if (layer instanceof ConcatenateSpec concatenate) {
                out = Tensor.concat(concatenate.axis(), inputs.toArray(new Tensor[0]));
            } else {
                throw new IllegalArgumentException("the reference has no " + layer.kind());
            }
            values.put(layer.name(), out);
            previous = out;
        }
        return previous;
    }

    /** Zeros concatenated around the height and width of {@code in}, {@code sides} = top, bottom, left, right. */
    private static Tensor pad(Tensor in, int[] sides) {
        long[] s = in.shape();
        Tensor rows = Tensor.concat(1, Tensor.zeros(new long[] {s[0], sides[0], s[2], s[3]}, DType.FLOAT64), in,
                Tensor.zeros(new long[] {s[0], sides[1], s[2], s[3]}, DType.FLOAT64));
        long height = s[1] + sides[0] + sides[1];
        return Tensor.concat(2, Tensor.zeros(new long[] {s[0], height, sides[2], s[3]}, DType.FLOAT64), rows,
                Tensor.zeros(new long[] {s[0], height, sides[3], s[3]}, DType.FLOAT64));
    }

    private static Tensor merge(MergeSpec.Operation operation, List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int k = 1; k < inputs.size(); k++) {
            Tensor in = inputs.get(k);
            out = switch (operation) {
                case ADD, AVERAGE -> out.add(in);
                case SUBTRACT -> out.sub(in);
                case MULTIPLY -> out.mul(in);
                case MAXIMUM -> out.maximum(in);
                case MINIMUM -> out.minimum(in);
            };
        }
        return operation == MergeSpec.Operation.AVERAGE ? out.div(inputs.size()) : out;
    }

    /** The mean loss on (x, y) with {@code weights}, in float64. */
    double loss(List<Tensor> weights, Tensor x, Tensor y) {
        return loss.apply(y.castTo(DType.FLOAT64), forward(weights, x.castTo(DType.FLOAT64))).doubleValue();
    }

    /** The tape's gradient of the float64 loss with respect to every weight. */
    List<Tensor> gradients(List<Tensor> weights, Tensor x, Tensor y) {
        List<Variable> variables = new ArrayList<>();
        for (int w = 0; w < weights.size(); w++) {
            variables.add(new Variable("w" + w, weights.get(w).castTo(DType.FLOAT64)));
        }
        try (GradientTape tape = new GradientTape()) {
            List<Tensor> values = variables.stream().map(Variable::value).toList();
            Tensor value = loss.apply(y.castTo(DType.FLOAT64), forward(values, x.castTo(DType.FLOAT64)));
            return tape.gradient(value, variables);
        }
    }
}
