package dev.fusenet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    void roundTrip(Sequential model, int[] inputShape, int outputs) throws Exception {
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
        assertTrue(compareWithOrt(file, model, 31, 784) <= 1e-5);
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
    void branchesAreRefusedNamingTheNodes() throws Exception {
        ExporterGraphs graph = new ExporterGraphs("input", 17, 8).linear("fc1", 8, 8, 1);
        String hidden = graph.current();
        graph.linear("fc2", 8, 8, 2).raw("Add", "/Add", List.of(hidden, graph.current()), "/Add_output_0")
                .current("/Add_output_0");
        Path file = graph.write(directory.resolve("residual.onnx"), "output", 8);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertEquals("value fc1_Gemm_output_0 feeds 2 nodes (/fc2/Gemm (Gemm), /Add (Add)); fusenet imports one "
                + "chain of layers, not branches (skip connections, several heads)", error.getMessage());
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

    @Test
    void paddingThatIsNeitherValidNorSameIsRefused() throws Exception {
        Path file = new ExporterGraphs("input", 17, 1, 8, 8).conv("conv1", 1, 2, 3, 1, 2, 1)
                .node("Flatten", "/Flatten", List.of(), Protos.integer("axis", 1))
                .linear("fc", 2 * 10 * 10, 2, 3)
                .write(directory.resolve("pads.onnx"), "output", 2);
        OnnxImportException error = assertThrows(OnnxImportException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith("node /conv1/Conv (Conv): pads [2, 2, 2, 2] on a 8×8 image are "
                + "neither none (VALID) nor Keras's SAME, [1, 1, 1, 1]"), error.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxSaysSo() throws Exception {
        Path file = directory.resolve("notes.onnx");
        Files.writeString(file, "these are not the weights you are looking for");
        java.io.IOException error = assertThrows(java.io.IOException.class, () -> Onnx.load(file));
        assertTrue(error.getMessage().startsWith(file + " is not an ONNX model"), error.getMessage());
    }
}
