package dev.fusenet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imported models predict as ONNX Runtime does on the same file: fusenet's own exports (bitwise round trips) and
 * files in the shapes PyTorch's exporter and tf2onnx write (see {@link ExporterGraphs}).
 */
class OnnxImportTest {

    @TempDir
    Path directory;

    // ------------------------------------------------------------------ round trips

    void roundTrip(Model model, int[] inputShape, int outputs) throws Exception {
        OnnxExportTest.trainBriefly(model, inputShape, outputs);
        Path file = directory.resolve("model.onnx");
        Onnx.export(model, file);
        Model loaded = Onnx.load(file);
        assertEquals(describe(model.layers().stream().filter(l -> !l.type().equals("Dropout")).toList()),
                describe(loaded.layers()), "the same layers, but for dropout, which inference graphs leave out");
        assertEquals(model.name(), loaded.name());
        for (int i = 0; i < model.getWeights().size(); i++) {
            assertArrayEquals(model.getWeights().get(i).toFloatArray(), loaded.getWeights().get(i).toFloatArray());
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = 25;
        int size = 1;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
            size *= inputShape[i];
        }
        Tensor x = Tensor.of(OrtRunner.random(25 * size, 5), shape);
        assertArrayEquals(model.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(),
                "fusenet → ONNX → fusenet predicts bitwise as the original");
    }

    private static List<String> describe(List<dev.fusenet.runtime.Layer> layers) {
        return layers.stream().map(l -> l.name() + " " + l.type() + " " + java.util.Arrays.toString(l.outputShape())
                + " " + l.parameterCount()).toList();
    }

    @Test
    void theMnistNetworkRoundTripsBitwise() throws Exception {
        roundTrip(OnnxExportTest.mnistMlp(), new int[] {784}, 10);
    }

    @Test
    void theConvnetsRoundTripBitwise() throws Exception {
        roundTrip(OnnxExportTest.bookConvnet(), new int[] {28, 28, 1}, 10);
        roundTrip(OnnxExportTest.colourConvnet(), new int[] {9, 7, 3}, 4);
    }

    @Test
    void aGraphWithEveryMergeRoundTripsBitwise() throws Exception {
        roundTrip(OnnxExportTest.graph(), new int[] {6, 6, 3}, 4);
    }

    @Test
    void everyActivationRoundTripsBitwise() throws Exception {
        roundTrip(Sequential.build(m -> {
            m.dense(8, d -> d.activation(dev.fusenet.annotations.Activation.GELU).inputShape(6));
            m.dense(8, d -> d.activation(dev.fusenet.annotations.Activation.SWISH));
            m.dense(8, d -> d.activation(dev.fusenet.annotations.Activation.LEAKY_RELU).useBias(false));
            m.dense(8, d -> d.activation(dev.fusenet.annotations.Activation.ELU));
            m.dense(8, d -> d.activation(dev.fusenet.annotations.Activation.TANH));
            m.dense(3, d -> d.activation(dev.fusenet.annotations.Activation.SIGMOID));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.BINARY_CROSSENTROPY));
        }), new int[] {6}, 3);
    }

    // ------------------------------------------------------------------ PyTorch's exporter

    /** The model's predictions against ONNX Runtime's on the same file, images transposed for fusenet. */
    static double compareWithOrt(Path file, Model model, int samples, int... onnxSampleShape) throws Exception {
        int size = 1;
        long[] shape = new long[onnxSampleShape.length + 1];
        shape[0] = samples;
        for (int i = 0; i < onnxSampleShape.length; i++) {
            shape[i + 1] = onnxSampleShape[i];
            size *= onnxSampleShape[i];
        }
        float[] x = OrtRunner.random(samples * size, 3);
        float[] expected = OrtRunner.run(file, x, shape);
        Tensor input;
        if (onnxSampleShape.length == 3 && model.inputShape().length == 3
                && model.inputShape()[2] == onnxSampleShape[0] && model.inputShape()[0] == onnxSampleShape[1]) {
            int c = onnxSampleShape[0];
            int h = onnxSampleShape[1];
            int w = onnxSampleShape[2];
            input = Tensor.of(OrtRunner.toChannelsLast(x, samples, c, h, w), samples, h, w, c);
        } else {
            input = Tensor.of(x, shape);
        }
        return OrtRunner.maxAbsDiff(expected, model.predict(input).toFloatArray());
    }

    /** nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10), nn.Softmax(dim=1)). */
    Path pytorchMlp() throws Exception {
        return new ExporterGraphs("input", 17, 784)
                .linear("fc1", 784, 512, 1)
                .node("Relu", "/relu/Relu", List.of())
                .linear("fc2", 512, 10, 3)
                .node("Softmax", "/softmax/Softmax", List.of(), Protos.integer("axis", 1))
                .write(directory.resolve("pytorch_mlp.onnx"), "output", 10);
    }

    @Test
    void aPyTorchMlpPredictsAsOnnxRuntime() throws Exception {
        Path file = pytorchMlp();
        Model model = Onnx.load(file);
        // float32 sums of 784 products in another order than ONNX Runtime's (the packed kernel's): 1.03e-5 seen
        assertTrue(compareWithOrt(file, model, 31, 784) <= 2e-5);
        assertEquals(List.of("fc1", "fc2"), model.layers().stream().map(l -> l.name()).toList(),
                "layers named after PyTorch's modules");
        assertArrayEquals(new long[] {784, 512}, model.layers().get(0).kernel().shape(),
                "the (out, in) weight of Gemm transB = 1, transposed to Keras's (in, out)");
    }

    /**
     * The PyTorch tutorial's convnet shape, on 3-channel 12×12 images: Conv(padding=1) = SAME, F.relu after
     * F.max_pool2d, a second Conv, nn.Flatten over channels-first values, Linear, SiLU, Linear, GELU, Linear,
     * LeakyReLU(0.2), Linear, Softmax.
     */
    Path pytorchConvnet() throws Exception {
        return new ExporterGraphs("input", 17, 3, 12, 12)
                .conv("conv1", 3, 8, 3, 1, 1, 10)
                .maxPool("/MaxPool", 2)
                .node("Relu", "/Relu", List.of())
                .conv("conv2", 8, 4, 3, 1, 0, 20)
                .node("Relu", "/Relu_1", List.of())
                .node("Flatten", "/flatten/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc1", 4 * 4 * 4, 16, 30)
                .silu("act1")
                .linear("fc2", 16, 16, 40)
                .gelu("act2")
                .linear("fc3", 16, 12, 50)
                .node("LeakyRelu", "/act3/LeakyRelu", List.of(), Protos.real("alpha", 0.2f))
                .linear("fc4", 12, 5, 60)
                .node("Softmax", "/Softmax", List.of(), Protos.integer("axis", 1))
                .write(directory.resolve("pytorch_convnet.onnx"), "output", 5);
    }

    @Test
    void aPyTorchConvnetOnChannelsFirstImagesPredictsAsOnnxRuntime() throws Exception {
        Path file = pytorchConvnet();
        Model model = Onnx.load(file);
        assertArrayEquals(new int[] {12, 12, 3}, model.inputShape(), "channels-last, as fusenet's images are");
        assertTrue(compareWithOrt(file, model, 9, 3, 12, 12) <= 1e-5);
        String summary = model.summary();
        assertTrue(summary.contains("conv1 (Conv2D)") && summary.contains("(None, 12, 12, 8)"), summary);
    }

    /**
     * tf2onnx on the book's Keras convnet: NHWC input, Transpose to NCHW, Conv + Relu + MaxPool twice, Transpose
     * back, Reshape [-1, n], MatMul + Add, Softmax.
     */
    @Test
    void aKerasConvnetThroughTf2onnxPredictsAsOnnxRuntime() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input_1", 13, 10, 10, 2);
        graph.node("Transpose", "/sequential/conv2d/Conv2D__6", List.of(), Protos.ints("perm", 0, 3, 1, 2));
        graph.weight("sequential/conv2d/Conv2D/ReadVariableOp:0", OrtRunner.random(6 * 2 * 3 * 3, 1), 6, 2, 3, 3)
                .weight("sequential/conv2d/BiasAdd/ReadVariableOp:0", OrtRunner.random(6, 2), 6)
                .node("Conv", "/sequential/conv2d/BiasAdd", List.of("sequential/conv2d/Conv2D/ReadVariableOp:0",
                        "sequential/conv2d/BiasAdd/ReadVariableOp:0"), Protos.ints("dilations", 1, 1),
                        Protos.ints("kernel_shape", 3, 3), Protos.ints("strides", 1, 1))
                .node("Relu", "/sequential/conv2d/Relu", List.of())
                .node("MaxPool", "/sequential/max_pooling2d/MaxPool", List.of(), Protos.ints("kernel_shape", 2, 2),
                        Protos.ints("strides", 2, 2))
                .node("Transpose", "/sequential/max_pooling2d/MaxPool__16", List.of(), Protos.ints("perm", 0, 2, 3, 1))
                .int64s("const_fold_opt__20", -1, 4 * 4 * 6)
                .node("Reshape", "/sequential/flatten/Reshape", List.of("const_fold_opt__20"))
                .weight("sequential/dense/MatMul/ReadVariableOp:0", OrtRunner.random(96 * 7, 3), 96, 7)
                .node("MatMul", "/sequential/dense/MatMul", List.of("sequential/dense/MatMul/ReadVariableOp:0"))
                .weight("sequential/dense/BiasAdd/ReadVariableOp:0", OrtRunner.random(7, 4), 7)
                .node("Add", "/sequential/dense/BiasAdd", List.of("sequential/dense/BiasAdd/ReadVariableOp:0"))
                .node("Softmax", "/sequential/dense/Softmax", List.of(), Protos.integer("axis", -1));
        Path file = graph.write(directory.resolve("keras.onnx"), "dense", 7);
        Model model = Onnx.load(file);
        assertArrayEquals(new int[] {10, 10, 2}, model.inputShape());
        assertTrue(compareWithOrt(file, model, 8, 10, 10, 2) <= 1e-5);
    }

    // ------------------------------------------------------------------ training on, compiling

    @Test
    void anImportedModelTrainsFurtherAndSaves() throws Exception {
        Model model = Onnx.load(pytorchMlp(), c -> c.optimizer(Optimizer.ADAM)
                .loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY));
        Tensor x = Tensor.of(OrtRunner.random(200 * 784, 9), 200, 784);
        int[] labels = new int[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        History history = model.fit(x, Tensor.of(labels), o -> o.epochs(8).batchSize(50)
                .verbosity(Verbosity.SILENT));
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) * 0.5, "it learns: " + loss);
        Path checkpoint = directory.resolve("trained.npz");
        model.save(checkpoint);
        assertTrue(Files.size(checkpoint) > 0);
    }

    @Test
    void javaSourceCompilesAndItsClassLoadsTheImportedWeights() throws Exception {
        Path file = pytorchConvnet();
        String source = Onnx.javaSource(file, "com.example");
        assertTrue(source.contains("public interface PytorchConvnet {"), source);
        assertTrue(source.contains("@Conv2D(filters = 8, kernelSize = 3, padding = Padding.SAME, activation = "
                + "Activation.RELU, inputShape = {12, 12, 3})\n    Layer conv1();"), source);
        assertTrue(source.contains("@Dense(units = 16, activation = Activation.GELU)\n    Layer fc2();"), source);
        Model imported = Onnx.load(file);
        Path weights = directory.resolve("weights.npz");
        imported.save(weights);
        String typeName = source.substring(source.indexOf("interface ") + "interface ".length()).split("\\s")[0];
        Model compiled = CompiledModels.compile("com.example." + typeName, source);
        compiled.load(weights);
        Tensor x = Tensor.of(OrtRunner.random(6 * 12 * 12 * 3, 8), 6, 12, 12, 3);
        assertArrayEquals(imported.predict(x).toFloatArray(), compiled.predict(x).toFloatArray(),
                "the compiled class with the imported weights predicts as the imported model");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anUnsupportedOperatorNamesTheNodeAndWhatFusenetSupports() throws Exception {
        Path file = new ExporterGraphs("input", 17, 20)
                .linear("fc1", 20, 10, 1)
                .node("LogSoftmax", "/log_softmax/LogSoftmax", List.of(), Protos.integer("axis", 1))
                .write(directory.resolve("log_softmax.onnx"), "output", 10);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith("node /log_softmax/LogSoftmax (LogSoftmax): fusenet has no layer "
                + "for operator LogSoftmax; fusenet imports Gemm, MatMul (+ Add), Conv"), error.getMessage());
    }

    @Test
    void aGraphWhoseOutputIsNoDenseLayerIsRefused() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input", 17, 8).linear("fc1", 8, 8, 1);
        String hidden = graph.current();
        graph.linear("fc2", 8, 8, 2).raw("Add", "/Add", List.of(hidden, graph.current()), "/Add_output_0")
                .current("/Add_output_0");
        Path file = graph.write(directory.resolve("residual.onnx"), "output", 8);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertEquals("the graph's output output comes from add_1, not from a dense layer (Gemm or MatMul); a "
                + "fusenet model's outputs come from a dense layer, as the loss reads them", error.getMessage());
    }

    @Test
    void aDeadBranchIsRefusedNamingItsValue() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input", 17, 8).linear("fc1", 8, 8, 1);
        String hidden = graph.current();
        graph.linear("head", 8, 3, 2);
        String output = graph.current();
        graph.current(hidden).linear("unused", 8, 2, 3).current(output);
        Path file = graph.write(directory.resolve("dead.onnx"), "output", 3);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().contains("feeds no node and is not the graph's output; a fusenet model has one "
                + "output"), error.getMessage());
    }

    @Test
    void anAddOfAConstantIsRefusedWithWhatFusenetMerges() throws Exception {
        Path file = new ExporterGraphs("input", 17, 1, 4, 4).conv("conv1", 1, 2, 3, 1, 1, 1)
                .weight("shift", OrtRunner.random(1, 2), 1)
                .node("Add", "/Add", List.of("shift"))
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 2 * 4 * 4, 2, 3)
                .write(directory.resolve("shift.onnx"), "output", 2);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith("node /Add (Add): it combines a computed value with a stored "
                + "constant; fusenet merges the outputs of layers"), error.getMessage());
    }

    // ------------------------------------------------------------------ graphs

    /**
     * A ResNet-style network as PyTorch's exporter writes it: relu(x + conv3(relu(conv2(x)))), max pooling, then
     * relu(projection(x) + conv4(x)) where the width changes from 4 to 6, pooling, flatten, Linear.
     */
    Path pytorchResidualNet() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input", 13, 1, 8, 8);
        graph.conv("conv1", 1, 4, 3, 1, 1, 1).node("Relu", "/Relu", List.of());
        String x = graph.current();
        graph.conv("conv2", 4, 4, 3, 1, 1, 3).node("Relu", "/Relu_1", List.of()).conv("conv3", 4, 4, 3, 1, 1, 5)
                .node("Add", "/Add", List.of(x)).node("Relu", "/Relu_2", List.of()).maxPool("/MaxPool", 2);
        String pooled = graph.current();
        graph.conv("projection", 4, 6, 1, 1, 0, 7);
        String projection = graph.current();
        return graph.current(pooled).conv("conv4", 4, 6, 3, 1, 1, 9).node("Add", "/Add_1", List.of(projection))
                .node("Relu", "/Relu_3", List.of()).maxPool("/MaxPool_1", 2)
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 6 * 2 * 2, 3, 11)
                .write(directory.resolve("residual_net.onnx"), "output", 3);
    }

    @Test
    void aPyTorchResidualNetImportsAsAGraphAndPredictsAsOnnxRuntime() throws Exception {
        Path file = pytorchResidualNet();
        Model model = Onnx.load(file, c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY)
                .fromLogits(true));
        // Logits of five stacked layers, not probabilities: float rounding of a few units of 1e-5.
        double diff = compareWithOrt(file, model, 9, 1, 8, 8);
        assertTrue(diff <= 1e-4, "differs from ONNX Runtime by " + diff);
        assertEquals(List.of("conv1 Conv2D relu", "conv2 Conv2D relu", "conv3 Conv2D linear", "add_1 Add",
                        "activation_1 Activation relu", "max_pooling2d_1 MaxPooling2D", "projection Conv2D linear",
                        "conv4 Conv2D linear", "add_2 Add", "activation_2 Activation relu",
                        "max_pooling2d_2 MaxPooling2D", "flatten_1 Flatten", "fc Dense linear"),
                model.layers().stream().map(OnnxImportTest::kindAndActivation).toList(),
                "a ReLU joins the convolution whose product it alone reads; after a sum it is a layer of its own");
        assertEquals(List.of("conv3", "conv1"), model.connections().get(3), "the residual connection");
        assertEquals(List.of("conv4", "projection"), model.connections().get(8), "the projection shortcut");
        String source = Onnx.javaSource(file, "example");
        assertTrue(source.contains("@Add\n    Layer add_1(Layer conv3, Layer conv1);")
                && source.contains("@ActivationLayer(Activation.RELU)\n    Layer activation_1(Layer add_1);"), source);
        float[] oneHot = new float[16 * 3];
        for (int i = 0; i < 16; i++) {
            oneHot[i * 3 + i % 3] = 1;
        }
        History history = model.fit(Tensor.randomNormal(new long[] {16, 8, 8, 1}, 0, 1,
                        dev.fusenet.runtime.DType.FLOAT32, 3), Tensor.of(oneHot, 16, 3),
                o -> o.epochs(3).batchSize(8).verbosity(Verbosity.SILENT));
        assertTrue(history.get("loss").get(2) < history.get("loss").get(0), "it trains on: " + history.get("loss"));
    }

    /**
     * An Inception-style block as PyTorch's exporter writes it: a 1×1 branch, a 1×1 then 3×3 branch and a
     * 3×3 max pooling (stride 1, padding 1) then 1×1 branch, joined by Concat along the channels (axis 1).
     */
    @Test
    void aPyTorchInceptionBlockConcatenatesAlongTheChannelsAsOnnxRuntime() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input", 13, 3, 6, 6);
        String x = graph.current();
        graph.conv("narrow", 3, 2, 1, 1, 0, 1).node("Relu", "/Relu", List.of());
        String a = graph.current();
        graph.current(x).conv("reduce", 3, 2, 1, 1, 0, 3).node("Relu", "/Relu_1", List.of())
                .conv("wide", 2, 3, 3, 1, 1, 5).node("Relu", "/Relu_2", List.of());
        String b = graph.current();
        graph.current(x).node("MaxPool", "/MaxPool", List.of(), Protos.integer("ceil_mode", 0),
                        Protos.ints("kernel_shape", 3, 3), Protos.ints("pads", 1, 1, 1, 1), Protos.ints("strides", 1, 1))
                .conv("pooled", 3, 2, 1, 1, 0, 7).node("Relu", "/Relu_3", List.of());
        String c = graph.current();
        Path file = graph.raw("Concat", "/Concat", List.of(a, b, c), "Concat_output_0", Protos.integer("axis", 1))
                .current("Concat_output_0")
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 7 * 6 * 6, 4, 9)
                .node("Softmax", "/Softmax", List.of(), Protos.integer("axis", 1))
                .write(directory.resolve("inception.onnx"), "output", 4);
        Model model = Onnx.load(file);
        assertTrue(compareWithOrt(file, model, 7, 3, 6, 6) <= 1e-5);
        dev.fusenet.runtime.Layer joined = model.layers().stream().filter(l -> l.type().equals("Concatenate"))
                .findFirst().orElseThrow();
        assertArrayEquals(new long[] {6, 6, 7}, joined.outputShape(), "ONNX's channel axis 1 is fusenet's -1");
        assertEquals(List.of("narrow", "wide", "pooled"), model.connections().get(model.layers().indexOf(joined)));
    }

    /** The Java process that exports {@code pytorch_graphs.py}'s models, when PyTorch is installed. */
    private static boolean pytorchIsInstalled() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void realPyTorchExportsOfAResidualNetAnInceptionBlockAndMobileNetsActivationsPredictAsOnnxRuntime() throws Exception {
        exportPytorchGraphs();
        Path residual = directory.resolve("residual_net.onnx");
        Model resnet = Onnx.load(residual);
        assertTrue(compareWithOrt(residual, resnet, 5, 1, 28, 28) <= 1e-5);
        assertEquals(2, resnet.layers().stream().filter(l -> l.type().equals("Add")).count());
        Path inception = directory.resolve("inception_net.onnx");
        Model block = Onnx.load(inception);
        assertTrue(compareWithOrt(inception, block, 5, 3, 8, 8) <= 1e-5);
        assertEquals(1, block.layers().stream().filter(l -> l.type().equals("Concatenate")).count());
        Path mobile = directory.resolve("mobile_activations.onnx");
        Model activations = Onnx.load(mobile);
        assertTrue(compareWithOrt(mobile, activations, 9, 3, 8, 8) <= 1e-5);
        assertEquals(List.of("relu6", "hard_silu", "hard_sigmoid", "linear"), activations.layers().stream()
                .filter(l -> l instanceof dev.fusenet.runtime.compiled.WeightedLayer)
                .map(l -> ((dev.fusenet.runtime.compiled.WeightedLayer) l).activation().kerasName()).toList(),
                "each activation joins the layer before it: " + activations.layers().stream().map(OnnxImportTest::kindAndActivation).toList());
        Path view = directory.resolve("view_flatten_net.onnx");
        Model viewed = Onnx.load(view);
        assertTrue(compareWithOrt(view, viewed, 7, 1, 8, 8) <= 1e-5);
        assertEquals(List.of("Conv2D", "MaxPooling2D", "Flatten", "Dense"),
                viewed.layers().stream().map(dev.fusenet.runtime.Layer::type).toList(),
                "x.view(x.size(0), -1) is a flatten");
    }

    /**
     * Dilated convolutions and a decoder of transposed ones as torch.onnx writes them ({@code pytorch_graphs.py}):
     * the dilations become {@code dilationRate}; each ConvTranspose2d becomes a VALID Conv2DTranspose and, where
     * it pads, a Cropping2D that keeps PyTorch's output, {@code (in - 1) · stride - 2 · padding + kernel +
     * output_padding}; both predict as ONNX Runtime and their Java source declares the same layers.
     */
    @Test
    void pytorchsDilatedAndTransposedConvolutionsPredictAsOnnxRuntime() throws Exception {
        exportPytorchGraphs();
        Path dilatedFile = directory.resolve("dilated_net.onnx");
        Model dilated = Onnx.load(dilatedFile);
        assertTrue(compareWithOrt(dilatedFile, dilated, 5, 3, 9, 9) <= 1e-5);
        String dilatedSource = Onnx.javaSource(dilatedFile, "example");
        assertTrue(dilatedSource.contains("padding = Padding.SAME, dilationRate = 2, activation = Activation.RELU,")
                && dilatedSource.contains("@ZeroPadding2D\n    Layer depthwise_pad();")
                && dilatedSource.contains("dilationRate = {2, 1}") && dilatedSource.contains("dilationRate = 3)"),
                dilatedSource);
        Path transposedFile = directory.resolve("transposed_net.onnx");
        Model transposed = Onnx.load(transposedFile);
        assertTrue(compareWithOrt(transposedFile, transposed, 3, 2, 6, 5) <= 1e-5);
        assertEquals(List.of("ZeroPadding2D", "Conv2D", "Conv2DTranspose", "Cropping2D", "Activation",
                        "Conv2DTranspose", "Cropping2D", "Activation", "Conv2DTranspose", "Conv2DTranspose", "Cropping2D",
                        "Flatten", "Dense"), transposed.layers().stream().map(dev.fusenet.runtime.Layer::type).toList());
        assertArrayEquals(new long[] {26, 70, 1}, transposed.layers().get(10).outputShape(), "PyTorch's sizes");
        String source = Onnx.javaSource(transposedFile, "example");
        assertTrue(source.contains("@Cropping2D(cropping = {1, 0, 1, 0})") && source.contains("@Cropping2D(cropping = 1)")
                && source.contains("@Cropping2D(cropping = {0, 1})"), source);
    }

    private void exportPytorchGraphs() throws Exception {
        assumeTrue(pytorchIsInstalled(), "needs /usr/bin/python3 with PyTorch (Debian's python3-torch) to export "
                + "the graphs");
        Path script = directory.resolve("pytorch_graphs.py");
        try (var in = OnnxImportTest.class.getResourceAsStream("pytorch_graphs.py")) {
            Files.copy(in, script);
        }
        Process export = new ProcessBuilder("/usr/bin/python3", script.toString(), directory.toString())
                .redirectErrorStream(true).start();
        String log = new String(export.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, export.waitFor(), log);
    }

    /** Whether /usr/bin/python3 has torchvision, which builds resnet18 and mobilenet_v2 without a download. */
    private static boolean torchvisionIsInstalled() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torchvision")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * torchvision's resnet18 and mobilenet_v2 as PyTorch users export them (batch normalization folded into the
     * convolutions by default, or kept as nodes): they import, predict as ONNX Runtime on the same file within
     * 1e-4, and the unfolded ones fine-tune (the loss falls, the moving statistics move) and survive save and load.
     */
    @Test
    void torchvisionsResnet18AndMobilenetV2ImportPredictAndFineTune() throws Exception {
        assumeTrue(torchvisionIsInstalled(), "needs /usr/bin/python3 with torchvision (Debian's python3-torchvision) "
                + "to build and export the models");
        Path script = directory.resolve("torchvision_models.py");
        try (var in = OnnxImportTest.class.getResourceAsStream("torchvision_models.py")) {
            Files.copy(in, script);
        }
        Process export = new ProcessBuilder("/usr/bin/python3", script.toString(), directory.toString())
                .redirectErrorStream(true).start();
        String log = new String(export.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, export.waitFor(), log);
        for (String name : List.of("resnet18", "resnet18_bn", "mobilenet_v2", "mobilenet_v2_bn")) {
            Path file = directory.resolve(name + ".onnx");
            Model model = Onnx.load(file);
            double diff = compareWithOrt(file, model, 3, 3, 64, 64);
            assertTrue(diff <= 1e-4, name + " differs from ONNX Runtime by " + diff);
            System.out.println(name + ": " + model.layers().size() + " layers, largest difference from ONNX Runtime "
                    + diff);
            long normalizations = model.layers().stream().filter(l -> l.type().equals("BatchNormalization")).count();
            assertEquals(name.endsWith("_bn"), normalizations > 0, name + ": " + normalizations + " normalizations");
            if (name.startsWith("mobilenet")) {
                assertTrue(model.layers().stream().anyMatch(l -> l.type().equals("DepthwiseConv2D")), name);
            }
            if (!name.endsWith("_bn")) {
                continue;
            }
            if (name.equals("resnet18_bn")) {
                // to compile time: the interface javaSource writes, through the processor, predicts the same
                String source = Onnx.javaSource(file, "com.example");
                Path weights = directory.resolve(name + "-imported.npz");
                model.save(weights);
                String typeName = source.substring(source.indexOf("interface ") + "interface ".length())
                        .split("\\s")[0];
                Model compiled = CompiledModels.compile("com.example." + typeName, source);
                compiled.load(weights);
                Tensor images = Tensor.randomNormal(new long[] {2, 64, 64, 3}, 0, 1, dev.fusenet.runtime.DType.FLOAT32,
                        9);
                assertArrayEquals(model.predict(images).toFloatArray(), compiled.predict(images).toFloatArray(),
                        "the compiled resnet18 predicts as the imported one");
            }
            Tensor x = Tensor.randomNormal(new long[] {8, 64, 64, 3}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 5);
            float[] labels = new float[8 * 1000];
            for (int i = 0; i < 8; i++) {
                labels[i * 1000 + i * 7] = 1;
            }
            Tensor y = Tensor.of(labels, 8, 1000);
            dev.fusenet.runtime.Layer norm = model.layers().stream()
                    .filter(l -> l.type().equals("BatchNormalization")).findFirst().orElseThrow();
            float[] movingBefore = norm.getWeights().get(2).toFloatArray();
            double lossBefore = model.evaluate(x, y).loss();
            model.fit(x, y, o -> o.epochs(4).batchSize(8).shuffle(false).verbosity(Verbosity.SILENT));
            double lossAfter = model.evaluate(x, y).loss();
            assertTrue(lossAfter < lossBefore, name + " fine-tunes: " + lossBefore + " → " + lossAfter);
            assertFalse(java.util.Arrays.equals(movingBefore, norm.getWeights().get(2).toFloatArray()),
                    name + ": the moving mean moved");
            Path saved = directory.resolve(name + ".npz");
            model.save(saved);
            Model again = Onnx.load(file);
            again.load(saved);
            Tensor probe = Tensor.randomNormal(new long[] {2, 64, 64, 3}, 0, 1, dev.fusenet.runtime.DType.FLOAT32, 6);
            assertArrayEquals(model.predict(probe).toFloatArray(), again.predict(probe).toFloatArray(), name);
        }
    }

    private static String kindAndActivation(dev.fusenet.runtime.Layer layer) {
        String activation = layer instanceof dev.fusenet.runtime.compiled.WeightedLayer weighted
                ? " " + weighted.activation().kerasName()
                : layer instanceof dev.fusenet.runtime.compiled.ActivationLayer own
                ? " " + own.activation().kerasName() : "";
        return layer.name() + " " + layer.type() + activation;
    }

    @Test
    void pyTorchsDefaultLeakyReluSlopeIsRefusedWithTheFix() throws Exception {
        Path file = new ExporterGraphs("input", 17, 4).linear("fc1", 4, 3, 1)
                .node("LeakyRelu", "/act/LeakyRelu", List.of(), Protos.real("alpha", 0.01f))
                .write(directory.resolve("leaky.onnx"), "output", 3);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith("node /act/LeakyRelu (LeakyRelu): alpha = 0.01, but fusenet's "
                + "leaky_relu has Keras's slope 0.2 (PyTorch's default is 0.01: use nn.LeakyReLU(0.2))"),
                error.getMessage());
    }

    /**
     * PyTorch's symmetric padding where Keras's SAME would pad differently (2 on every side of a 3×3 window):
     * a ZeroPadding2D before a VALID convolution, the same values as ONNX Runtime's.
     */
    @Test
    void paddingThatIsNeitherValidNorSameBecomesZeroPadding() throws Exception {
        Path file = new ExporterGraphs("input", 17, 1, 8, 8).conv("conv1", 1, 2, 3, 1, 2, 1)
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 2 * 10 * 10, 2, 3)
                .write(directory.resolve("pads.onnx"), "output", 2);
        Model model = Onnx.load(file);
        assertTrue(compareWithOrt(file, model, 5, 1, 8, 8) <= 1e-5);
        assertEquals(List.of("ZeroPadding2D", "Conv2D", "Flatten", "Dense"), model.layers().stream()
                .map(l -> l.type()).toList());
        String source = Onnx.javaSource(file, "example");
        assertTrue(source.contains("@ZeroPadding2D(padding = 2"), source);
    }

    /** Zeros are not -inf: explicit pads before a max pooling of values that can be negative are refused. */
    @Test
    void maxPoolingPadsOverNegativeValuesAreRefused() throws Exception {
        Path file = new ExporterGraphs("input", 17, 1, 8, 8).conv("conv1", 1, 2, 3, 1, 1, 1)
                .node("MaxPool", "/pool/MaxPool", List.of(), Protos.ints("kernel_shape", 3, 3),
                        Protos.ints("strides", 2, 2), Protos.ints("pads", 1, 1, 1, 1))
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 2 * 4 * 4, 2, 3)
                .write(directory.resolve("maxpads.onnx"), "output", 2);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith("node /pool/MaxPool (MaxPool): pads [1, 1, 1, 1] are neither none "
                + "(VALID) nor Keras's SAME, and its input can be negative, so zeros are not -inf"),
                error.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxSaysSo() throws Exception {
        Path file = directory.resolve("notes.onnx");
        Files.writeString(file, "these are not the weights you are looking for");
        java.io.IOException error = assertThrows(java.io.IOException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith(file + " is not an ONNX model"), error.getMessage());
    }

    @Test
    void aFolderSaysItIsAFolder() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("resnet18"));
        java.io.IOException error = assertThrows(java.io.IOException.class, () -> Onnx.load(folder));
        assertEquals(folder + " is a folder, not an ONNX file: give the path of the .onnx file inside it",
                error.getMessage());
    }

    private ExporterGraphs viewFlattenNet() {
        return new ExporterGraphs("input", 13, 1, 8, 8).conv("conv", 1, 4, 3, 1, 1, 1)
                .node("Relu", "/Relu", List.of()).maxPool("/MaxPool", 2).viewFlatten("").linear("fc", 64, 3, 5);
    }

    /** x.view(x.size(0), -1) computes its target shape from the batch size; it used to be refused as branches. */
    @Test
    void pytorchsViewOnTheBatchSizeIsAFlatten() throws Exception {
        Path file = viewFlattenNet().write(directory.resolve("view.onnx"), "output", 3);
        Model model = Onnx.load(file);
        assertEquals(List.of("Conv2D", "MaxPooling2D", "Flatten", "Dense"),
                model.layers().stream().map(dev.fusenet.runtime.Layer::type).toList());
        assertTrue(compareWithOrt(file, model, 6, 1, 8, 8) <= 1e-5);
    }

    /** A malformed initializer names itself, the node that reads it and what is wrong, before any value is read. */
    @Test
    void malformedInitializersAreNamedWithTheirNode() throws Exception {
        record Case(String what, java.util.function.UnaryOperator<onnx.Onnx.TensorProto.Builder> change,
                    String message) {
        }
        String where = "initializer fc.weight (read by node /fc/Gemm (Gemm)) ";
        List<Case> cases = List.of(
                new Case("cut short", t -> t.setRawData(t.getRawData().substring(0, 190 * 4)),
                        where + "holds 190 values but its dims [3, 64] need 192: the file is cut short"),
                new Case("too long", t -> t.setRawData(t.getRawData().concat(t.getRawData())),
                        where + "holds 384 values but its dims [3, 64] need 192"),
                new Case("a partial value", t -> t.setRawData(t.getRawData().substring(0, 7)),
                        where + "has 7 bytes of raw data, not a whole number of FLOAT values of 4 bytes"),
                new Case("typed values too few", t -> t.clearRawData().addFloatData(1f),
                        where + "holds 1 values but its dims [3, 64] need 192"),
                new Case("a dimension beyond int", t -> t.setDims(1, 3_000_000_000L),
                        where + "has dimension 3000000000 in dims [3, 3000000000], which no Java array holds"),
                new Case("too many values for an array", t -> t.setDims(0, 100_000).setDims(1, 100_000),
                        where + "has dims [100000, 100000], more values than a Java array holds"),
                new Case("a negative dimension", t -> t.setDims(0, -3),
                        where + "has dimension -3 in dims [-3, 64], which no Java array holds"),
                new Case("external data", t -> t.clearRawData()
                        .setDataLocation(onnx.Onnx.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("location")
                                .setValue("view.onnx.data")),
                        where + "keeps its values in external data (view.onnx.data)"));
        for (Case c : cases) {
            Path file = viewFlattenNet().changeInitializer("fc.weight", c.change())
                    .write(directory.resolve("malformed.onnx"), "output", 3);
            OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file), c.what());
            assertTrue(error.getMessage().startsWith(c.message()), c.what() + ": " + error.getMessage());
        }
    }
}
