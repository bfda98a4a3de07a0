package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.compiled.ActivationKernels;
import dev.fusenet.runtime.compiled.ActivationLayer;
import dev.fusenet.runtime.compiled.AveragePooling2DLayer;
import dev.fusenet.runtime.compiled.BatchNormalizationLayer;
import dev.fusenet.runtime.compiled.ConcatenateLayer;
import dev.fusenet.runtime.compiled.Conv2DLayer;
import dev.fusenet.runtime.compiled.Conv2DTransposeLayer;
import dev.fusenet.runtime.compiled.Cropping2DLayer;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.DepthwiseConv2DLayer;
import dev.fusenet.runtime.compiled.FlattenLayer;
import dev.fusenet.runtime.compiled.GlobalPooling2DLayer;
import dev.fusenet.runtime.compiled.LayerNormalizationLayer;
import dev.fusenet.runtime.compiled.MaxPooling2DLayer;
import dev.fusenet.runtime.compiled.MergeLayer;
import dev.fusenet.runtime.compiled.Pooling2DLayer;
import dev.fusenet.runtime.compiled.RescalingLayer;
import dev.fusenet.runtime.compiled.SeparableConv2DLayer;
import dev.fusenet.runtime.compiled.TrainingOnlyLayer;
import dev.fusenet.runtime.compiled.UpSampling2DLayer;
import dev.fusenet.runtime.compiled.ZeroPadding2DLayer;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;

/**
 * A fusenet model as an ONNX inference graph, each layer written by its kind's {@link OnnxForm}. fusenet's images
 * are channels-last (batch, height, width, channels) and ONNX's convolutions channels-first, so the graph takes the images as {@code predict} does, transposes them
 * once before the first convolution or pooling, and back before {@code Flatten}: its input and output are exactly
 * {@code predict}'s. Dropout and the augmentation layers are the identity at inference and leave no node.
 *
 * <p>Value names: {@code input}, then {@code <layer>.linear} for a layer's value before its activation and
 * {@code <layer>.out} after it, and {@code output} for the last; weights are {@code <layer>.kernel} and
 * {@code <layer>.bias}, in ONNX's layouts ((in, out) for Gemm, (out, in, kh, kw) for Conv).
 */
final class OnnxExport {

    /** The operator set the graph uses: 13 has every operator needed, and ONNX Runtime 1.2x runs it. */
    static final int OPSET = 13;
    /** IR version 7, the one opset 13 came with: ONNX Runtime reads it, and nothing newer is needed. */
    static final int IR_VERSION = 7;

    final GraphProto.Builder graph = GraphProto.newBuilder();
    /** The value the next node reads. */
    String current = "input";
    /** Whether {@link #current} is an image in ONNX's channels-first layout. */
    boolean channelsFirst;
    /** The weights, read at once under the model's lock, in layer order: each layer takes its own. */
    final java.util.Iterator<dev.fusenet.runtime.Tensor> weights;

    /** Each fusenet value so far (a layer's output, or the input) as the ONNX value that holds it, and its layout. */
    private final java.util.Map<String, Value> values = new java.util.HashMap<>();
    /** Transposes written so far: a value read by several layers is transposed once. */
    private final java.util.Set<String> transposed = new java.util.HashSet<>();

    /** An ONNX value and whether it holds an image channels-first. */
    record Value(String name, boolean channelsFirst) {
    }

    private OnnxExport(List<dev.fusenet.runtime.Tensor> weights) {
        this.weights = weights.iterator();
    }

    /** The value a layer reads by {@code name}: a layer's output, or (any name not yet seen) the model's input. */
    private Value valueOf(String name) {
        return values.getOrDefault(name, new Value("input", false));
    }

    /** The inputs' ONNX names, all channels-first when any image among them is, else as they are. */
    List<String> sameLayout(List<Value> inputs) {
        boolean first = inputs.stream().anyMatch(Value::channelsFirst);
        List<String> names = new ArrayList<>();
        for (Value input : inputs) {
            current = input.name();
            channelsFirst = input.channelsFirst();
            if (first) {
                toChannelsFirst();
            }
            names.add(current);
        }
        channelsFirst = first;
        return names;
    }

    static ModelProto export(Model model, String fusenetVersion) {
        OnnxExport export = new OnnxExport(model.getWeights());
        export.graph.setName(model.name()).addInput(Protos.batchOf("input", model.inputShape()));
        List<Layer> layers = model.layers();
        List<List<String>> connections = model.connections();
        int outputs = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            outputs = (int) layer.outputShape()[layer.outputShape().length - 1];
            List<Value> inputs = connections.get(i).stream().map(export::valueOf).toList();
            export.current = inputs.get(0).name();
            export.channelsFirst = inputs.get(0).channelsFirst();
            export.layer(layer, inputs, i == layers.size() - 1);
            export.values.put(layer.name(), new Value(export.current, export.channelsFirst));
        }
        export.graph.addOutput(Protos.batchOf("output", outputShape(layers)));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("fusenet")
                .setProducerVersion(fusenetVersion)
                .setDocString("fusenet model " + model.name() + ", " + outputs + " outputs")
                .addMetadataProps(entry("name", model.name()))
                .addMetadataProps(entry("fusenet_version", fusenetVersion))
                .setGraph(export.graph)
                .build();
    }

    private static int[] outputShape(List<Layer> layers) {
        long[] shape = layers.get(layers.size() - 1).outputShape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        return dims;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** The ONNX form of each layer kind, by its runtime class: a new kind adds one line. */
    private static final java.util.Map<Class<? extends Layer>, OnnxForm<?>> FORMS = java.util.Map.ofEntries(
            java.util.Map.entry(DenseLayer.class, new DenseOnnx()),
            java.util.Map.entry(Conv2DLayer.class, new Conv2DOnnx()),
            java.util.Map.entry(MaxPooling2DLayer.class, new Pooling2DOnnx()),
            java.util.Map.entry(AveragePooling2DLayer.class, new Pooling2DOnnx()),
            java.util.Map.entry(FlattenLayer.class, new FlattenOnnx()),
            java.util.Map.entry(MergeLayer.class, new MergeOnnx()),
            java.util.Map.entry(ConcatenateLayer.class, new ConcatenateOnnx()),
            java.util.Map.entry(ActivationLayer.class, new ActivationLayerOnnx()),
            java.util.Map.entry(BatchNormalizationLayer.class, new BatchNormalizationOnnx()),
            java.util.Map.entry(GlobalPooling2DLayer.class, new GlobalPooling2DOnnx()),
            java.util.Map.entry(RescalingLayer.class, new RescalingOnnx()),
            java.util.Map.entry(ZeroPadding2DLayer.class, new ZeroPadding2DOnnx()),
            java.util.Map.entry(Cropping2DLayer.class, new Cropping2DOnnx()),
            java.util.Map.entry(UpSampling2DLayer.class, new UpSampling2DOnnx()),
            java.util.Map.entry(LayerNormalizationLayer.class, new LayerNormalizationOnnx()),
            java.util.Map.entry(DepthwiseConv2DLayer.class, new DepthwiseConv2DOnnx()),
            java.util.Map.entry(SeparableConv2DLayer.class, new SeparableConv2DOnnx()),
            java.util.Map.entry(Conv2DTransposeLayer.class, new Conv2DTransposeOnnx()));

    @SuppressWarnings("unchecked")
    private void layer(Layer layer, List<Value> inputs, boolean last) {
        if (layer instanceof TrainingOnlyLayer) {
            return;   // the identity at inference: the next node reads this layer's input (never the last layer)
        }
        OnnxForm<Layer> form = (OnnxForm<Layer>) FORMS.get(layer.getClass());
        if (form == null) {
            throw new IllegalArgumentException("ONNX export: layer " + layer.name() + " is a " + layer.type()
                    + ", which fusenet cannot write to ONNX yet");
        }
        form.write(this, layer, inputs, last);
    }

    /**
     * ONNX's pads: [top, left, bottom, right]; the bottom and right make up Keras's SAME total (VALID's total is
     * never positive, so it pads nothing).
     */
    static long[] pads(Window.Placement at) {
        return new long[] {at.padTop(), at.padLeft(), at.padBottom(), at.padRight()};
    }

    /**
     * The activation after a layer's {@code .linear} value. Softmax normalises the channels: the last axis of a
     * flat value, axis 1 of a channels-first image.
     */
    void activation(String layer, Activation activation, boolean last) {
        activation(layer, layer + "." + activation.kerasName(), activation, last);
    }

    /** The activation as {@link #activation(String, Activation, boolean)}, its (last) node named {@code node}. */
    void activation(String layer, String node, Activation activation, boolean last) {
        if (activation == Activation.LINEAR) {
            finishImage(last);
            return;
        }
        String output = channelsFirst ? layer + ".out" : valueName(layer, last);
        switch (activation) {
            case RELU -> graph.addNode(Protos.node("Relu", node, List.of(current), output));
            case SIGMOID -> graph.addNode(Protos.node("Sigmoid", node, List.of(current), output));
            case TANH -> graph.addNode(Protos.node("Tanh", node, List.of(current), output));
            case SOFTMAX -> graph.addNode(Protos.node("Softmax", node, List.of(current), output,
                    Protos.integer("axis", channelsFirst ? 1 : -1)));
            case LEAKY_RELU -> graph.addNode(Protos.node("LeakyRelu", node, List.of(current), output,
                    Protos.real("alpha", ActivationKernels.LEAKY_RELU_SLOPE)));
            case ELU -> graph.addNode(Protos.node("Elu", node, List.of(current), output,
                    Protos.real("alpha", 1f)));
            case GELU -> gelu(node, output);
            case SWISH -> {
                graph.addNode(Protos.node("Sigmoid", node + ".sigmoid", List.of(current), node + ".sigmoid"));
                graph.addNode(Protos.node("Mul", node, List.of(current, node + ".sigmoid"), output));
            }
            case RELU6 -> {
                // opset 13's Clip takes its bounds as inputs
                graph.addInitializer(Protos.scalar(node + ".min", 0f));
                graph.addInitializer(Protos.scalar(node + ".max", 6f));
                graph.addNode(Protos.node("Clip", node, List.of(current, node + ".min", node + ".max"), output));
            }
            case HARD_SIGMOID -> graph.addNode(Protos.node("HardSigmoid", node, List.of(current), output,
                    Protos.real("alpha", 1f / 6), Protos.real("beta", 0.5f)));
            case HARD_SILU -> {
                // HardSwish is opset 14; below it PyTorch writes x · HardSigmoid(x) too
                graph.addNode(Protos.node("HardSigmoid", node + ".hard_sigmoid", List.of(current),
                        node + ".hard_sigmoid", Protos.real("alpha", 1f / 6), Protos.real("beta", 0.5f)));
                graph.addNode(Protos.node("Mul", node, List.of(current, node + ".hard_sigmoid"), output));
            }
            default -> throw new IllegalStateException("no ONNX form for " + activation);
        }
        current = output;
        finishImage(last);
    }

    /**
     * The exact GELU, x · (1 + erf(x / √2)) / 2, in the five nodes PyTorch's exporter writes for
     * {@code nn.GELU()} before opset 20, which has no Gelu operator.
     */
    void gelu(String node, String output) {
        String x = current;
        graph.addInitializer(Protos.scalar(node + ".sqrt2", (float) Math.sqrt(2.0)));
        graph.addInitializer(Protos.scalar(node + ".one", 1f));
        graph.addInitializer(Protos.scalar(node + ".half", 0.5f));
        graph.addNode(Protos.node("Div", node + ".div", List.of(x, node + ".sqrt2"), node + ".scaled"));
        graph.addNode(Protos.node("Erf", node + ".erf", List.of(node + ".scaled"), node + ".erf"));
        graph.addNode(Protos.node("Add", node + ".add", List.of(node + ".erf", node + ".one"), node + ".plus1"));
        graph.addNode(Protos.node("Mul", node + ".mul", List.of(x, node + ".plus1"), node + ".product"));
        graph.addNode(Protos.node("Mul", node, List.of(node + ".product", node + ".half"), output));
    }

    /** A channels-first image that is the model's last value goes back to channels-last, as predict gives it. */
    void finishImage(boolean last) {
        if (channelsFirst && last) {
            toChannelsLast("output");
        }
    }

    static String valueName(String layer, boolean last) {
        return last ? "output" : layer + ".out";
    }

    void toChannelsFirst() {
        if (!channelsFirst) {
            String output = current + ".nchw";
            if (transposed.add(output)) {
                graph.addNode(Protos.node("Transpose", current + ".to_nchw", List.of(current), output,
                        Protos.ints("perm", 0, 3, 1, 2)));
            }
            current = output;
            channelsFirst = true;
        }
    }

    void toChannelsLast(String output) {
        if (channelsFirst) {
            if (transposed.add(output)) {
                graph.addNode(Protos.node("Transpose", output + ".to_nhwc", List.of(current), output,
                        Protos.ints("perm", 0, 2, 3, 1)));
            }
            current = output;
            channelsFirst = false;
        }
    }
}
