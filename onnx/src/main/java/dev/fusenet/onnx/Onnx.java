package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.CompileBuilder;
import dev.fusenet.runtime.dsl.BuiltModel;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import onnx.Onnx.ModelProto;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * fusenet models to and from ONNX, the format ONNX Runtime serves in Java, C++, C#, Python, JavaScript and on
 * phones, and PyTorch's {@code torch.onnx.export} and tf2onnx write.
 *
 * <pre>{@code
 * Onnx.export(model, Path.of("mnist.onnx"));                 // serve it with ONNX Runtime
 * Model imported = Onnx.load(Path.of("from-pytorch.onnx"),   // a PyTorch model, trainable in fusenet
 *         c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY));
 * }</pre>
 *
 * Stateless and safe to call from many threads; {@code export} reads the weights under the model's lock, as
 * {@code save} does.
 */
public final class Onnx {

    private Onnx() {
    }

    /**
     * Writes {@code model}'s inference graph to {@code file}, atomically (a reader sees the old file or the whole
     * new one): ONNX IR 7, opset 13, one input {@code input} of shape (batch, ...the model's input shape) and one
     * output {@code output}, exactly {@code predict}'s; the weights as initializers named {@code <layer>.kernel}
     * and {@code <layer>.bias}; the model's name and fusenet's version in the metadata. Dropout leaves no node;
     * the last activation stays, so a softmax model outputs probabilities.
     *
     * @throws IOException when the file cannot be written; an existing file is unchanged then
     */
    public static void export(Model model, Path file) throws IOException {
        ModelProto proto = OnnxExport.export(model, version());
        AtomicFiles.write(file, proto::writeTo);
    }

    /**
     * The model in {@code file}, ready to predict, evaluate and train: compiled with RMSprop and the loss its last
     * activation calls for (categorical cross-entropy after softmax, binary after sigmoid, mean squared error
     * otherwise). Use {@link #load(Path, Consumer)} to choose.
     *
     * @throws OnnxImportException naming the node, its operator and what fusenet supports, when the graph has
     *     an operator or pattern fusenet has no layer for
     * @throws IOException when the file cannot be read or is not ONNX
     */
    public static Model load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * The model in {@code file}, compiled as the block says, as the DSL's {@code m.compile(...)}:
     * {@code Onnx.load(path, c -> c.optimizer(Optimizer.ADAM).loss(Loss.CATEGORICAL_CROSSENTROPY))}.
     *
     * <p>Images: fusenet's are channels-last, (batch, height, width, channels). A PyTorch model's
     * channels-first input (batch, channels, height, width) becomes channels-last, and the model computes the same
     * function on the transposed images; for one channel (MNIST) the values are laid out identically.
     */
    public static Model load(Path file, Consumer<CompileBuilder> compile) throws IOException {
        OnnxImport.Result imported = read(file);
        return build(imported, compile);
    }

    /**
     * The {@code @Compile} interface of the model in {@code file}, in {@code packageName}: put it in
     * {@code src/main/java} and fusenet's processor writes its compiled class. The layer methods are named after
     * the imported layers, so the weights load into it from a checkpoint of the imported model:
     * {@code Onnx.load(file).save(Path.of("weights.npz"))}, then {@code new CompiledNet().load(...)}.
     */
    public static String javaSource(Path file, String packageName) throws IOException {
        return build(read(file), null).javaSource(packageName);
    }

    private static OnnxImport.Result read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not an ONNX file: give the path of the .onnx file inside it");
        }
        ModelProto proto;
        try (InputStream in = Files.newInputStream(file)) {
            proto = ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toAbsolutePath().toString(), null, "no ONNX file there");
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not an ONNX model (" + e.getMessage() + ")", e);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "").replaceAll("[^A-Za-z0-9_]", "_");
        return OnnxImport.read(proto, stem.isEmpty() ? "imported" : stem);
    }

    /** A chain as a Sequential model, as it imported before graphs; anything else as a Functional one. */
    private static BuiltModel build(OnnxImport.Result imported, Consumer<CompileBuilder> compile) {
        List<ImportedLayer> layers = imported.layers();
        Consumer<CompileBuilder> settings = compile != null ? compile : defaultCompile(layers);
        BuiltModel model = imported.isChain() ? Sequential.build(m -> {
            m.name(imported.modelName());
            for (int i = 0; i < layers.size(); i++) {
                layers.get(i).addTo(m, i == 0 ? imported.inputShape() : null);
            }
            m.compile(settings);
        }) : Functional.build(g -> {
            g.name(imported.modelName());
            Map<String, Node> nodes = new HashMap<>();
            nodes.put(imported.inputName(), g.input(imported.inputName(), imported.inputShape()));
            for (int i = 0; i < layers.size(); i++) {
                List<Node> inputs = imported.reads().get(i).stream().map(nodes::get).toList();
                nodes.put(layers.get(i).name(), layers.get(i).addTo(g, inputs));
            }
            g.compile(settings);
        });
        List<Tensor> weights = new ArrayList<>();
        layers.forEach(layer -> weights.addAll(layer.weights()));
        model.setWeights(weights);
        return model;
    }

    private static Consumer<CompileBuilder> defaultCompile(List<ImportedLayer> layers) {
        Activation last = Activation.LINEAR;
        for (ImportedLayer layer : layers) {
            if (layer instanceof ImportedLayer.Dense dense) {
                last = dense.activation();
            } else if (layer instanceof ImportedLayer.Conv2D conv) {
                last = conv.activation();
            }
        }
        Loss loss = switch (last) {
            case SOFTMAX -> Loss.CATEGORICAL_CROSSENTROPY;
            case SIGMOID -> Loss.BINARY_CROSSENTROPY;
            default -> Loss.MEAN_SQUARED_ERROR;
        };
        return c -> c.optimizer(Optimizer.RMSPROP).loss(loss);
    }

    /** fusenet's version, as the build wrote it into this module. */
    static String version() {
        try (InputStream in = Onnx.class.getResourceAsStream("fusenet.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
