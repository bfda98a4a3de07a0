package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.compiled.ActivationKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Reads an ONNX graph as fusenet layers: it follows the one chain of values from the graph's input to its output,
 * turning each operator (or the few-node patterns exporters write for one layer) into a layer, and refuses
 * anything else with the node, its operator and what fusenet supports.
 *
 * <p>Layouts: ONNX images are channels-first (PyTorch's NCHW) unless a Transpose says otherwise (tf2onnx's NHWC
 * inputs); fusenet's are channels-last. Kernels are transposed to Keras's layouts, and a dense layer after a
 * channels-first flatten gets its kernel rows reordered from (c, h, w) to fusenet's (h, w, c), so the imported
 * model computes the same function on channels-last images.
 */
final class OnnxImport {

    /** The operators and patterns fusenet imports, for the messages. */
    static final String SUPPORTED = "Gemm, MatMul (+ Add), Conv, MaxPool, AveragePool, Flatten, Reshape (to "
            + "flatten), Transpose (between NCHW and NHWC), Relu, Sigmoid, Tanh, Softmax, LeakyRelu (alpha 0.2), "
            + "Elu (alpha 1), Gelu, the erf GELU and Sigmoid·x (swish) patterns, Dropout and Identity";

    /** How the current value's axes are laid out, in ONNX. */
    private enum Layout {
        /** (batch, features). */
        FLAT,
        /** (batch, height, width): images without a channel axis. */
        ROWS,
        /** (batch, channels, height, width). */
        CHANNELS_FIRST,
        /** (batch, height, width, channels). */
        CHANNELS_LAST
    }

    /** What the import made: the layers and the model's input, in fusenet's shapes. */
    record Result(String modelName, int[] inputShape, List<ImportedLayer> layers) {
    }

    private final GraphProto graph;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<NodeProto> visited = new HashSet<>();
    private final List<ImportedLayer> layers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final int opset;

    private String current;
    private Layout layout;
    /** The current value's sample shape in fusenet's terms: (features), (h, w) or (h, w, c). */
    private int[] shape;
    /** The layer whose product is the current value, which a following activation joins; -1 if none. */
    private int activationTarget = -1;
    /**
     * A convolution without activation followed directly by max pooling: a non-decreasing activation after the
     * pooling gives the same values applied before it, so it can join the convolution; -1 if none.
     */
    private int activationTargetBeforePooling = -1;
    /** After a channels-first flatten: (h, w, c) of the image, whose (c, h, w) rows the next dense layer has. */
    private int[] channelsFirstRows;

    private OnnxImport(GraphProto graph, int opset) {
        this.graph = graph;
        this.opset = opset;
    }

    static Result read(ModelProto model, String fallbackName) throws OnnxImportException {
        int opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain()
                .equals("ai.onnx")).mapToInt(o -> (int) o.getVersion()).findFirst().orElse(1);
        if (!model.hasGraph()) {
            throw new OnnxImportException("the file holds no graph: it is not an ONNX model, or an empty one");
        }
        OnnxImport reading = new OnnxImport(model.getGraph(), opset);
        int[] input = reading.follow();
        // Exporters name graphs generically (torch_jit, main_graph, tf2onnx), so only fusenet's metadata is kept.
        String name = model.getMetadataPropsList().stream().filter(p -> p.getKey().equals("name")).findFirst()
                .map(p -> p.getValue()).orElse(fallbackName);
        if (name.isBlank() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            name = fallbackName;
        }
        return new Result(name, input, List.copyOf(reading.layers));
    }

    private int[] follow() throws OnnxImportException {
        for (TensorProto initializer : graph.getInitializerList()) {
            constants.put(initializer.getName(), initializer);
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                Protos.attribute(node, "value").ifPresent(value -> constants.put(node.getOutput(0),
                        value.getT().toBuilder().setName(node.getOutput(0)).build()));
                visited.add(node);
            }
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        ValueInfoProto input = theInput();
        String output = theOutput();
        int[] inputShape = startAt(input);
        while (!current.equals(output)) {
            step();
        }
        List<String> left = graph.getNodeList().stream().filter(n -> !visited.contains(n))
                .map(n -> describe(n)).toList();
        if (!left.isEmpty()) {
            throw new OnnxImportException("nodes " + String.join(", ", left) + " are not on the chain from "
                    + graph.getInput(0).getName() + " to " + output + "; fusenet imports one chain of layers");
        }
        if (layers.isEmpty()) {
            throw new OnnxImportException("the graph has no layer fusenet makes (" + SUPPORTED + ")");
        }
        return inputShape;
    }

    private ValueInfoProto theInput() throws OnnxImportException {
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(i -> !constants.containsKey(i.getName())).toList();
        if (inputs.size() != 1) {
            throw new OnnxImportException("the graph has " + inputs.size() + " inputs ("
                    + inputs.stream().map(ValueInfoProto::getName).collect(Collectors.joining(", "))
                    + "); a fusenet model takes one");
        }
        return inputs.get(0);
    }

    private String theOutput() throws OnnxImportException {
        if (graph.getOutputCount() != 1) {
            throw new OnnxImportException("the graph has " + graph.getOutputCount() + " outputs; a fusenet model "
                    + "gives one");
        }
        return graph.getOutput(0).getName();
    }

    /** The input's sample shape as fusenet takes it, and the layout its ONNX values have. */
    private int[] startAt(ValueInfoProto input) throws OnnxImportException {
        List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        int[] sample = new int[Math.max(dims.size() - 1, 0)];
        for (int i = 1; i < dims.size(); i++) {
            if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
                throw new OnnxImportException("input " + input.getName() + " has a dimension " + i + " of unknown "
                        + "size (" + dims.get(i).getDimParam() + "); fusenet needs every dimension but the batch "
                        + "fixed; export with a fixed sample shape");
            }
            sample[i - 1] = Math.toIntExact(dims.get(i).getDimValue());
        }
        current = input.getName();
        switch (sample.length) {
            case 1 -> {
                layout = Layout.FLAT;
                shape = sample;
            }
            case 2 -> {
                layout = Layout.ROWS;
                shape = sample;
            }
            case 3 -> {
                // tf2onnx's Keras images arrive channels-last and are transposed before the first Conv.
                Optional<NodeProto> first = only(consumers.getOrDefault(current, List.of()));
                boolean channelsLast = first.isPresent() && first.get().getOpType().equals("Transpose")
                        && Arrays.equals(Protos.intsOr(first.get(), "perm", new long[0]), new long[] {0, 3, 1, 2});
                layout = channelsLast ? Layout.CHANNELS_LAST : Layout.CHANNELS_FIRST;
                shape = channelsLast ? sample : new int[] {sample[1], sample[2], sample[0]};
            }
            default -> throw new OnnxImportException("input " + input.getName() + " has shape "
                    + describe(dims) + "; fusenet takes (batch, features), (batch, height, width) or images");
        }
        return shape.clone();
    }

    private static <T> Optional<T> only(List<T> list) {
        return list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
    }

    // ------------------------------------------------------------------ one step along the chain

    private void step() throws OnnxImportException {
        List<NodeProto> next = consumers.getOrDefault(current, List.of()).stream().filter(n -> !visited.contains(n))
                .toList();
        if (next.isEmpty()) {
            throw new OnnxImportException("value " + current + " feeds no node and is not the graph's output");
        }
        if (next.size() == 2) {
            twoConsumers(next);
            return;
        }
        if (next.size() > 2) {
            throw branching(next);
        }
        NodeProto node = next.get(0);
        switch (node.getOpType()) {
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Conv" -> conv(node);
            case "MaxPool", "AveragePool" -> pooling(node);
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(node);
            case "Transpose" -> transpose(node);
            case "Dropout", "Identity" -> passThrough(node);
            case "Relu" -> activation(node, Activation.RELU);
            case "Sigmoid" -> activation(node, Activation.SIGMOID);
            case "Tanh" -> activation(node, Activation.TANH);
            case "Softmax" -> softmax(node);
            case "LeakyRelu" -> leakyRelu(node);
            case "Elu" -> elu(node);
            case "Gelu" -> gelu(node);
            default -> throw unsupported(node, "");
        }
    }

    private OnnxImportException unsupported(NodeProto node, String why) {
        return new OnnxImportException("node " + describe(node) + ": " + (why.isEmpty()
                ? "fusenet has no layer for operator " + node.getOpType() : why) + "; fusenet imports " + SUPPORTED);
    }

    private OnnxImportException branching(List<NodeProto> next) {
        return new OnnxImportException("value " + current + " feeds " + next.size() + " nodes ("
                + next.stream().map(OnnxImport::describe).collect(Collectors.joining(", ")) + "); fusenet imports "
                + "one chain of layers, not branches (skip connections, several heads)");
    }

    private static String describe(NodeProto node) {
        return (node.getName().isEmpty() ? "(unnamed)" : node.getName()) + " (" + node.getOpType() + ")";
    }

    private static String describe(List<TensorShapeProto.Dimension> dims) {
        return dims.stream().map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** Moves along a node that consumed {@code current}: its first output is the new current value. */
    private void advance(NodeProto node) {
        visited.add(node);
        current = node.getOutput(0);
    }

    private TensorProto constant(NodeProto node, int input, String what) throws OnnxImportException {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            throw unsupported(node, "it has no " + what);
        }
        TensorProto tensor = constants.get(node.getInput(input));
        if (tensor == null) {
            throw unsupported(node, "its " + what + " " + node.getInput(input) + " is computed in the graph, not "
                    + "stored as an initializer or a Constant");
        }
        return tensor;
    }

    private void requireCurrentFirst(NodeProto node) throws OnnxImportException {
        if (!node.getInput(0).equals(current)) {
            throw unsupported(node, "it takes " + current + " as input " + node.getInputList().indexOf(current)
                    + "; fusenet reads the layer's input as the first");
        }
    }

    private void requireLayout(NodeProto node, Layout expected, String what) throws OnnxImportException {
        if (layout != expected) {
            throw unsupported(node, "it reads a " + layout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " value, but fusenet's " + what);
        }
    }

    // ------------------------------------------------------------------ dense

    /** PyTorch's nn.Linear: Gemm(x, W (out, in), b, transB = 1); or B as (in, out) with transB = 0. */
    private void gemm(NodeProto node) throws OnnxImportException {
        if (Protos.intOr(node, "transA", 0) != 0) {
            throw unsupported(node, "transA = 1 transposes the batch");
        }
        TensorProto b = denseWeight(node, "weight B");
        long[] dims = Protos.dims(b);
        boolean transposed = Protos.intOr(node, "transB", 0) != 0;
        int inputs = (int) (transposed ? dims[1] : dims[0]);
        int units = (int) (transposed ? dims[0] : dims[1]);
        float[] weight = Protos.floatValues(b);
        float[] kernel = transposed ? transpose(weight, units, inputs) : weight;
        scale(kernel, Protos.floatOr(node, "alpha", 1f));
        float[] bias = null;
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            bias = biasValues(node, constant(node, 2, "bias C"), units);
            scale(bias, Protos.floatOr(node, "beta", 1f));
        }
        advance(node);
        dense(node, b.getName(), inputs, units, kernel, bias);
    }

    /** tf2onnx's Dense and PyTorch's Linear without bias: MatMul(x, W (in, out)), then Add(·, b) if it has one. */
    private void matMul(NodeProto node) throws OnnxImportException {
        TensorProto w = denseWeight(node, "weight");
        long[] dims = Protos.dims(w);
        int inputs = (int) dims[0];
        int units = (int) dims[1];
        float[] kernel = Protos.floatValues(w);
        advance(node);
        float[] bias = null;
        Optional<NodeProto> add = only(consumers.getOrDefault(current, List.of())).filter(n -> n.getOpType()
                .equals("Add"));
        if (add.isPresent()) {
            NodeProto plus = add.get();
            int other = plus.getInput(0).equals(current) ? 1 : 0;
            bias = biasValues(plus, constant(plus, other, "bias"), units);
            advance(plus);
        }
        dense(node, w.getName(), inputs, units, kernel, bias);
    }

    /** A dense layer's checks, shared by Gemm and MatMul: it reads the flat current value and a stored matrix. */
    private TensorProto denseWeight(NodeProto node, String what) throws OnnxImportException {
        requireCurrentFirst(node);
        requireLayout(node, Layout.FLAT, "Dense reads (batch, features); flatten images first");
        TensorProto weight = constant(node, 1, what);
        long[] dims = Protos.dims(weight);
        if (dims.length != 2) {
            throw unsupported(node, "its weight has shape " + Arrays.toString(dims) + ", not a matrix");
        }
        return weight;
    }

    private void dense(NodeProto node, String weightName, int inputs, int units, float[] kernel, float[] bias)
            throws OnnxImportException {
        if (inputs != shape[0]) {
            throw unsupported(node, "its weight takes " + inputs + " features, but the value it reads has "
                    + shape[0]);
        }
        if (channelsFirstRows != null) {
            kernel = rowsToChannelsLast(kernel, channelsFirstRows, units);
            channelsFirstRows = null;
        }
        String name = layerName(weightName, node, "dense");
        add(new ImportedLayer.Dense(name, inputs, units, Activation.LINEAR, kernel, bias));
        shape = new int[] {units};
        activationTarget = layers.size() - 1;
    }

    private float[] biasValues(NodeProto node, TensorProto tensor, int units) throws OnnxImportException {
        float[] values = Protos.floatValues(tensor);
        if (values.length == 1 && units != 1) {
            float[] spread = new float[units];
            Arrays.fill(spread, values[0]);
            return spread;
        }
        if (values.length != units) {
            throw unsupported(node, "its bias has " + values.length + " values for " + units + " units");
        }
        return values;
    }

    /** Rows in (c, h, w) order, as a channels-first flatten lays them out, reordered to (h, w, c). */
    private static float[] rowsToChannelsLast(float[] kernel, int[] hwc, int units) {
        int h = hwc[0];
        int w = hwc[1];
        int c = hwc[2];
        float[] reordered = new float[kernel.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    int to = ((y * w + x) * c + ch) * units;
                    int from = ((ch * h + y) * w + x) * units;
                    System.arraycopy(kernel, from, reordered, to, units);
                }
            }
        }
        return reordered;
    }

    private static float[] transpose(float[] values, int rows, int columns) {
        float[] transposed = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = values[r * columns + c];
            }
        }
        return transposed;
    }

    private static void scale(float[] values, float factor) {
        if (factor != 1f) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= factor;
            }
        }
    }

    // ------------------------------------------------------------------ images

    /** Conv over NCHW with W (filters, in, kh, kw): fusenet's Conv2D with the kernel as (kh, kw, in, filters). */
    private void conv(NodeProto node) throws OnnxImportException {
        requireCurrentFirst(node);
        requireLayout(node, Layout.CHANNELS_FIRST, "Conv2D reads images, which ONNX's Conv takes channels-first");
        TensorProto w = constant(node, 1, "weight W");
        long[] dims = Protos.dims(w);
        if (dims.length != 4) {
            throw unsupported(node, "its weight has shape " + Arrays.toString(dims) + "; fusenet has 2D "
                    + "convolutions only");
        }
        if (Protos.intOr(node, "group", 1) != 1) {
            throw unsupported(node, "group = " + Protos.intOr(node, "group", 1) + " (a grouped or depthwise "
                    + "convolution); fusenet's Conv2D has group 1");
        }
        requireOnes(node, "dilations");
        int filters = (int) dims[0];
        int channels = (int) dims[1];
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        if (channels != shape[2]) {
            throw unsupported(node, "its weight reads " + channels + " channels, but the image has " + shape[2]);
        }
        int[] strides = strides(node);
        Padding padding = padding(node, kh, kw, strides);
        float[] onnx = Protos.floatValues(w);
        float[] keras = new float[onnx.length];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        keras[((y * kw + x) * channels + c) * filters + f] = onnx[((f * channels + c) * kh + y) * kw + x];
                    }
                }
            }
        }
        float[] bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                ? biasValues(node, constant(node, 2, "bias B"), filters) : null;
        advance(node);
        Window.Placement at = new Window(List.of(kh, kw), List.of(strides[0], strides[1]), padding)
                .over(shape[0], shape[1]);
        add(new ImportedLayer.Conv2D(layerName(w.getName(), node, "conv2d"), filters, new int[] {kh, kw}, strides,
                padding, channels, Activation.LINEAR, keras, bias));
        shape = new int[] {at.outputHeight(), at.outputWidth(), filters};
        activationTarget = layers.size() - 1;
    }

    private void pooling(NodeProto node) throws OnnxImportException {
        requireLayout(node, Layout.CHANNELS_FIRST, "pooling reads images, which ONNX's pooling takes channels-first");
        boolean max = node.getOpType().equals("MaxPool");
        long[] kernel = Protos.intsOr(node, "kernel_shape", new long[0]);
        if (kernel.length != 2) {
            throw unsupported(node, "kernel_shape " + Arrays.toString(kernel) + " is not 2D");
        }
        if (Protos.intOr(node, "ceil_mode", 0) != 0) {
            throw unsupported(node, "ceil_mode = 1 keeps partial windows at the end; fusenet's pooling, as "
                    + "Keras's, uses VALID or SAME");
        }
        requireOnes(node, "dilations");
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw unsupported(node, "its second output (the argmax indices) is used");
        }
        int kh = (int) kernel[0];
        int kw = (int) kernel[1];
        int[] strides = strides(node);
        Padding padding = padding(node, kh, kw, strides);
        if (!max && padding == Padding.SAME && Protos.intOr(node, "count_include_pad", 0) != 0) {
            throw unsupported(node, "count_include_pad = 1 averages the zeros of the padding; fusenet, as Keras, "
                    + "averages the pixels inside the image");
        }
        advance(node);
        Window.Placement at = new Window(List.of(kh, kw), List.of(strides[0], strides[1]), padding)
                .over(shape[0], shape[1]);
        int before = activationTarget;
        add(new ImportedLayer.Pooling2D(layerName("", node, max ? "max_pooling2d" : "average_pooling2d"), max,
                new int[] {kh, kw}, strides, padding));
        shape = new int[] {at.outputHeight(), at.outputWidth(), shape[2]};
        activationTargetBeforePooling = max ? before : -1;
        activationTarget = -1;
    }

    private static void requireOnes(NodeProto node, String attribute) throws OnnxImportException {
        for (long value : Protos.intsOr(node, attribute, new long[0])) {
            if (value != 1) {
                throw new OnnxImportException("node " + describe(node) + ": " + attribute + " "
                        + Arrays.toString(Protos.intsOr(node, attribute, new long[0])) + "; fusenet supports "
                        + attribute + " of 1 only");
            }
        }
    }

    private static int[] strides(NodeProto node) {
        long[] strides = Protos.intsOr(node, "strides", new long[] {1, 1});
        return new int[] {(int) strides[0], (int) strides[1]};
    }

    /**
     * VALID when nothing is padded; SAME when the padding is Keras's for this input (the extra pixel of an odd
     * total after the image, as TensorFlow and ONNX's SAME_UPPER do); anything else has no fusenet equivalent.
     */
    private Padding padding(NodeProto node, int kh, int kw, int[] strides) throws OnnxImportException {
        String auto = Protos.stringOr(node, "auto_pad", "NOTSET");
        switch (auto) {
            case "VALID" -> {
                return Padding.VALID;
            }
            case "SAME_UPPER" -> {
                return Padding.SAME;
            }
            case "NOTSET" -> {
            }
            default -> throw unsupported(node, "auto_pad = " + auto + " puts the extra pixel before the image; "
                    + "fusenet's SAME, as Keras's, puts it after");
        }
        long[] pads = Protos.intsOr(node, "pads", new long[] {0, 0, 0, 0});
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            return Padding.VALID;
        }
        Window.Placement same = new Window(List.of(kh, kw), List.of(strides[0], strides[1]), Padding.SAME)
                .over(shape[0], shape[1]);
        long bottom = Math.max((same.outputHeight() - 1L) * strides[0] + kh - shape[0], 0) - same.padTop();
        long right = Math.max((same.outputWidth() - 1L) * strides[1] + kw - shape[1], 0) - same.padLeft();
        long[] keras = {same.padTop(), same.padLeft(), bottom, right};
        if (Arrays.equals(pads, keras)) {
            return Padding.SAME;
        }
        throw unsupported(node, "pads " + Arrays.toString(pads) + " on a " + shape[0] + "×" + shape[1] + " image "
                + "are neither none (VALID) nor Keras's SAME, " + Arrays.toString(keras));
    }

    // ------------------------------------------------------------------ reshaping

    private void flatten(NodeProto node) throws OnnxImportException {
        if (Protos.intOr(node, "axis", 1) != 1) {
            throw unsupported(node, "axis = " + Protos.intOr(node, "axis", 1) + "; fusenet flattens everything "
                    + "after the batch (axis 1)");
        }
        advance(node);
        flattenHere(node);
    }

    /** A Reshape to (batch, features): what tf2onnx writes for Keras's Flatten and PyTorch for x.view(-1, n). */
    private void reshape(NodeProto node) throws OnnxImportException {
        requireCurrentFirst(node);
        long[] target = Protos.longValues(constant(node, 1, "target shape"));
        long size = Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
        boolean flattens = target.length == 2 && (target[0] == 0 || target[0] == -1)
                && (target[1] == size || target[1] == -1);
        if (!flattens) {
            throw unsupported(node, "it reshapes to " + Arrays.toString(target) + "; fusenet reads a Reshape "
                    + "only as a flatten to (batch, " + size + ") ([-1, " + size + "] or [0, -1])");
        }
        advance(node);
        flattenHere(node);
    }

    private void flattenHere(NodeProto node) {
        if (layout == Layout.FLAT) {
            return;
        }
        if (layout == Layout.CHANNELS_FIRST) {
            channelsFirstRows = shape.clone();
        }
        add(new ImportedLayer.Flatten(layerName("", node, "flatten")));
        shape = new int[] {Arrays.stream(shape).reduce(1, Math::multiplyExact)};
        layout = Layout.FLAT;
        activationTarget = -1;
        activationTargetBeforePooling = -1;
    }

    private void transpose(NodeProto node) throws OnnxImportException {
        long[] perm = Protos.intsOr(node, "perm", new long[0]);
        if (layout == Layout.CHANNELS_LAST && Arrays.equals(perm, new long[] {0, 3, 1, 2})) {
            layout = Layout.CHANNELS_FIRST;
        } else if (layout == Layout.CHANNELS_FIRST && Arrays.equals(perm, new long[] {0, 2, 3, 1})) {
            layout = Layout.CHANNELS_LAST;
        } else {
            throw unsupported(node, "perm " + Arrays.toString(perm) + " on a " + layout.name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " value; fusenet reads Transpose only "
                    + "between NHWC and NCHW images");
        }
        advance(node);
    }

    private void passThrough(NodeProto node) throws OnnxImportException {
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && consumers.containsKey(node.getOutput(i))) {
                throw unsupported(node, "its output " + node.getOutput(i) + " (a dropout mask) is used");
            }
        }
        advance(node);
    }

    // ------------------------------------------------------------------ activations

    private void activation(NodeProto node, Activation activation) throws OnnxImportException {
        advance(node);
        if (activationTarget >= 0 && layers.get(activationTarget).takesActivation()) {
            layers.set(activationTarget, layers.get(activationTarget).withActivation(activation));
            activationTarget = -1;
            return;
        }
        if (activationTargetBeforePooling >= 0 && isNonDecreasing(activation)
                && layers.get(activationTargetBeforePooling).takesActivation()) {
            // max(f(a), f(b)) = f(max(a, b)) for a non-decreasing f: the same values, activated before pooling.
            layers.set(activationTargetBeforePooling, layers.get(activationTargetBeforePooling)
                    .withActivation(activation));
            activationTargetBeforePooling = -1;
            return;
        }
        throw unsupported(node, "fusenet applies " + activation.kerasName() + " as part of the Dense or Conv2D "
                + "layer right before it (or before a max pooling that follows one), and there is none here");
    }

    private static boolean isNonDecreasing(Activation activation) {
        return switch (activation) {
            case RELU, SIGMOID, TANH, LEAKY_RELU, ELU -> true;
            default -> false;
        };
    }

    private void softmax(NodeProto node) throws OnnxImportException {
        long axis = Protos.intOr(node, "axis", opset >= 13 ? -1 : 1);
        boolean overFeatures = switch (layout) {
            case FLAT -> axis == 1 || axis == -1;
            case CHANNELS_FIRST -> axis == 1 && opset >= 13;
            case CHANNELS_LAST -> axis == 3 || axis == -1;
            case ROWS -> false;
        };
        if (!overFeatures) {
            throw unsupported(node, "softmax over axis " + axis + " of a " + layout.name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " value (opset " + opset + "); fusenet's "
                    + "softmax normalises the features or channels");
        }
        activation(node, Activation.SOFTMAX);
    }

    private void leakyRelu(NodeProto node) throws OnnxImportException {
        float alpha = Protos.floatOr(node, "alpha", 0.01f);
        if (alpha != ActivationKernels.LEAKY_RELU_SLOPE) {
            throw unsupported(node, "alpha = " + alpha + ", but fusenet's leaky_relu has Keras's slope "
                    + ActivationKernels.LEAKY_RELU_SLOPE + " (PyTorch's default is 0.01: use "
                    + "nn.LeakyReLU(0.2))");
        }
        activation(node, Activation.LEAKY_RELU);
    }

    private void elu(NodeProto node) throws OnnxImportException {
        float alpha = Protos.floatOr(node, "alpha", 1f);
        if (alpha != 1f) {
            throw unsupported(node, "alpha = " + alpha + ", but fusenet's elu has alpha 1");
        }
        activation(node, Activation.ELU);
    }

    private void gelu(NodeProto node) throws OnnxImportException {
        String approximate = Protos.stringOr(node, "approximate", "none");
        if (!approximate.equals("none")) {
            throw unsupported(node, "approximate = " + approximate + "; fusenet's gelu is the exact (erf) one");
        }
        activation(node, Activation.GELU);
    }

    /** The two activations exporters write as several nodes that all read the layer's output. */
    private void twoConsumers(List<NodeProto> next) throws OnnxImportException {
        Optional<NodeProto> sigmoid = next.stream().filter(n -> n.getOpType().equals("Sigmoid")).findFirst();
        Optional<NodeProto> mul = next.stream().filter(n -> n.getOpType().equals("Mul")).findFirst();
        if (sigmoid.isPresent() && mul.isPresent()
                && mul.get().getInputList().contains(sigmoid.get().getOutput(0))) {
            visited.add(sigmoid.get());
            activation(mul.get(), Activation.SWISH);
            return;
        }
        Optional<NodeProto> div = next.stream().filter(n -> n.getOpType().equals("Div")).findFirst();
        if (div.isPresent() && mul.isPresent()) {
            Optional<NodeProto> end = erfGelu(div.get(), mul.get());
            if (end.isPresent()) {
                visited.addAll(List.of(div.get(), mul.get()));
                activation(end.get(), Activation.GELU);
                return;
            }
        }
        throw branching(next);
    }

    /**
     * PyTorch's exact GELU before opset 20: Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(0.5). Returns the last
     * node when the chain matches, having marked the ones between as read.
     */
    private Optional<NodeProto> erfGelu(NodeProto div, NodeProto product) {
        if (!scalarInput(div, 1, (float) Math.sqrt(2.0))) {
            return Optional.empty();
        }
        Optional<NodeProto> erf = only(consumers.getOrDefault(div.getOutput(0), List.of()))
                .filter(n -> n.getOpType().equals("Erf"));
        Optional<NodeProto> plusOne = erf.flatMap(n -> only(consumers.getOrDefault(n.getOutput(0), List.of())))
                .filter(n -> n.getOpType().equals("Add") && scalarInputAnywhere(n, 1f));
        if (plusOne.isEmpty() || !product.getInputList().contains(plusOne.get().getOutput(0))) {
            return Optional.empty();
        }
        Optional<NodeProto> half = only(consumers.getOrDefault(product.getOutput(0), List.of()))
                .filter(n -> n.getOpType().equals("Mul") && scalarInputAnywhere(n, 0.5f));
        if (half.isEmpty()) {
            return Optional.empty();
        }
        visited.add(erf.get());
        visited.add(plusOne.get());
        return half;
    }

    private boolean scalarInput(NodeProto node, int input, float value) {
        TensorProto tensor = node.getInputCount() > input ? constants.get(node.getInput(input)) : null;
        if (tensor == null) {
            return false;
        }
        try {
            float[] values = Protos.floatValues(tensor);
            return values.length == 1 && Math.abs(values[0] - value) <= 1e-6f * Math.abs(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean scalarInputAnywhere(NodeProto node, float value) {
        return scalarInput(node, 0, value) || scalarInput(node, 1, value);
    }

    // ------------------------------------------------------------------ names

    private void add(ImportedLayer layer) {
        layers.add(layer);
    }

    /**
     * A Java identifier for a layer, as its method in a {@code @Compile} interface: from its weight's name
     * ({@code fc1.weight} → {@code fc1}, {@code hidden.kernel} → {@code hidden}), else from its node's name
     * ({@code /pool1/MaxPool} → {@code pool1}), else Keras's name for the kind, numbered.
     */
    private String layerName(String weightName, NodeProto node, String kind) {
        List<String> candidates = new ArrayList<>();
        for (String suffix : List.of(".weight", ".kernel", "/kernel", ".W")) {
            if (weightName.endsWith(suffix)) {
                candidates.add(weightName.substring(0, weightName.length() - suffix.length()));
            }
        }
        List<String> parts = new ArrayList<>(Arrays.asList(node.getName().split("/")));
        parts.removeIf(p -> p.isEmpty() || p.equals(node.getOpType()) || p.matches(node.getOpType() + "_\\d+"));
        if (!parts.isEmpty()) {
            candidates.add(parts.get(parts.size() - 1));
        }
        for (String candidate : candidates) {
            String name = identifier(candidate);
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
                return name;
            }
        }
        for (int n = 1; ; n++) {
            String name = kind + "_" + n;
            if (!names.contains(name)) {
                names.add(name);
                return name;
            }
        }
    }

    /** {@code features.0} → {@code features_0}; empty when nothing usable is left. */
    private static String identifier(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (cleaned.isEmpty()) {
            return "";
        }
        if (!Character.isJavaIdentifierStart(cleaned.charAt(0))) {
            cleaned = "layer_" + cleaned;
        }
        if (!javax.lang.model.SourceVersion.isName(cleaned)
                || dev.fusenet.model.ModelRules.RESERVED_LAYER_NAMES.contains(cleaned)) {
            cleaned = cleaned + "_layer";
        }
        return cleaned;
    }
}
