package dev.fusenet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.Verbosity;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported files run in ONNX Runtime and give predict's outputs, for every layer kind and activation. */
class OnnxExportTest {

    @TempDir
    Path directory;

    /** Trains a few steps on random data, so that biases are not zero and the weights are not the initial ones. */
    static void trainBriefly(Model model, int[] inputShape, int outputs) {
        int samples = 64;
        int size = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        long[] shape = new long[inputShape.length + 1];
        shape[0] = samples;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        Tensor x = Tensor.of(OrtRunner.random(samples * size, 7), shape);
        float[] y = new float[samples * outputs];
        for (int i = 0; i < samples; i++) {
            y[i * outputs + i % outputs] = 1f;
        }
        model.fit(x, Tensor.of(y, samples, outputs), o -> o.epochs(2).batchSize(16).verbosity(Verbosity.SILENT));
    }

    /** The exported file's outputs in ONNX Runtime against predict, on the same inputs. */
    double exportAndCompare(Model model, String file) throws Exception {
        Path path = directory.resolve(file);
        Onnx.export(model, path);
        int[] inputShape = model.inputShape();
        int samples = 37;
        int size = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        long[] shape = new long[inputShape.length + 1];
        shape[0] = samples;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        float[] x = OrtRunner.random(samples * size, 11);
        float[] expected = model.predict(Tensor.of(x, shape)).toFloatArray();
        float[] actual = OrtRunner.run(path, x, shape);
        return OrtRunner.maxAbsDiff(expected, actual);
    }

    static Sequential mnistMlp() {
        return Sequential.build(m -> {
            m.name("mnist_net");
            m.dense(512, d -> d.name("hidden").activation(Activation.RELU).inputShape(784));
            m.dense(10, d -> d.name("output").activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
    }

    @Test
    void theLectureMnistNetworkRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = mnistMlp();
        trainBriefly(model, new int[] {784}, 10);
        assertTrue(exportAndCompare(model, "mnist.onnx") <= 1e-5);
    }

    @Test
    void aCompiledModelExportsAsItsDslTwin() throws Exception {
        Model compiled = CompiledModels.compile("example.MnistNet", """
                package example;
                import dev.fusenet.annotations.*;
                import dev.fusenet.runtime.Layer;
                @Compile(optimizer = Optimizer.RMSPROP, loss = Loss.CATEGORICAL_CROSSENTROPY)
                public interface MnistNet {
                    @Dense(units = 512, activation = Activation.RELU, inputShape = 784) Layer hidden();
                    @Dropout(rate = 0.5) Layer dropout();
                    @Dense(units = 10, activation = Activation.SOFTMAX) Layer output();
                }
                """);
        trainBriefly(compiled, new int[] {784}, 10);
        assertTrue(exportAndCompare(compiled, "compiled.onnx") <= 1e-5);
        ModelProto proto = read(directory.resolve("compiled.onnx"));
        assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Dropout")),
                "dropout is the identity at inference and leaves no node");
    }

    /**
     * The augmentation layers act only while training: each leaves no node, whether it reads the graph's input,
     * sits between a convolution and the layers after it (channels-first there), or feeds two layers.
     */
    @Test
    void augmentationLayersLeaveNoNodeAndRunAsPredict() throws Exception {
        dev.fusenet.runtime.dsl.Functional model = dev.fusenet.runtime.dsl.Functional.build(g -> {
            var image = g.input("image", 8, 8, 2);
            var flipped = g.randomFlip(g.randomRotation(image, 0.2), dev.fusenet.annotations.FlipMode.HORIZONTAL);
            var conv = g.conv2d(g.randomZoom(flipped, 0.2), 2, 3, c -> c.padding(Padding.SAME));
            var shifted = g.randomContrast(g.randomTranslation(conv, 0.1, 0.1), 0.2);
            var sum = g.add(shifted, g.conv2d(shifted, 2, 1, c -> c.name("projection")));
            g.output(g.dense(g.dropout(g.globalAveragePooling2d(sum), 0.1), 3,
                    d -> d.activation(Activation.SOFTMAX)));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {8, 8, 2}, 3);
        assertTrue(exportAndCompare(model, "augmented.onnx") <= 1e-5);
        List<String> ops = read(directory.resolve("augmented.onnx")).getGraph().getNodeList().stream()
                .map(n -> n.getOpType()).toList();
        assertTrue(ops.stream().noneMatch(op -> op.startsWith("Random") || op.equals("Dropout")), ops.toString());
        assertEquals(List.of("Transpose", "Conv", "Conv", "Add", "GlobalAveragePool", "Flatten", "Gemm", "Softmax"),
                ops);
    }

    @Test
    void everyActivationRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.dense(16, d -> d.activation(Activation.RELU).inputShape(12));
            m.dense(16, d -> d.activation(Activation.SIGMOID));
            m.dense(16, d -> d.activation(Activation.TANH));
            m.dense(16, d -> d.activation(Activation.LEAKY_RELU));
            m.dense(16, d -> d.activation(Activation.ELU));
            m.dense(16, d -> d.activation(Activation.GELU));
            m.dense(16, d -> d.activation(Activation.SWISH));
            m.dense(16, d -> d.activation(Activation.RELU6));
            m.dense(16, d -> d.activation(Activation.HARD_SIGMOID));
            m.dense(16, d -> d.activation(Activation.HARD_SILU));
            m.dense(16, d -> d.activation(Activation.LINEAR));
            m.dense(5, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {12}, 5);
        assertTrue(exportAndCompare(model, "activations.onnx") <= 1e-5);
    }

    @Test
    void aModelWithoutBiasesExportsMatMul() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.dense(32, d -> d.activation(Activation.TANH).useBias(false).inputShape(20));
            m.dense(3, d -> d.activation(Activation.SIGMOID).useBias(false));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.BINARY_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {20}, 3);
        assertTrue(exportAndCompare(model, "nobias.onnx") <= 1e-5);
        ModelProto proto = read(directory.resolve("nobias.onnx"));
        assertEquals(java.util.List.of("MatMul", "Tanh", "MatMul", "Sigmoid"),
                proto.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
    }

    static Sequential bookConvnet() {
        return Sequential.build(m -> {
            m.name("mnist_convnet");
            m.conv2d(32, 3, c -> c.name("conv1").activation(Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2, p -> p.name("pool1"));
            m.conv2d(64, 3, c -> c.name("conv2").activation(Activation.RELU));
            m.maxPooling2d(2, p -> p.name("pool2"));
            m.conv2d(128, 3, c -> c.name("conv3").activation(Activation.RELU));
            m.flatten(f -> f.name("flatten"));
            m.dense(10, d -> d.name("output").activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
    }

    @Test
    void theBooksConvnetRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = bookConvnet();
        trainBriefly(model, new int[] {28, 28, 1}, 10);
        assertTrue(exportAndCompare(model, "convnet.onnx") <= 1e-5);
    }

    /** Three channels, so that channels-first and channels-last differ; SAME, strides, averages, 2×3 kernels. */
    static Sequential colourConvnet() {
        return Sequential.build(m -> {
            m.conv2d(6, new int[] {2, 3}, c -> c.activation(Activation.ELU).padding(Padding.SAME).strides(2, 1)
                    .inputShape(9, 7, 3));
            m.averagePooling2d(2, p -> p.padding(Padding.SAME));
            m.conv2d(5, 2, c -> c.activation(Activation.LINEAR).useBias(false));
            m.maxPooling2d(new int[] {1, 2}, p -> p.strides(1));
            m.flatten();
            m.dropout(0.25);
            m.dense(4, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
    }

    /**
     * Batch normalisation after a convolution (channels-first in ONNX) and after a dense layer (features), one
     * without beta and one without gamma: ONNX's inference BatchNormalization with the moving statistics.
     */
    @Test
    void batchNormalisationRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.conv2d(4, 3, c -> c.useBias(false).inputShape(8, 8, 2));
            m.batchNormalization(n -> n.center(false).momentum(0.5));
            m.activation(Activation.RELU);
            m.flatten();
            m.dense(6);
            m.batchNormalization(n -> n.scale(false).momentum(0.5).epsilon(0.01));
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {8, 8, 2}, 3);
        assertTrue(model.getWeights().get(1).toFloatArray()[0] != 0f, "the moving mean moved");
        assertTrue(exportAndCompare(model, "normalised.onnx") <= 1e-5);
        long normalisations = read(directory.resolve("normalised.onnx")).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("BatchNormalization")).count();
        assertEquals(2, normalisations);
    }

    /**
     * Rescaling on the channels-last input and on a channels-first map; global average pooling into the head, and
     * global max pooling kept 1×1 then flattened, as predict.
     */
    @Test
    void globalPoolingRunsInOnnxRuntimeAsPredict() throws Exception {
        dev.fusenet.runtime.dsl.Functional model = dev.fusenet.runtime.dsl.Functional.build(g -> {
            var image = g.input("image", 7, 6, 3);
            var pixels = g.rescaling(image, 1.0 / 255, r -> r.offset(-0.5));
            var conv = g.rescaling(g.conv2d(pixels, 5, 3, c -> c.activation(Activation.ELU).name("conv")), 3);
            var mean = g.globalAveragePooling2d(conv);
            var peak = g.flatten(g.globalMaxPooling2d(conv, p -> p.keepdims(true)));
            g.dense(g.concatenate(mean, peak), 4, d -> d.activation(Activation.SOFTMAX));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {7, 6, 3}, 4);
        assertTrue(exportAndCompare(model, "global.onnx") <= 1e-5);
        List<String> operators = read(directory.resolve("global.onnx")).getGraph().getNodeList().stream()
                .map(n -> n.getOpType()).toList();
        assertTrue(operators.contains("GlobalAveragePool") && operators.contains("GlobalMaxPool"),
                operators.toString());
    }

    /** Zero padding (uneven sides) and nearest up-sampling (uneven factors), as predict, in ONNX Runtime. */
    @Test
    void paddingAndUpSamplingRunInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.zeroPadding2d(p -> p.padding(1, 0, 2, 1).inputShape(5, 4, 2));
            m.conv2d(3, 3, c -> c.activation(Activation.TANH));
            m.upSampling2d(u -> u.size(2, 3));
            m.zeroPadding2d();
            m.flatten();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {5, 4, 2}, 3);
        assertTrue(exportAndCompare(model, "resized.onnx") <= 1e-5);
    }

    /** Layer normalisation of a channels-first map (without beta) and of features (without gamma), as predict. */
    @Test
    void layerNormalisationRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.conv2d(4, 3, c -> c.inputShape(6, 6, 2));
            m.layerNormalization(n -> n.center(false));
            m.activation(Activation.RELU);
            m.flatten();
            m.dense(6);
            m.layerNormalization(n -> n.scale(false).epsilon(0.01));
            m.layerNormalization();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {6, 6, 2}, 3);
        assertTrue(exportAndCompare(model, "layer_normalised.onnx") <= 1e-5);
    }

    /** Depthwise convolutions (SAME with strides; a depth multiplier of 2 without bias) as grouped Convs. */
    @Test
    void depthwiseConvolutionsRunInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.depthwiseConv2d(3, d -> d.padding(Padding.SAME).strides(2).activation(Activation.RELU6)
                    .inputShape(7, 6, 3));
            m.conv2d(4, 1, c -> c.activation(Activation.HARD_SILU));
            m.depthwiseConv2d(new int[] {2, 3}, d -> d.depthMultiplier(2).useBias(false));
            m.globalAveragePooling2d();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {7, 6, 3}, 3);
        assertTrue(exportAndCompare(model, "depthwise.onnx") <= 1e-5);
    }

    /** Cropping as a Slice of the height and width, after a transposed convolution as PyTorch's import makes it. */
    @Test
    void croppingRunsInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.conv2dTranspose(3, 3, t -> t.strides(2).activation(Activation.RELU).inputShape(4, 5, 2));
            m.cropping2d(1, 0, 1, 0);
            m.cropping2d(new int[] {0, 2}, c -> c.name("narrow"));
            m.flatten();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {4, 5, 2}, 3);
        assertTrue(exportAndCompare(model, "cropping.onnx") <= 1e-5);
    }

    /**
     * Dilated kernels of each convolution kind as Conv's {@code dilations}, with SAME's odd total padding (the
     * extra pixel after the image) and VALID.
     */
    @Test
    void dilatedConvolutionsRunInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.conv2d(4, new int[] {3, 2}, c -> c.dilationRate(2, 3).padding(Padding.SAME).activation(Activation.TANH)
                    .inputShape(9, 8, 2));
            m.depthwiseConv2d(3, d -> d.dilationRate(2).depthMultiplier(2));
            m.separableConv2d(3, 2, s -> s.dilationRate(1, 2).padding(Padding.SAME).activation(Activation.RELU));
            m.flatten();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {9, 8, 2}, 3);
        assertTrue(exportAndCompare(model, "dilated.onnx") <= 1e-5);
    }

    /** The book's separable block (normalisation, ReLU, separable convolutions, pooling, a strided residual). */
    @Test
    void aMiniXceptionBlockRunsInOnnxRuntimeAsPredict() throws Exception {
        dev.fusenet.runtime.dsl.Functional model = dev.fusenet.runtime.dsl.Functional.build(g -> {
            var image = g.input("image", 8, 8, 1);
            var x = g.conv2d(g.rescaling(image, 1.0 / 255), 4, 3, c -> c.padding(Padding.SAME).useBias(false));
            var residual = x;
            x = g.activation(g.batchNormalization(x), Activation.RELU);
            x = g.separableConv2d(x, 6, 3, s -> s.padding(Padding.SAME).useBias(false));
            x = g.separableConv2d(g.activation(g.batchNormalization(x), Activation.RELU), 6, 3,
                    s -> s.padding(Padding.SAME).depthMultiplier(2).activation(Activation.TANH));
            x = g.maxPooling2d(x, 3, p -> p.strides(2).padding(Padding.SAME));
            x = g.add(x, g.conv2d(residual, 6, 1, c -> c.strides(2).padding(Padding.SAME)));
            g.dense(g.dropout(g.globalAveragePooling2d(x), 0.5), 3, d -> d.activation(Activation.SOFTMAX));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {8, 8, 1}, 3);
        assertTrue(exportAndCompare(model, "xception_block.onnx") <= 1e-5);
    }

    /** Transposed convolutions, SAME and VALID, a kernel smaller than its stride, as ONNX Runtime's ConvTranspose. */
    @Test
    void transposedConvolutionsRunInOnnxRuntimeAsPredict() throws Exception {
        Sequential model = Sequential.build(m -> {
            m.conv2d(3, 3, c -> c.strides(2).padding(Padding.SAME).activation(Activation.RELU).inputShape(7, 6, 2));
            m.conv2dTranspose(4, 3, t -> t.strides(2).padding(Padding.SAME).activation(Activation.TANH));
            m.conv2dTranspose(2, new int[] {2, 3}, t -> t.strides(1, 2));
            m.conv2dTranspose(2, 1, t -> t.strides(2).useBias(false));
            m.globalAveragePooling2d();
            m.dense(3, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
        trainBriefly(model, new int[] {7, 6, 2}, 3);
        assertTrue(exportAndCompare(model, "transposed.onnx") <= 1e-5);
    }

    /**
     * A graph with every merge: a residual block (ELU after the sum, a layer of its own) on an image read by two
     * layers (one transpose, shared), a concatenation of channels (axis -1, which is ONNX's axis 1 channels-first), one along the height, and the
     * element-wise merges of flat features.
     */
    static dev.fusenet.runtime.dsl.Functional graph() {
        return dev.fusenet.runtime.dsl.Functional.build(g -> {
            g.name("graph_net");
            var image = g.input("image", 6, 6, 3);
            var conv1 = g.conv2d(image, 3, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).name("conv1"));
            var residual = g.activation(g.add("skip", conv1, image), Activation.ELU, a -> a.name("residual"));
            var wide = g.conv2d(residual, 2, 3, c -> c.padding(Padding.SAME).name("wide"));
            var channels = g.concatenate("channels", -1, residual, wide);
            var halved = g.maxPooling2d(channels, 2, p -> p.strides(2, 1).padding(Padding.SAME).name("halved"));
            var rows = g.concatenate("rows", 1, channels, halved);
            var flat = g.flatten(rows, f -> f.name("flat"));
            var a = g.dense(flat, 5, d -> d.activation(Activation.TANH).name("a"));
            var b = g.dense(flat, 5, d -> d.activation(Activation.SIGMOID).name("b"));
            var c3 = g.dense(flat, 5, d -> d.name("c"));
            var merged = g.concatenate("merged", -1, g.subtract("difference", a, b), g.multiply("product", a, b, c3),
                    g.average("mean", a, b, c3), g.maximum("high", a, c3), g.minimum("low", b, c3),
                    g.add("sum", a, b, c3));
            g.dense(merged, 4, d -> d.activation(Activation.SOFTMAX).name("out"));
            g.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
        });
    }

    @Test
    void aGraphWithEveryMergeRunsInOnnxRuntimeAsPredict() throws Exception {
        var model = graph();
        trainBriefly(model, new int[] {6, 6, 3}, 4);
        assertTrue(exportAndCompare(model, "graph.onnx") <= 1e-5);
        ModelProto proto = read(directory.resolve("graph.onnx"));
        List<String> operators = proto.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
        for (String operator : List.of("Add", "Sum", "Sub", "Mul", "Mean", "Max", "Min", "Concat", "Elu")) {
            assertTrue(operators.contains(operator), operator + " in " + operators);
        }
        assertEquals(1, proto.getGraph().getNodeList().stream().filter(n -> n.getOutput(0).equals("input.nchw"))
                .count(), "the image read by two layers is transposed once");
    }

    @Test
    void aCompiledGraphExportsAsPredict() throws Exception {
        Model compiled = CompiledModels.compile("example.BranchNet", """
                package example;
                import dev.fusenet.annotations.*;
                import dev.fusenet.runtime.Layer;
                @Compile(optimizer = Optimizer.ADAM, loss = Loss.CATEGORICAL_CROSSENTROPY)
                public interface BranchNet {
                    @Input(shape = {5, 5, 2}) Layer image();
                    @Conv2D(filters = 2, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
                    Layer conv(Layer image);
                    @Add Layer residual(Layer conv, Layer image);
                    @MaxPooling2D(poolSize = 2, padding = Padding.SAME) Layer pool(Layer residual);
                    @Concatenate Layer joined(Layer pool, Layer pool2);
                    @Flatten Layer flat(Layer joined);
                    @Dense(units = 3, activation = Activation.SOFTMAX) Layer out(Layer flat);
                }
                """.replace("@Concatenate Layer joined(Layer pool, Layer pool2);", "@AveragePooling2D(poolSize = 2, "
                + "padding = Padding.SAME) Layer pool2(Layer residual);\n@Concatenate Layer joined(Layer pool, Layer "
                + "pool2);"));
        assertEquals(List.of(List.of("image"), List.of("conv", "image"), List.of("residual"), List.of("residual"),
                List.of("pool", "pool2"), List.of("joined"), List.of("flat")), compiled.connections());
        trainBriefly(compiled, new int[] {5, 5, 2}, 3);
        assertTrue(exportAndCompare(compiled, "branch.onnx") <= 1e-5);
    }

    @Test
    void imagesOfSeveralChannelsWithSamePaddingAndStridesRunAsPredict() throws Exception {
        Sequential model = colourConvnet();
        trainBriefly(model, new int[] {9, 7, 3}, 4);
        assertTrue(exportAndCompare(model, "colour.onnx") <= 1e-5);
    }

    @Test
    void theFileNamesItsInputOutputAndWeightsAndCarriesTheMetadata() throws Exception {
        Path path = directory.resolve("named.onnx");
        Onnx.export(mnistMlp(), path);
        ModelProto proto = read(path);
        assertEquals(7, proto.getIrVersion());
        assertEquals(13, proto.getOpsetImport(0).getVersion());
        assertEquals("input", proto.getGraph().getInput(0).getName());
        assertEquals("batch", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0)
                .getDimParam(), "a dynamic batch dimension");
        assertEquals(784, proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
        assertEquals("output", proto.getGraph().getOutput(0).getName());
        assertEquals(java.util.List.of("hidden.kernel", "hidden.bias", "output.kernel", "output.bias"),
                proto.getGraph().getInitializerList().stream().map(TensorProto::getName).toList());
        Map<String, String> metadata = proto.getMetadataPropsList().stream()
                .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
        assertEquals("mnist_net", metadata.get("name"));
        assertEquals(Onnx.version(), metadata.get("fusenet_version"));
        assertFalse(Onnx.version().contains("${"), "the build filled in the version");
        assertEquals("fusenet", proto.getProducerName());
    }

    @Test
    void exportReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path path = directory.resolve("model.onnx");
        Files.writeString(path, "an older export");
        Onnx.export(mnistMlp(), path);
        assertTrue(read(path).hasGraph());
        try (var files = Files.list(directory)) {
            assertArrayEquals(new Object[] {path}, files.toArray());
        }
    }

    static ModelProto read(Path path) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return ModelProto.parseFrom(in);
        }
    }
}
