package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated code is part of the product: the MNIST model's generated class is kept as a golden file, so every
 * change to the generated code shows up in review. To accept a change, run this test with
 * {@code -Dfusenet.golden.update=true} and review the diff of the golden file.
 */
class GoldenFileTest {

    static final String MNIST_NET = """
            package example;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.RMSPROP, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface MnistNet {
                @Dense(units = 512, activation = Activation.RELU, inputShape = 28 * 28)
                Layer hidden();
                @Dense(units = 10, activation = Activation.SOFTMAX)
                Layer output();
            }
            """;

    /** The book's first convnet (Deep Learning with Python, listing 8.1), as issue 11 and the sample write it. */
    static final String MNIST_CONV_NET = """
            package example;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface MnistConvNet {
                @Conv2D(filters = 32, kernelSize = 3, activation = Activation.RELU, inputShape = {28, 28, 1})
                Layer conv1();
                @MaxPooling2D(poolSize = 2)
                Layer pool1();
                @Conv2D(filters = 64, kernelSize = 3, activation = Activation.RELU)
                Layer conv2();
                @MaxPooling2D(poolSize = 2)
                Layer pool2();
                @Conv2D(filters = 128, kernelSize = 3, activation = Activation.RELU)
                Layer conv3();
                @Flatten
                Layer flatten();
                @Dense(units = 10, activation = Activation.SOFTMAX)
                Layer output();
            }
            """;

    /** The graph issue's residual and Inception-style model: a residual Add and a Concatenate of two branches. */
    static final String RESIDUAL_NET = """
            package example;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.ADAM, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface ResidualNet {
                @Input(shape = {28, 28, 1})
                Layer image();
                @Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
                Layer conv1(Layer image);
                @Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
                Layer conv2(Layer conv1);
                @Add
                Layer block1(Layer conv2, Layer conv1);
                @MaxPooling2D(poolSize = 2)
                Layer pool(Layer block1);
                @Conv2D(filters = 16, kernelSize = 1)
                Layer narrow(Layer pool);
                @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME)
                Layer wide(Layer pool);
                @Concatenate
                Layer branches(Layer narrow, Layer wide);
                @Flatten
                Layer flatten(Layer branches);
                @Dense(units = 10, activation = Activation.SOFTMAX)
                Layer output(Layer flatten);
            }
            """;

    /** Batch normalization in a residual block: the training step in phases, the shards meeting at each norm. */
    static final String NORMALIZED_NET = """
            package example;

            import dev.fusenet.annotations.*;
            import dev.fusenet.runtime.Layer;

            @Compile(optimizer = Optimizer.ADAM, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
            public interface NormalizedNet {
                @Input(shape = {28, 28, 1})
                Layer image();
                @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, useBias = false)
                Layer conv1(Layer image);
                @BatchNormalization
                Layer norm1(Layer conv1);
                @ActivationLayer(Activation.RELU)
                Layer relu1(Layer norm1);
                @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, useBias = false)
                Layer conv2(Layer relu1);
                @BatchNormalization
                Layer norm2(Layer conv2);
                @Add
                Layer sum(Layer norm2, Layer relu1);
                @ActivationLayer(Activation.RELU)
                Layer block(Layer sum);
                @MaxPooling2D(poolSize = 2)
                Layer pool(Layer block);
                @Flatten
                Layer flatten(Layer pool);
                @Dense(units = 10, activation = Activation.SOFTMAX)
                Layer output(Layer flatten);
            }
            """;

    @ParameterizedTest
    @CsvSource({"MnistNet", "MnistConvNet", "ResidualNet", "NormalizedNet"}) // as MODELS
    void generatedModelMatchesItsGoldenFile(String model) throws IOException {
        String generated = generate(model);
        Path golden = Path.of("src/test/resources/golden/Compiled" + model + ".java");
        if (Boolean.getBoolean("fusenet.golden.update")) {
            Files.writeString(golden, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), generated,
                "the generated Compiled" + model + " changed; if the change is intended, rerun with "
                        + "-Dfusenet.golden.update=true and review the golden file's diff");
    }

    static final java.util.List<String> MODELS = java.util.List.of("MnistNet", "MnistConvNet", "ResidualNet",
            "NormalizedNet");

    /** The generated class of one of the golden models, compiled in this JVM. */
    static String generate(String model) {
        String source = switch (model) {
            case "MnistNet" -> MNIST_NET;
            case "MnistConvNet" -> MNIST_CONV_NET;
            case "NormalizedNet" -> NORMALIZED_NET;
            default -> RESIDUAL_NET;
        };
        return Models.generatedSource(Models.compile("example." + model, source), "example.Compiled" + model);
    }

    /**
     * Generation depends on nothing but the model: compiled in fresh JVMs whose identity hash codes follow other
     * rules (what iteration over an identity-keyed map would leak) and whose default locales format numbers and
     * case letters differently (Turkish dotless i, German decimal commas), each golden model comes out as its
     * golden file. Two compilations in this JVM could not tell this apart from the golden test.
     */
    @Test
    void generationIsDeterministicAcrossJvmsHashCodesAndLocales(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("fusenet.golden.update"),
                "the golden files are being rewritten");
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[][] settings = {{"-XX:hashCode=2", "-Duser.language=tr", "-Duser.country=TR"},
                {"-XX:hashCode=3", "-Duser.language=de", "-Duser.country=DE"}};
        for (String[] setting : settings) {
            Path out = Files.createDirectories(folder.resolve(setting[0].substring(13)));
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaCommand,
                    "-XX:+UnlockExperimentalVMOptions", setting[0], setting[1], setting[2],
                    "-cp", System.getProperty("java.class.path"), GoldenFileGenerator.class.getName(),
                    out.toString()));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), "the generator failed: " + log);
            for (String model : MODELS) {
                Path golden = Path.of("src/test/resources/golden/Compiled" + model + ".java");
                assertEquals(Files.readString(golden, StandardCharsets.UTF_8),
                        Files.readString(out.resolve("Compiled" + model + ".java"), StandardCharsets.UTF_8),
                        "Compiled" + model + " generated with " + String.join(" ", setting));
            }
        }
    }
}
