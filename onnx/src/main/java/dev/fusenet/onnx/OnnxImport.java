package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.MergeSpec;
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
 * Reads an ONNX graph as fusenet layers: it visits the nodes in the graph's order (ONNX stores them sorted, each
 * after the nodes it reads), turning each operator, or the few-node patterns exporters write for one layer, into a
 * layer that reads the layers holding its inputs, so residual connections and concatenated branches import as the
 * graphs they are. Anything else is refused with the node, its operator and what fusenet supports.
 *
 * <p>Layouts: ONNX images are channels-first (PyTorch's NCHW) unless a Transpose says otherwise (tf2onnx's NHWC
 * inputs); fusenet's are channels-last. Kernels are transposed to Keras's layouts, a concatenation's axis is
 * counted on the channels-last image, and a dense layer after a channels-first flatten gets its kernel rows
 * reordered from (c, h, w) to fusenet's (h, w, c), so the imported model computes the same function on
 * channels-last images.
 *
 * <p>Activations: an activation node joins the Dense or Conv2D layer whose product it reads when nothing else reads
 * that product (or the max pooling of it), as a layer's {@code activation}; elsewhere (after a residual sum) it
 * becomes an activation layer of its own.
 */
final class OnnxImport {

    /** The operators and patterns fusenet imports, for the messages. */
    static final String SUPPORTED = "Gemm, MatMul (+ Add), Conv, MaxPool, AveragePool, Flatten, Reshape (to "
            + "flatten), Transpose (between NCHW and NHWC), Add, Sum, Sub, Mul, Mean, Max, Min and Concat of computed "
            + "values, Relu, Sigmoid, Tanh, Softmax, LeakyRelu (alpha 0.2), Elu (alpha 1), Gelu, Clip(0, 6) (relu6), "
            + "HardSigmoid (alpha 1/6, beta 0.5), HardSwish, the erf GELU, Sigmoid·x (swish) and HardSigmoid·x (hard "
            + "swish) patterns, Dropout and Identity";

    /** How a value's axes are laid out, in ONNX. */
    private enum Layout {
        /** (batch, features). */
        FLAT,
        /** (batch, height, width): images without a channel axis. */
        ROWS,
        /** (batch, channels, height, width). */
        CHANNELS_FIRST,
        /** (batch, height, width, channels). */
        CHANNELS_LAST;

        String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * What one ONNX value is in fusenet's terms.
     *
     * @param layer the fusenet layer (or the input) whose output holds it
     * @param shape its sample shape in fusenet's terms: (features), (h, w) or (h, w, c)
     * @param channelsFirstRows after a channels-first flatten: (h, w, c) of the image, whose (c, h, w) order the
     *     values have; null otherwise
     * @param product the index of the Dense or Conv2D layer, without activation, whose product this is and which
     *     nothing else reads, so an activation can join it; -1 if none
     * @param pooledProduct the index of such a convolution when this is its product max-pooled: a non-decreasing
     *     activation after the pooling gives the same values applied before it; -1 if none
     */
    private record Value(String layer, Layout layout, int[] shape, int[] channelsFirstRows, int product,
                         int pooledProduct) {

        /** The same values under another ONNX name or layout: nothing to join any more unless it is read once. */
        Value passedOn(Layout to, boolean readOnce) {
            return new Value(layer, to, shape, channelsFirstRows, readOnce ? product : -1,
                    readOnce ? pooledProduct : -1);
        }
    }

    /** What the import made: the layers, which layers each reads, and the model's input in fusenet's shapes. */
    record Result(String modelName, String inputName, int[] inputShape, List<ImportedLayer> layers,
                  List<List<String>> reads) {

        /** Whether each layer reads the one before it (the first the input): a chain, as Keras's Sequential. */
        boolean isChain() {
            for (int i = 0; i < layers.size(); i++) {
                String previous = i == 0 ? inputName : layers.get(i - 1).name();
                if (!reads.get(i).equals(List.of(previous))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final GraphProto graph;
    private final Map<String, TensorProto> constants = new java.util.LinkedHashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Set<NodeProto> visited = new HashSet<>();
    /** The ONNX values that are a merge layer's output, and the layer: a chain of binary Adds folds into one. */
    private final Map<String, Integer> mergeOutputs = new HashMap<>();
    private final List<ImportedLayer> layers = new ArrayList<>();
    private final List<List<String>> reads = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final int opset;

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
        reading.index();
        ValueInfoProto input = reading.theInput();
        String inputName = reading.inputName(input);
        int[] inputShape = reading.startAt(input, inputName);
        reading.visitNodes();
        // Exporters name graphs generically (torch_jit, main_graph, tf2onnx), so only fusenet's metadata is kept.
        String name = model.getMetadataPropsList().stream().filter(p -> p.getKey().equals("name")).findFirst()
                .map(p -> p.getValue()).orElse(fallbackName);
        if (name.isBlank() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            name = fallbackName;
        }
        return new Result(name, inputName, inputShape, List.copyOf(reading.layers), List.copyOf(reading.reads));
    }

    /** The constants (initializers and Constant nodes), each checked, and each value's readers. */
    private void index() throws OnnxImportException {
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
        foldBatchSizedShapes();
        for (TensorProto constant : constants.values()) {
            String problem = Protos.malformation(constant);
            if (problem != null) {
                List<NodeProto> readers = consumers.getOrDefault(constant.getName(), List.of());
                String where = readers.isEmpty() ? "read by no node"
                        : "read by node " + readers.stream().map(OnnxImport::describe).collect(Collectors.joining(", "));
                boolean initializer = graph.getInitializerList().stream()
                        .anyMatch(i -> i.getName().equals(constant.getName()));
                throw new OnnxImportException((initializer ? "initializer " : "the value of Constant ")
                        + constant.getName() + " (" + where + ") " + problem);
            }
        }
    }

    /** Stands for the batch size in a shape the graph computes at run time. */
    private static final long BATCH = Long.MIN_VALUE;

    /**
     * PyTorch's {@code x.view(x.size(0), -1)} exports the target shape as arithmetic on the batch size:
     * Shape → Gather(0) → Unsqueeze → Concat with [-1] → Reshape. Such a target becomes the constant [0, -1]
     * (ONNX's 0 copies the input's dimension, here the batch) and its nodes are read as part of the Reshape, so
     * the value they take the shape of is not a branch.
     */
    private void foldBatchSizedShapes() {
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String output : node.getOutputList()) {
                producers.put(output, node);
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("Reshape") || node.getInputCount() < 2
                    || constants.containsKey(node.getInput(1))) {
                continue;
            }
            Set<NodeProto> arithmetic = new java.util.LinkedHashSet<>();
            long[] target = shapeArithmetic(node.getInput(1), node.getInput(0), producers, arithmetic);
            if (target == null) {
                continue;
            }
            for (int i = 0; i < target.length; i++) {
                target[i] = target[i] == BATCH ? 0 : target[i];
            }
            constants.put(node.getInput(1), Protos.longs(node.getInput(1), new long[] {target.length}, target));
            visited.addAll(arithmetic);
            for (NodeProto used : arithmetic) {
                for (String input : used.getInputList()) {
                    consumers.getOrDefault(input, new ArrayList<>()).remove(used);
                }
            }
        }
    }

    /**
     * The values of an int64 vector computed from constants and the batch size of {@code data}, with
     * {@link #BATCH} for the batch size, or null where it is other arithmetic. A scalar is a vector of one.
     */
    private long[] shapeArithmetic(String value, String data, Map<String, NodeProto> producers,
                                   Set<NodeProto> used) {
        TensorProto constant = constants.get(value);
        if (constant != null) {
            int type = constant.getDataType();
            boolean integers = type == TensorProto.DataType.INT64_VALUE || type == TensorProto.DataType.INT32_VALUE;
            return integers && Protos.malformation(constant) == null ? Protos.longValues(constant) : null;
        }
        NodeProto node = producers.get(value);
        if (node == null) {
            return null;
        }
        long[] result = switch (node.getOpType()) {
            case "Gather" -> {
                NodeProto shape = producers.get(node.getInput(0));
                long[] index = node.getInputCount() > 1 ? shapeArithmetic(node.getInput(1), data, producers, used)
                        : null;
                boolean batch = shape != null && shape.getOpType().equals("Shape") && shape.getInput(0).equals(data)
                        && Protos.intOr(shape, "start", 0) == 0 && Protos.intOr(node, "axis", 0) == 0
                        && index != null && index.length == 1 && index[0] == 0;
                if (batch) {
                    used.add(shape);
                }
                yield batch ? new long[] {BATCH} : null;
            }
            case "Unsqueeze" -> {
                long[] axes = node.getInputCount() > 1 ? shapeArithmetic(node.getInput(1), data, producers, used)
                        : Protos.intsOr(node, "axes", null);
                long[] in = shapeArithmetic(node.getInput(0), data, producers, used);
                yield axes != null && axes.length == 1 && axes[0] == 0 && in != null && in.length == 1 ? in : null;
            }
            case "Cast" -> shapeArithmetic(node.getInput(0), data, producers, used);
            case "Concat" -> {
                if (Protos.intOr(node, "axis", 0) != 0) {
                    yield null;
                }
                long[] joined = new long[0];
                for (String input : node.getInputList()) {
                    long[] part = shapeArithmetic(input, data, producers, used);
                    if (part == null) {
                        yield null;
                    }
                    joined = java.util.stream.LongStream.concat(Arrays.stream(joined), Arrays.stream(part)).toArray();
                }
                yield joined;
            }
            default -> null;
        };
        if (result != null) {
            used.add(node);
        }
        return result;
    }

    private void visitNodes() throws OnnxImportException {
        String output = theOutput();
        for (NodeProto node : graph.getNodeList()) {
            if (visited.add(node)) {
                visit(node);
            }
        }
        if (layers.isEmpty()) {
            throw new OnnxImportException("the graph has no layer fusenet makes (" + SUPPORTED + ")");
        }
        Value result = values.get(output);
        if (result == null) {
            throw new OnnxImportException("the graph's output " + output + " is not computed from its input");
        }
        for (NodeProto node : graph.getNodeList()) {
            String made = node.getOutputCount() > 0 ? node.getOutput(0) : "";
            if (values.containsKey(made) && !made.equals(output) && consumers.getOrDefault(made, List.of()).isEmpty()) {
                throw new OnnxImportException("value " + made + " of node " + describe(node) + " feeds no node and "
                        + "is not the graph's output; a fusenet model has one output, " + output);
            }
        }
        ImportedLayer last = layers.get(layers.size() - 1);
        if (!result.layer().equals(last.name())) {
            throw new OnnxImportException("the graph's output " + output + " is " + result.layer() + "'s, but "
                    + last.name() + " comes after it; a fusenet model's output is its last layer");
        }
        if (!(last instanceof ImportedLayer.Dense)) {
            throw new OnnxImportException("the graph's output " + output + " comes from " + last.name() + ", not "
                    + "from a dense layer (Gemm or MatMul); a fusenet model's outputs come from a dense layer, as "
                    + "the loss reads them");
        }
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

    /** The input's name as a Java identifier, as an {@code @Input} method's, kept from the layers' names. */
    private String inputName(ValueInfoProto input) {
        String name = identifier(input.getName());
        name = name.isEmpty() ? "input" : name;
        names.add(name);
        return name;
    }

    /** The input's sample shape as fusenet takes it, with the layout its ONNX values have. */
    private int[] startAt(ValueInfoProto input, String inputName) throws OnnxImportException {
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
        Layout layout;
        int[] shape;
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
                List<NodeProto> readers = consumers.getOrDefault(input.getName(), List.of());
                boolean channelsLast = readers.size() == 1 && readers.get(0).getOpType().equals("Transpose")
                        && Arrays.equals(Protos.intsOr(readers.get(0), "perm", new long[0]), new long[] {0, 3, 1, 2});
                layout = channelsLast ? Layout.CHANNELS_LAST : Layout.CHANNELS_FIRST;
                shape = channelsLast ? sample : new int[] {sample[1], sample[2], sample[0]};
            }
            default -> throw new OnnxImportException("input " + input.getName() + " has shape "
                    + describe(dims) + "; fusenet takes (batch, features), (batch, height, width) or images");
        }
        values.put(input.getName(), new Value(inputName, layout, shape, null, -1, -1));
        return shape.clone();
    }

    // ------------------------------------------------------------------ one node

    private void visit(NodeProto node) throws OnnxImportException {
        switch (node.getOpType()) {
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Conv" -> conv(node);
            case "ConvTranspose" -> convTranspose(node);
            case "MaxPool", "AveragePool" -> pooling(node);
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPooling(node);
            case "BatchNormalization" -> batchNormalization(node);
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(node);
            case "Transpose" -> transpose(node);
            case "Dropout", "Identity" -> passThrough(node);
            case "Relu" -> reluOrRelu6(node);
            case "Sigmoid" -> sigmoidOrSwish(node);
            case "Tanh" -> activation(node, Activation.TANH);
            case "Softmax" -> softmax(node);
            case "LeakyRelu" -> leakyRelu(node);
            case "Elu" -> elu(node);
            case "Gelu" -> gelu(node);
            case "Clip" -> relu6(node);
            case "HardSigmoid" -> hardSigmoidOrHardSwish(node);
            case "HardSwish" -> activation(node, Activation.HARD_SILU);
            case "Div" -> erfGelu(node);
            case "Add", "Sum" -> merge(node, MergeSpec.Operation.ADD);
            case "Sub" -> merge(node, MergeSpec.Operation.SUBTRACT);
            case "Mul" -> merge(node, MergeSpec.Operation.MULTIPLY);
            case "Mean" -> merge(node, MergeSpec.Operation.AVERAGE);
            case "Max" -> merge(node, MergeSpec.Operation.MAXIMUM);
            case "Min" -> merge(node, MergeSpec.Operation.MINIMUM);
            case "Concat" -> concat(node);
            default -> throw unsupported(node, "");
        }
    }

    private OnnxImportException unsupported(NodeProto node, String why) {
        return new OnnxImportException("node " + describe(node) + ": " + (why.isEmpty()
                ? "fusenet has no layer for operator " + node.getOpType() : why) + "; fusenet imports " + SUPPORTED);
    }

    private static String describe(NodeProto node) {
        return (node.getName().isEmpty() ? "(unnamed)" : node.getName()) + " (" + node.getOpType() + ")";
    }

    private static String describe(List<TensorShapeProto.Dimension> dims) {
        return dims.stream().map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** The value the node reads as its input {@code index}: one the graph computes from its input. */
    private Value input(NodeProto node, int index) throws OnnxImportException {
        String name = node.getInputCount() > index ? node.getInput(index) : "";
        Value value = values.get(name);
        if (value == null) {
            throw unsupported(node, constants.containsKey(name) ? "its input " + index + " (" + name + ") is a "
                    + "stored constant where fusenet's layer reads the values of another layer"
                    : "its input " + index + " (" + name + ") is not computed from the graph's input");
        }
        return value;
    }

    /** Whether {@code value} is read by the node {@code node} alone. */
    private boolean readOnlyBy(String value, Set<NodeProto> nodes) {
        List<NodeProto> readers = consumers.getOrDefault(value, List.of());
        return !readers.isEmpty() && nodes.containsAll(readers);
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

    private static void requireLayout(NodeProto node, Value value, Layout expected, String what)
            throws OnnxImportException {
        if (value.layout() != expected) {
            throw new OnnxImportException("node " + describe(node) + ": it reads a " + value.layout().words()
                    + " value, but fusenet's " + what + "; fusenet imports " + SUPPORTED);
        }
    }

    /** Adds a layer that reads the layers holding {@code inputs}; returns its index. */
    private int add(ImportedLayer layer, List<Value> inputs) {
        layers.add(layer);
        reads.add(inputs.stream().map(Value::layer).toList());
        return layers.size() - 1;
    }

    // ------------------------------------------------------------------ dense

    /** PyTorch's nn.Linear: Gemm(x, W (out, in), b, transB = 1); or B as (in, out) with transB = 0. */
    private void gemm(NodeProto node) throws OnnxImportException {
        if (Protos.intOr(node, "transA", 0) != 0) {
            throw unsupported(node, "transA = 1 transposes the batch");
        }
        Value in = input(node, 0);
        TensorProto b = denseWeight(node, in, "weight B");
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
        dense(node, node.getOutput(0), in, b.getName(), inputs, units, kernel, bias);
    }

    /** tf2onnx's Dense and PyTorch's Linear without bias: MatMul(x, W (in, out)), then Add(·, b) if it has one. */
    private void matMul(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        TensorProto w = denseWeight(node, in, "weight");
        long[] dims = Protos.dims(w);
        int inputs = (int) dims[0];
        int units = (int) dims[1];
        float[] kernel = Protos.floatValues(w);
        String output = node.getOutput(0);
        float[] bias = null;
        List<NodeProto> readers = consumers.getOrDefault(output, List.of());
        if (readers.size() == 1 && readers.get(0).getOpType().equals("Add")) {
            NodeProto plus = readers.get(0);
            int other = plus.getInput(0).equals(output) ? 1 : 0;
            if (constants.containsKey(plus.getInput(other))) {
                bias = biasValues(plus, constant(plus, other, "bias"), units);
                visited.add(plus);
                output = plus.getOutput(0);
            }
        }
        dense(node, output, in, w.getName(), inputs, units, kernel, bias);
    }

    /** A dense layer's checks, shared by Gemm and MatMul: it reads a flat value and a stored matrix. */
    private TensorProto denseWeight(NodeProto node, Value in, String what) throws OnnxImportException {
        requireLayout(node, in, Layout.FLAT, "Dense reads (batch, features); flatten images first");
        TensorProto weight = constant(node, 1, what);
        long[] dims = Protos.dims(weight);
        if (dims.length != 2) {
            throw unsupported(node, "its weight has shape " + Arrays.toString(dims) + ", not a matrix");
        }
        return weight;
    }

    private void dense(NodeProto node, String output, Value in, String weightName, int inputs, int units,
                       float[] kernel, float[] bias) throws OnnxImportException {
        if (inputs != in.shape()[0]) {
            throw unsupported(node, "its weight takes " + inputs + " features, but the value it reads has "
                    + in.shape()[0]);
        }
        if (in.channelsFirstRows() != null) {
            kernel = rowsToChannelsLast(kernel, in.channelsFirstRows(), units);
        }
        String name = layerName(weightName, node, "dense");
        int index = add(new ImportedLayer.Dense(name, inputs, units, Activation.LINEAR, kernel, bias), List.of(in));
        values.put(output, new Value(name, Layout.FLAT, new int[] {units}, null, index, -1));
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
        Value in = input(node, 0);
        requireLayout(node, in, Layout.CHANNELS_FIRST, "Conv2D reads images, which ONNX's Conv takes "
                + "channels-first");
        TensorProto w = constant(node, 1, "weight W");
        long[] dims = Protos.dims(w);
        if (dims.length != 4) {
            throw unsupported(node, "its weight has shape " + Arrays.toString(dims) + "; fusenet has 2D "
                    + "convolutions only");
        }
        long group = Protos.intOr(node, "group", 1);
        int filters = (int) dims[0];
        int channels = (int) dims[1];
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        if (group != 1) {
            depthwise(node, in, w, group);
            return;
        }
        int[] shape = in.shape();
        if (channels != shape[2]) {
            throw unsupported(node, "its weight reads " + channels + " channels, but the image has " + shape[2]);
        }
        int[] strides = strides(node);
        int[] dilation = dilations(node, strides);
        String name = layerName(w.getName(), node, "conv2d");
        Padding padding = padding(node, shape, kh, kw, strides, dilation);
        if (padding == null) {
            in = zeroPadding(node, in, name);
            shape = in.shape();
            padding = Padding.VALID;
        }
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
        Window.Placement at = Window.of(kh, kw, strides[0], strides[1], padding, dilation[0], dilation[1])
                .over(shape[0], shape[1]);
        int index = add(new ImportedLayer.Conv2D(name, filters, new int[] {kh, kw}, strides, padding, dilation,
                channels, Activation.LINEAR, keras, bias), List.of(in));
        values.put(node.getOutput(0), new Value(name, Layout.CHANNELS_FIRST,
                new int[] {at.outputHeight(), at.outputWidth(), filters}, null, index, -1));
    }

    /**
     * ConvTranspose over NCHW with W (in, filters, kh, kw): fusenet's VALID Conv2DTranspose with the kernel as
     * (kh, kw, filters, in), then, where the node pads, a Cropping2D. PyTorch's {@code ConvTranspose2d} output,
     * {@code (in - 1) · stride - padBegin - padEnd + kernel + output_padding}, is the full transposed convolution,
     * {@code (in - 1) · stride + kernel}, less {@code pads} at the start and {@code pads - output_padding} at the
     * end: PyTorch's arithmetic kept, not mapped to Keras's SAME (which would crop the other side).
     */
    private void convTranspose(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        requireLayout(node, in, Layout.CHANNELS_FIRST, "Conv2DTranspose reads images, which ONNX's ConvTranspose "
                + "takes channels-first");
        TensorProto w = constant(node, 1, "weight W");
        long[] dims = Protos.dims(w);
        int[] shape = in.shape();
        if (dims.length != 4 || dims[0] != shape[2]) {
            throw unsupported(node, "its weight has shape " + Arrays.toString(dims) + " for " + shape[2] + " input "
                    + "channels; fusenet reads a 2D ConvTranspose's weight as (in, filters, kh, kw)");
        }
        if (Protos.intOr(node, "group", 1) != 1) {
            throw unsupported(node, "group = " + Protos.intOr(node, "group", 1) + "; fusenet's Conv2DTranspose has "
                    + "one group");
        }
        requireOnes(node, "dilations");
        if (!Protos.stringOr(node, "auto_pad", "NOTSET").equals("NOTSET")
                || Protos.intsOr(node, "output_shape", new long[0]).length > 0) {
            throw unsupported(node, "it gives auto_pad or output_shape; fusenet reads the explicit pads and "
                    + "output_padding that torch.onnx.export writes");
        }
        int channels = (int) dims[0];
        int filters = (int) dims[1];
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        int[] strides = strides(node);
        long[] pads = Protos.intsOr(node, "pads", new long[] {0, 0, 0, 0});
        long[] extra = Protos.intsOr(node, "output_padding", new long[] {0, 0});
        if (pads.length != 4 || extra.length != 2 || Arrays.stream(pads).anyMatch(p -> p < 0)
                || Arrays.stream(extra).anyMatch(p -> p < 0)) {
            throw unsupported(node, "pads " + Arrays.toString(pads) + " and output_padding " + Arrays.toString(extra)
                    + " are not four and two sizes of zero or more");
        }
        // Keras's VALID output is the full one plus max(stride - kernel, 0) rows that only the bias reaches
        int[] kernel = {kh, kw};
        long[] cut = new long[4];
        for (int axis = 0; axis < 2; axis++) {
            long beyond = Math.max(strides[axis] - kernel[axis], 0);
            cut[2 * axis] = pads[axis];
            cut[2 * axis + 1] = pads[axis + 2] - extra[axis] + beyond;
            long output = (long) shape[axis] * strides[axis] + Math.max(kernel[axis] - strides[axis], 0);
            if (cut[2 * axis + 1] < 0 || cut[2 * axis] + cut[2 * axis + 1] >= output) {
                throw unsupported(node, "pads " + Arrays.toString(pads) + " with output_padding "
                        + Arrays.toString(extra) + " on a " + shape[0] + "×" + shape[1] + " image give an output "
                        + "that is not the transposed convolution's (" + output + " along axis " + (axis + 2)
                        + ") cut at its borders; fusenet imports output_padding up to the padding at the end");
            }
        }
        float[] onnx = Protos.floatValues(w);
        float[] keras = new float[onnx.length];
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < filters; f++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        keras[((y * kw + x) * filters + f) * channels + c] = onnx[((c * filters + f) * kh + y) * kw + x];
                    }
                }
            }
        }
        float[] bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                ? biasValues(node, constant(node, 2, "bias B"), filters) : null;
        String name = layerName(w.getName(), node, "conv2d_transpose");
        int height = shape[0] * strides[0] + Math.max(kh - strides[0], 0);
        int width = shape[1] * strides[1] + Math.max(kw - strides[1], 0);
        int index = add(new ImportedLayer.Conv2DTranspose(name, filters, kernel, strides, channels,
                Activation.LINEAR, keras, bias), List.of(in));
        if (Arrays.stream(cut).allMatch(c -> c == 0)) {
            values.put(node.getOutput(0), new Value(name, Layout.CHANNELS_FIRST, new int[] {height, width, filters},
                    null, index, -1));
            return;
        }
        int[] sides = {(int) cut[0], (int) cut[1], (int) cut[2], (int) cut[3]};
        String cropping = reserve(name + "_crop");
        add(new ImportedLayer.Cropping2D(cropping, sides), List.of(new Value(name, Layout.CHANNELS_FIRST,
                new int[] {height, width, filters}, null, index, -1)));
        values.put(node.getOutput(0), new Value(cropping, Layout.CHANNELS_FIRST, new int[] {height - sides[0]
                - sides[1], width - sides[2] - sides[3], filters}, null, -1, -1));
    }

    /**
     * A Conv of {@code group} groups: fusenet's DepthwiseConv2D where there is one group per input channel
     * (MobileNet's, PyTorch's {@code groups=in_channels}), the output channel {@code c · m + k} from channel c.
     */
    private void depthwise(NodeProto node, Value in, TensorProto w, long group) throws OnnxImportException {
        long[] dims = Protos.dims(w);
        int[] shape = in.shape();
        int units = (int) dims[0];
        if (dims[1] != 1 || group != shape[2] || units % shape[2] != 0) {
            throw unsupported(node, "group = " + group + " on " + shape[2] + " channels with a weight of shape "
                    + Arrays.toString(dims) + "; fusenet reads a grouped Conv only as a depthwise one, one group per "
                    + "input channel (PyTorch's groups = in_channels)");
        }
        int channels = shape[2];
        int multiplier = units / channels;
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        int[] strides = strides(node);
        int[] dilation = dilations(node, strides);
        String name = layerName(w.getName(), node, "depthwise_conv2d");
        Padding padding = padding(node, shape, kh, kw, strides, dilation);
        if (padding == null) {
            in = zeroPadding(node, in, name);
            shape = in.shape();
            padding = Padding.VALID;
        }
        float[] onnx = Protos.floatValues(w);
        float[] keras = new float[onnx.length];
        for (int u = 0; u < units; u++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    keras[(y * kw + x) * units + u] = onnx[(u * kh + y) * kw + x];
                }
            }
        }
        float[] bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                ? biasValues(node, constant(node, 2, "bias B"), units) : null;
        Window.Placement at = Window.of(kh, kw, strides[0], strides[1], padding, dilation[0], dilation[1])
                .over(shape[0], shape[1]);
        int index = add(new ImportedLayer.DepthwiseConv2D(name, new int[] {kh, kw}, strides, padding, dilation,
                channels, multiplier, Activation.LINEAR, keras, bias), List.of(in));
        values.put(node.getOutput(0), new Value(name, Layout.CHANNELS_FIRST,
                new int[] {at.outputHeight(), at.outputWidth(), units}, null, index, -1));
    }

    /**
     * A ZeroPadding2D layer, named after {@code layer}, for the node's explicit pads that are neither VALID nor
     * Keras's SAME (PyTorch's symmetric {@code padding=k//2} with strides, resnet's 7×7 stem); returns its value.
     */
    private Value zeroPadding(NodeProto node, Value in, String layer) {
        long[] pads = Protos.intsOr(node, "pads", new long[] {0, 0, 0, 0});
        // ONNX's pads: the starts (top, left), then the ends (bottom, right)
        int[] sides = {(int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3]};
        String name = reserve(layer + "_pad");
        add(new ImportedLayer.ZeroPadding2D(name, sides), List.of(in));
        int[] shape = in.shape();
        return new Value(name, Layout.CHANNELS_FIRST, new int[] {shape[0] + sides[0] + sides[1],
                shape[1] + sides[2] + sides[3], shape[2]}, null, -1, -1);
    }

    /** {@code base}, or {@code base_1}, {@code base_2}... if a layer has that name, reserved for a new layer. */
    private String reserve(String base) {
        String name = base;
        for (int n = 1; names.contains(name); n++) {
            name = base + "_" + n;
        }
        names.add(name);
        return name;
    }

    /** Whether the value holds no negative number: the output of a ReLU, ReLU6, sigmoid or hard sigmoid. */
    private boolean nonNegative(Value value) {
        for (ImportedLayer layer : layers) {
            if (layer.name().equals(value.layer())) {
                Activation activation = layer instanceof ImportedLayer.Conv2D conv ? conv.activation()
                        : layer instanceof ImportedLayer.Dense dense ? dense.activation()
                        : layer instanceof ImportedLayer.DepthwiseConv2D depthwise ? depthwise.activation()
                        : layer instanceof ImportedLayer.ActivationLayer own ? own.activation() : Activation.LINEAR;
                return switch (activation) {
                    case RELU, RELU6, SIGMOID, HARD_SIGMOID, SOFTMAX -> true;
                    default -> false;
                };
            }
        }
        return false;
    }

    /** GlobalAveragePool or GlobalMaxPool: fusenet's global pooling, keeping ONNX's 1×1 spatial axes. */
    private void globalPooling(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        requireLayout(node, in, Layout.CHANNELS_FIRST, "global pooling reads images, which ONNX takes "
                + "channels-first");
        boolean max = node.getOpType().equals("GlobalMaxPool");
        String name = layerName("", node, max ? "global_max_pooling2d" : "global_average_pooling2d");
        add(new ImportedLayer.GlobalPooling2D(name, max), List.of(in));
        values.put(node.getOutput(0), new Value(name, Layout.CHANNELS_FIRST, new int[] {1, 1, in.shape()[2]}, null,
                -1, -1));
    }

    /**
     * Inference BatchNormalization over the channels (axis 1: an image's channels, a flat value's features): its
     * scale, B, mean and var become gamma, beta and the moving statistics, its epsilon and momentum Keras's
     * (ONNX's momentum is Keras's convention: PyTorch's momentum 0.1 is exported as 0.9). PyTorch's running
     * variance is the unbiased one; it is kept as it is, so predictions are PyTorch's, and further training moves
     * it with Keras's biased batch variance.
     */
    private void batchNormalization(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        if (in.layout() == Layout.ROWS || in.layout() == Layout.CHANNELS_LAST) {
            throw unsupported(node, "it normalises axis 1 of a " + in.layout().words() + " value; fusenet "
                    + "normalises the channels of channels-first images or the features of flat values");
        }
        if (Protos.intOr(node, "training_mode", 0) != 0 || node.getOutputCount() > 1
                && node.getOutputList().subList(1, node.getOutputCount()).stream().anyMatch(o -> !o.isEmpty())) {
            throw unsupported(node, "it is in training mode (it outputs the running statistics); export the model "
                    + "in eval mode");
        }
        int channels = in.shape()[in.shape().length - 1];
        float[][] parameters = new float[4][];
        String[] what = {"scale", "bias B", "mean", "variance"};
        for (int k = 0; k < 4; k++) {
            parameters[k] = Protos.floatValues(constant(node, k + 1, what[k]));
            if (parameters[k].length != channels) {
                throw unsupported(node, "its " + what[k] + " holds " + parameters[k].length + " values for "
                        + channels + " channels");
            }
            if (in.channelsFirstRows() != null) {
                // features flattened from a channels-first image: fusenet holds them in channels-last order
                parameters[k] = rowsToChannelsLast(parameters[k], in.channelsFirstRows(), 1);
            }
        }
        String name = layerName(node.getInput(1), node, "batch_normalization");
        // the float attributes as the decimals they were written from: 1e-5, not 9.999999747378752E-6
        double epsilon = Double.parseDouble(Float.toString(Protos.floatOr(node, "epsilon", 1e-5f)));
        double momentum = Double.parseDouble(Float.toString(Protos.floatOr(node, "momentum", 0.9f)));
        add(new ImportedLayer.BatchNormalization(name, epsilon, momentum, parameters[0], parameters[1],
                parameters[2], parameters[3]), List.of(in));
        values.put(node.getOutput(0), new Value(name, in.layout(), in.shape(), in.channelsFirstRows(), -1, -1));
    }

    private void pooling(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        requireLayout(node, in, Layout.CHANNELS_FIRST, "pooling reads images, which ONNX's pooling takes "
                + "channels-first");
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
        int[] shape = in.shape();
        Padding padding = padding(node, shape, kh, kw, strides, new int[] {1, 1});
        boolean countsPadding = Protos.intOr(node, "count_include_pad", 0) != 0;
        if (!max && padding == Padding.SAME && countsPadding) {
            throw unsupported(node, "count_include_pad = 1 averages the zeros of the padding; fusenet, as Keras, "
                    + "averages the pixels inside the image");
        }
        String name = layerName("", node, max ? "max_pooling2d" : "average_pooling2d");
        if (padding == null) {
            // zeros before a VALID pooling: exact for an average that counts the padding, and for a maximum of
            // values that are never negative (padding with -inf or with 0 then keeps the same maximum)
            if (max ? !nonNegative(in) : !countsPadding) {
                throw unsupported(node, "pads " + Arrays.toString(Protos.intsOr(node, "pads", new long[0])) + " are "
                        + "neither none (VALID) nor Keras's SAME, and " + (max ? "its input can be negative, so "
                        + "zeros are not -inf" : "count_include_pad = 0 leaves the padding out of the average")
                        + "; fusenet pads explicitly only where the result is the same");
            }
            in = zeroPadding(node, in, name);
            shape = in.shape();
            padding = Padding.VALID;
        }
        Window.Placement at = new Window(List.of(kh, kw), List.of(strides[0], strides[1]), padding)
                .over(shape[0], shape[1]);
        add(new ImportedLayer.Pooling2D(name, max, new int[] {kh, kw}, strides, padding), List.of(in));
        boolean pooledOnce = max && in.product() >= 0 && readOnlyBy(node.getInput(0), Set.of(node));
        values.put(node.getOutput(0), new Value(name, Layout.CHANNELS_FIRST,
                new int[] {at.outputHeight(), at.outputWidth(), shape[2]}, null, -1, pooledOnce ? in.product() : -1));
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

    /** A Conv's dilations, Keras's {@code dilationRate}; refused together with strides, as Keras refuses them. */
    private int[] dilations(NodeProto node, int[] strides) throws OnnxImportException {
        long[] dilations = Protos.intsOr(node, "dilations", new long[] {1, 1});
        if (dilations.length != 2 || Arrays.stream(dilations).anyMatch(d -> d < 1 || d > Integer.MAX_VALUE)) {
            throw unsupported(node, "dilations " + Arrays.toString(dilations) + " are not two positive sizes");
        }
        boolean dilated = dilations[0] > 1 || dilations[1] > 1;
        if (dilated && (strides[0] > 1 || strides[1] > 1)) {
            throw unsupported(node, "dilations " + Arrays.toString(dilations) + " with strides "
                    + Arrays.toString(strides) + "; fusenet, as Keras, dilates only convolutions of stride 1");
        }
        return new int[] {(int) dilations[0], (int) dilations[1]};
    }

    /**
     * VALID when nothing is padded; SAME when the padding is Keras's for this input (the extra pixel of an odd
     * total after the image, as TensorFlow and ONNX's SAME_UPPER do); null for other explicit pads, which the
     * caller writes as a ZeroPadding2D before a VALID layer where that gives the same values.
     */
    private Padding padding(NodeProto node, int[] shape, int kh, int kw, int[] strides, int[] dilation)
            throws OnnxImportException {
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
        Window.Placement same = Window.of(kh, kw, strides[0], strides[1], Padding.SAME, dilation[0], dilation[1])
                .over(shape[0], shape[1]);
        long[] keras = {same.padTop(), same.padLeft(), same.padBottom(), same.padRight()};
        if (Arrays.equals(pads, keras)) {
            return Padding.SAME;
        }
        if (pads.length != 4 || Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw unsupported(node, "pads " + Arrays.toString(pads) + " on a " + shape[0] + "×" + shape[1] + " image "
                    + "are neither none (VALID), Keras's SAME " + Arrays.toString(keras) + " nor four sizes of zero "
                    + "or more");
        }
        return null;
    }

    // ------------------------------------------------------------------ reshaping

    private void flatten(NodeProto node) throws OnnxImportException {
        if (Protos.intOr(node, "axis", 1) != 1) {
            throw unsupported(node, "axis = " + Protos.intOr(node, "axis", 1) + "; fusenet flattens everything "
                    + "after the batch (axis 1)");
        }
        flattenHere(node, input(node, 0));
    }

    /** A Reshape to (batch, features): what tf2onnx writes for Keras's Flatten and PyTorch for x.view(-1, n). */
    private void reshape(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        long[] target = Protos.longValues(constant(node, 1, "target shape"));
        long size = Arrays.stream(in.shape()).asLongStream().reduce(1, Math::multiplyExact);
        boolean flattens = target.length == 2 && (target[0] == 0 || target[0] == -1)
                && (target[1] == size || target[1] == -1);
        if (!flattens) {
            throw unsupported(node, "it reshapes to " + Arrays.toString(target) + "; fusenet reads a Reshape "
                    + "only as a flatten to (batch, " + size + ") ([-1, " + size + "] or [0, -1])");
        }
        flattenHere(node, in);
    }

    private void flattenHere(NodeProto node, Value in) {
        if (in.layout() == Layout.FLAT) {
            values.put(node.getOutput(0), in.passedOn(Layout.FLAT, readOnlyBy(node.getInput(0), Set.of(node))));
            return;
        }
        String name = layerName("", node, "flatten");
        add(new ImportedLayer.Flatten(name), List.of(in));
        int size = Arrays.stream(in.shape()).reduce(1, Math::multiplyExact);
        values.put(node.getOutput(0), new Value(name, Layout.FLAT, new int[] {size},
                in.layout() == Layout.CHANNELS_FIRST ? in.shape().clone() : null, -1, -1));
    }

    private void transpose(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        long[] perm = Protos.intsOr(node, "perm", new long[0]);
        Layout to;
        if (in.layout() == Layout.CHANNELS_LAST && Arrays.equals(perm, new long[] {0, 3, 1, 2})) {
            to = Layout.CHANNELS_FIRST;
        } else if (in.layout() == Layout.CHANNELS_FIRST && Arrays.equals(perm, new long[] {0, 2, 3, 1})) {
            to = Layout.CHANNELS_LAST;
        } else {
            throw unsupported(node, "perm " + Arrays.toString(perm) + " on a " + in.layout().words() + " value; "
                    + "fusenet reads Transpose only between NHWC and NCHW images");
        }
        values.put(node.getOutput(0), in.passedOn(to, readOnlyBy(node.getInput(0), Set.of(node))));
    }

    private void passThrough(NodeProto node) throws OnnxImportException {
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && consumers.containsKey(node.getOutput(i))) {
                throw unsupported(node, "its output " + node.getOutput(i) + " (a dropout mask) is used");
            }
        }
        Value in = input(node, 0);
        values.put(node.getOutput(0), in.passedOn(in.layout(), readOnlyBy(node.getInput(0), Set.of(node))));
    }

    // ------------------------------------------------------------------ merges

    /** An element-wise operator on values the graph computes: fusenet's merge layer of that operation. */
    private void merge(NodeProto node, MergeSpec.Operation operation) throws OnnxImportException {
        if (node.getInputList().stream().anyMatch(constants::containsKey)) {
            throw unsupported(node, "it combines a computed value with a stored constant; fusenet merges the "
                    + "outputs of layers (a bias belongs to the Gemm, MatMul or Conv before it)");
        }
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            inputs.add(input(node, i));
        }
        if (inputs.size() < 2) {
            throw unsupported(node, "it has " + inputs.size() + " input; a merge reads two or more");
        }
        Value first = inputs.get(0);
        for (Value other : inputs) {
            if (other.layout() != first.layout() || !Arrays.equals(other.shape(), first.shape())) {
                throw unsupported(node, "it combines a " + first.layout().words() + " value of " + first.layer()
                        + " with a " + other.layout().words() + " value of " + other.layer() + "; fusenet merges "
                        + "values of one shape and layout");
            }
            if (!Arrays.equals(other.channelsFirstRows(), first.channelsFirstRows())) {
                throw unsupported(node, "it combines features flattened channels-first with features in another "
                        + "order; flatten both images the same way");
            }
        }
        String name = layerName("", node, operation.name().toLowerCase(java.util.Locale.ROOT));
        Integer folded = mergeOutputs.get(node.getInput(0));
        boolean associative = operation == MergeSpec.Operation.ADD || operation == MergeSpec.Operation.MULTIPLY;
        if (associative && folded != null && layers.get(folded) instanceof ImportedLayer.Merge left
                && left.operation() == operation && readOnlyBy(node.getInput(0), Set.of(node))) {
            // ((a + b) + c), as exporters chain binary nodes, is one merge of three: fusenet folds its inputs left
            // to right, the same operations in the same order. It takes the name of the node that finishes it.
            layers.set(folded, new ImportedLayer.Merge(name, operation));
            List<String> read = new ArrayList<>(reads.get(folded));
            inputs.subList(1, inputs.size()).forEach(v -> read.add(v.layer()));
            reads.set(folded, List.copyOf(read));
            values.replaceAll((value, v) -> v.layer().equals(left.name()) ? new Value(name, v.layout(), v.shape(),
                    v.channelsFirstRows(), v.product(), v.pooledProduct()) : v);
        } else {
            folded = add(new ImportedLayer.Merge(name, operation), inputs);
        }
        mergeOutputs.put(node.getOutput(0), folded);
        values.put(node.getOutput(0), new Value(name, first.layout(), first.shape(), first.channelsFirstRows(), -1,
                -1));
    }

    /** Concat along an axis of values the graph computes; the axis counted on fusenet's channels-last shapes. */
    private void concat(NodeProto node) throws OnnxImportException {
        List<Value> inputs = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            inputs.add(input(node, i));
        }
        Value first = inputs.get(0);
        int rank = first.shape().length + 1;
        long onnxAxis = Protos.intOr(node, "axis", 1);
        int axis = (int) (onnxAxis < 0 ? onnxAxis + rank : onnxAxis);
        if (axis <= 0 || axis >= rank) {
            throw unsupported(node, "axis " + onnxAxis + " of a rank-" + rank + " value; fusenet concatenates along "
                    + "an axis after the batch");
        }
        // fusenet's axis, as Keras counts it: channels-first (c, h, w) axes 1, 2, 3 are (h, w, c)'s 3, 1, 2.
        int fusenetAxis = first.layout() == Layout.CHANNELS_FIRST ? (axis == 1 ? 3 : axis - 1) : axis;
        for (Value other : inputs) {
            if (other.layout() != first.layout() || other.shape().length != first.shape().length) {
                throw unsupported(node, "it joins a " + first.layout().words() + " value of " + first.layer()
                        + " with a " + other.layout().words() + " value of " + other.layer());
            }
            if (other.channelsFirstRows() != null) {
                throw unsupported(node, "it joins features that a channels-first flatten of " + other.layer()
                        + " ordered (c, h, w); concatenate the images along the channels before flattening");
            }
        }
        int[] shape = first.shape().clone();
        shape[fusenetAxis - 1] = inputs.stream().mapToInt(v -> v.shape()[fusenetAxis - 1]).sum();
        String name = layerName("", node, "concatenate");
        add(new ImportedLayer.Concatenate(name, fusenetAxis == shape.length ? -1 : fusenetAxis), inputs);
        values.put(node.getOutput(0), new Value(name, first.layout(), shape, null, -1, -1));
    }

    // ------------------------------------------------------------------ activations

    /**
     * {@code activation} on the value {@code node} reads, its result what {@code last} writes; {@code pattern}
     * is every node of the activation (several for swish and the erf GELU). It joins the Dense or Conv2D layer
     * whose product the value is when the pattern alone reads it, or the convolution before a max pooling for a
     * non-decreasing activation; else it is an activation layer of its own.
     */
    private void activation(NodeProto node, Value in, Activation activation, NodeProto last, Set<NodeProto> pattern)
            throws OnnxImportException {
        String output = last.getOutput(0);
        String read = node.getInput(0);
        boolean alone = readOnlyBy(read, pattern);
        int target = alone && in.product() >= 0 ? in.product()
                : alone && in.pooledProduct() >= 0 && isNonDecreasing(activation) ? in.pooledProduct() : -1;
        if (target >= 0 && layers.get(target).takesActivation()) {
            // max(f(a), f(b)) = f(max(a, b)) for a non-decreasing f: joined before the pooling, the same values.
            layers.set(target, layers.get(target).withActivation(activation));
            values.put(output, new Value(in.layer(), in.layout(), in.shape(), in.channelsFirstRows(), -1, -1));
            return;
        }
        String name = layerName("", last, "activation");
        add(new ImportedLayer.ActivationLayer(name, activation), List.of(in));
        values.put(output, new Value(name, in.layout(), in.shape(), in.channelsFirstRows(), -1, -1));
    }

    private void activation(NodeProto node, Activation activation) throws OnnxImportException {
        activation(node, input(node, 0), activation, node, Set.of(node));
    }

    private static boolean isNonDecreasing(Activation activation) {
        return switch (activation) {
            case RELU, SIGMOID, TANH, LEAKY_RELU, ELU, RELU6, HARD_SIGMOID -> true;
            default -> false;
        };
    }

    private void softmax(NodeProto node) throws OnnxImportException {
        Value in = input(node, 0);
        long axis = Protos.intOr(node, "axis", opset >= 13 ? -1 : 1);
        boolean overFeatures = switch (in.layout()) {
            case FLAT -> axis == 1 || axis == -1;
            case CHANNELS_FIRST -> axis == 1 && opset >= 13;
            case CHANNELS_LAST -> axis == 3 || axis == -1;
            case ROWS -> false;
        };
        if (!overFeatures) {
            throw unsupported(node, "softmax over axis " + axis + " of a " + in.layout().words() + " value (opset "
                    + opset + "); fusenet's softmax normalises the features or channels");
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

    /** Clip to [0, 6], relu6; other bounds have no fusenet activation. */
    private void relu6(NodeProto clip) throws OnnxImportException {
        float[] bounds = clipBounds(clip);
        if (bounds[0] != 0f || bounds[1] != 6f) {
            throw unsupported(clip, "Clip to [" + bounds[0] + ", " + bounds[1] + "]; fusenet reads Clip only as "
                    + "relu6, to [0, 6], or after a Relu to at most 6");
        }
        activation(clip, Activation.RELU6);
    }

    /** Clip's bounds: inputs from opset 11, attributes before; a missing one is unbounded. */
    private float[] clipBounds(NodeProto clip) throws OnnxImportException {
        return opset >= 11
                ? new float[] {bound(clip, 1, Float.NEGATIVE_INFINITY), bound(clip, 2, Float.POSITIVE_INFINITY)}
                : new float[] {Protos.floatOr(clip, "min", -Float.MAX_VALUE), Protos.floatOr(clip, "max",
                        Float.MAX_VALUE)};
    }

    /**
     * Relu, or relu6 as PyTorch writes {@code F.relu6}: Relu, then Clip(0, 6) (any lower bound up to 0 does, after
     * a Relu) as the Relu's only reader.
     */
    private void reluOrRelu6(NodeProto relu) throws OnnxImportException {
        List<NodeProto> readers = consumers.getOrDefault(relu.getOutput(0), List.of());
        if (readers.size() == 1 && readers.get(0).getOpType().equals("Clip")) {
            NodeProto clip = readers.get(0);
            float[] bounds = clipBounds(clip);
            if (bounds[0] <= 0f && bounds[1] == 6f) {
                visited.add(clip);
                activation(relu, input(relu, 0), Activation.RELU6, clip, Set.of(relu));
                return;
            }
        }
        activation(relu, Activation.RELU);
    }

    /** Clip's bound at input {@code input}, a stored scalar, or {@code otherwise} where it is left out. */
    private float bound(NodeProto node, int input, float otherwise) throws OnnxImportException {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            return otherwise;
        }
        float[] values = Protos.floatValues(constant(node, input, "bound"));
        if (values.length != 1) {
            throw unsupported(node, "its bound " + node.getInput(input) + " holds " + values.length + " values, not one");
        }
        return values[0];
    }

    /**
     * HardSigmoid with Keras's and PyTorch's slope 1/6 and offset 1/2, or hard swish as exporters write it below
     * opset 14: HardSigmoid(x), then Mul(x, HardSigmoid(x)).
     */
    private void hardSigmoidOrHardSwish(NodeProto node) throws OnnxImportException {
        float alpha = Protos.floatOr(node, "alpha", 0.2f);
        float beta = Protos.floatOr(node, "beta", 0.5f);
        if (Math.abs(alpha - 1f / 6) > 1e-6f || beta != 0.5f) {
            throw unsupported(node, "alpha = " + alpha + ", beta = " + beta + ", but fusenet's hard_sigmoid is "
                    + "Keras 3's relu6(x + 3) / 6 (alpha 1/6, beta 0.5; ONNX's default alpha 0.2 is Keras 2's)");
        }
        String x = node.getInput(0);
        Optional<NodeProto> mul = consumers.getOrDefault(x, List.of()).stream()
                .filter(n -> n.getOpType().equals("Mul") && n.getInputCount() == 2
                        && n.getInputList().contains(node.getOutput(0)))
                .findFirst();
        if (mul.isPresent()) {
            visited.add(mul.get());
            activation(node, input(node, 0), Activation.HARD_SILU, mul.get(), Set.of(node, mul.get()));
            return;
        }
        activation(node, Activation.HARD_SIGMOID);
    }

    /** Sigmoid, or swish as exporters write it: Sigmoid(x), then Mul(x, Sigmoid(x)). */
    private void sigmoidOrSwish(NodeProto sigmoid) throws OnnxImportException {
        String x = sigmoid.getInput(0);
        Optional<NodeProto> mul = consumers.getOrDefault(x, List.of()).stream()
                .filter(n -> n.getOpType().equals("Mul") && n.getInputCount() == 2
                        && n.getInputList().contains(sigmoid.getOutput(0)))
                .findFirst();
        if (mul.isPresent()) {
            visited.add(mul.get());
            activation(sigmoid, input(sigmoid, 0), Activation.SWISH, mul.get(), Set.of(sigmoid, mul.get()));
            return;
        }
        activation(sigmoid, Activation.SIGMOID);
    }

    /**
     * PyTorch's exact GELU before opset 20: Div(x, √2) → Erf → Add(1) → Mul(x, ·) → Mul(0.5). Any other Div is
     * refused.
     */
    private void erfGelu(NodeProto div) throws OnnxImportException {
        String x = div.getInput(0);
        Optional<NodeProto> erf = scalarInput(div, 1, (float) Math.sqrt(2.0))
                ? only(consumers.getOrDefault(div.getOutput(0), List.of())).filter(n -> n.getOpType().equals("Erf"))
                : Optional.empty();
        Optional<NodeProto> plusOne = erf.flatMap(n -> only(consumers.getOrDefault(n.getOutput(0), List.of())))
                .filter(n -> n.getOpType().equals("Add") && scalarInputAnywhere(n, 1f));
        Optional<NodeProto> product = plusOne.flatMap(n -> only(consumers.getOrDefault(n.getOutput(0), List.of())))
                .filter(n -> n.getOpType().equals("Mul") && n.getInputList().contains(x));
        Optional<NodeProto> half = product.flatMap(n -> only(consumers.getOrDefault(n.getOutput(0), List.of())))
                .filter(n -> n.getOpType().equals("Mul") && scalarInputAnywhere(n, 0.5f));
        if (half.isEmpty()) {
            throw unsupported(div, "fusenet reads Div only as the start of the erf GELU, x · (1 + erf(x / √2)) / 2");
        }
        Set<NodeProto> pattern = Set.of(div, erf.get(), plusOne.get(), product.get(), half.get());
        visited.addAll(pattern);
        activation(div, input(div, 0), Activation.GELU, half.get(), pattern);
    }

    private static <T> Optional<T> only(List<T> list) {
        return list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
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
