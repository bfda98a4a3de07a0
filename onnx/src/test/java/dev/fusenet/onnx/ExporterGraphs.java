package dev.fusenet.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * ONNX files in the shapes other exporters write, built through the protobuf API, for the import tests.
 *
 * <p>PyTorch's {@code torch.onnx.export} (TorchScript exporter, opset 17): inputs and outputs named by the caller
 * with a {@code dynamic_axes} batch dimension; nodes named after the module path ({@code /fc1/Gemm},
 * {@code /conv1/Conv}); weights named after the parameters ({@code fc1.weight}); {@code nn.Linear} as
 * {@code Gemm(x, W (out, in), b, alpha = 1, beta = 1, transB = 1)}; {@code nn.Conv2d} as {@code Conv} with every
 * attribute written (dilations, group, kernel_shape, pads, strides); {@code nn.Flatten} as {@code Flatten(axis=1)};
 * {@code nn.SiLU} as Sigmoid and Mul; {@code nn.GELU} as Div(√2), Erf, Add(1), Mul(x), Mul(0.5).
 *
 * <p>tf2onnx on a Keras model: the NHWC input transposed with {@code perm [0, 3, 1, 2]} before the first Conv and
 * back with {@code [0, 2, 3, 1]} before the Reshape that Keras's Flatten becomes ({@code [-1, n]}, an int64
 * initializer); Dense as MatMul(x, W (in, out)) then Add(b).
 */
final class ExporterGraphs {

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("torch_jit");
    private final int opset;
    private String current;

    ExporterGraphs(String input, int opset, int... sampleShape) {
        this.opset = opset;
        this.current = input;
        graph.addInput(value(input, "batch_size", sampleShape));
    }

    static ValueInfoProto value(String name, String batch, int... sampleShape) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDimBuilder().setDimParam(batch);
        for (int dim : sampleShape) {
            shape.addDimBuilder().setDimValue(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    ExporterGraphs weight(String name, float[] values, long... dims) {
        graph.addInitializer(Protos.floats(name, dims, values));
        return this;
    }

    ExporterGraphs int64s(String name, long... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        graph.addInitializer(tensor);
        return this;
    }

    /** A node reading the current value (and {@code others}), whose output becomes the current value. */
    ExporterGraphs node(String op, String name, List<String> others, AttributeProto... attributes) {
        List<String> inputs = new ArrayList<>();
        inputs.add(current);
        inputs.addAll(others);
        String output = name.replace("/", "_").substring(1) + "_output_0";
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        current = output;
        return this;
    }

    /** A node with the given inputs and output, leaving the current value alone. */
    ExporterGraphs raw(String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return this;
    }

    String current() {
        return current;
    }

    ExporterGraphs current(String value) {
        current = value;
        return this;
    }

    /** PyTorch's nn.Linear(in, out): Gemm with the weight as (out, in) and transB = 1. */
    ExporterGraphs linear(String module, int in, int out, long seed) {
        weight(module + ".weight", OrtRunner.random(in * out, seed), out, in);
        weight(module + ".bias", OrtRunner.random(out, seed + 1), out);
        return node("Gemm", "/" + module + "/Gemm", List.of(module + ".weight", module + ".bias"),
                Protos.real("alpha", 1f), Protos.real("beta", 1f), Protos.integer("transB", 1));
    }

    /** PyTorch's nn.Conv2d(in, out, k, stride, padding). */
    ExporterGraphs conv(String module, int in, int out, int k, int stride, int padding, long seed) {
        weight(module + ".weight", OrtRunner.random(out * in * k * k, seed), out, in, k, k);
        weight(module + ".bias", OrtRunner.random(out, seed + 1), out);
        return node("Conv", "/" + module + "/Conv", List.of(module + ".weight", module + ".bias"),
                Protos.ints("dilations", 1, 1), Protos.integer("group", 1), Protos.ints("kernel_shape", k, k),
                Protos.ints("pads", padding, padding, padding, padding), Protos.ints("strides", stride, stride));
    }

    /** PyTorch's nn.MaxPool2d(k) (strides k) and F.max_pool2d. */
    ExporterGraphs maxPool(String name, int k) {
        return node("MaxPool", name, List.of(), Protos.integer("ceil_mode", 0), Protos.ints("dilations", 1, 1),
                Protos.ints("kernel_shape", k, k), Protos.ints("pads", 0, 0, 0, 0), Protos.ints("strides", k, k));
    }

    /** PyTorch's nn.GELU(): the erf formula in five nodes, with its constants as Constant nodes. */
    ExporterGraphs gelu(String module) {
        String x = current;
        String prefix = "/" + module;
        constant(prefix + "/Constant", (float) Math.sqrt(2.0));
        constant(prefix + "/Constant_1", 1f);
        constant(prefix + "/Constant_2", 0.5f);
        raw("Div", prefix + "/Div", List.of(x, name(prefix + "/Constant")), name(prefix + "/Div"));
        raw("Erf", prefix + "/Erf", List.of(name(prefix + "/Div")), name(prefix + "/Erf"));
        raw("Add", prefix + "/Add", List.of(name(prefix + "/Erf"), name(prefix + "/Constant_1")),
                name(prefix + "/Add"));
        raw("Mul", prefix + "/Mul", List.of(x, name(prefix + "/Add")), name(prefix + "/Mul"));
        raw("Mul", prefix + "/Mul_1", List.of(name(prefix + "/Mul"), name(prefix + "/Constant_2")),
                name(prefix + "/Mul_1"));
        current = name(prefix + "/Mul_1");
        return this;
    }

    /** PyTorch's nn.SiLU(): Sigmoid then Mul with the input. */
    ExporterGraphs silu(String module) {
        String x = current;
        String prefix = "/" + module;
        raw("Sigmoid", prefix + "/Sigmoid", List.of(x), name(prefix + "/Sigmoid"));
        raw("Mul", prefix + "/Mul", List.of(x, name(prefix + "/Sigmoid")), name(prefix + "/Mul"));
        current = name(prefix + "/Mul");
        return this;
    }

    /**
     * PyTorch's {@code x.view(x.size(0), -1)}: the target shape computed from the batch size as torch.onnx writes
     * it at opset 13 (Shape, Gather of index 0, Unsqueeze on axis 0, Concat with [-1]), then Reshape.
     */
    ExporterGraphs viewFlatten(String prefix) {
        String x = current;
        raw("Shape", prefix + "/Shape", List.of(x), name(prefix + "/Shape"));
        int64Constant(prefix + "/Constant", new long[0], 0);
        raw("Gather", prefix + "/Gather", List.of(name(prefix + "/Shape"), name(prefix + "/Constant")),
                name(prefix + "/Gather"), Protos.integer("axis", 0));
        int64Constant(prefix + "/Constant_axes", new long[] {1}, 0);
        raw("Unsqueeze", prefix + "/Unsqueeze", List.of(name(prefix + "/Gather"), name(prefix + "/Constant_axes")),
                name(prefix + "/Unsqueeze"));
        int64Constant(prefix + "/Constant_1", new long[] {1}, -1);
        raw("Concat", prefix + "/Concat", List.of(name(prefix + "/Unsqueeze"), name(prefix + "/Constant_1")),
                name(prefix + "/Concat"), Protos.integer("axis", 0));
        raw("Reshape", prefix + "/Reshape", List.of(x, name(prefix + "/Concat")), name(prefix + "/Reshape"));
        current = name(prefix + "/Reshape");
        return this;
    }

    /** Replaces the initializer {@code name} by what {@code change} makes of it: malformed files for the tests. */
    ExporterGraphs changeInitializer(String name, java.util.function.UnaryOperator<TensorProto.Builder> change) {
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals(name)) {
                graph.setInitializer(i, change.apply(graph.getInitializer(i).toBuilder()));
                return this;
            }
        }
        throw new IllegalArgumentException("no initializer " + name);
    }

    private void int64Constant(String node, long[] dims, long value) {
        graph.addNode(NodeProto.newBuilder().setOpType("Constant").setName(node).addOutput(name(node))
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Protos.longs("", dims, new long[] {value}))));
    }

    private void constant(String node, float value) {
        graph.addNode(NodeProto.newBuilder().setOpType("Constant").setName(node).addOutput(name(node))
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Protos.scalar("", value))));
    }

    private static String name(String node) {
        return node.replace("/", "_").substring(1) + "_output_0";
    }

    /** Names the current value {@code output} by an Identity-free rename of the last node's output. */
    Path write(Path file, String output, int... outputShape) throws IOException {
        int last = graph.getNodeCount() - 1;
        NodeProto node = graph.getNode(last);
        graph.setNode(last, node.toBuilder().setOutput(0, output));
        graph.addOutput(value(output, "batch_size", outputShape));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch")
                .setProducerVersion("2.5.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
        try (var out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }
}
