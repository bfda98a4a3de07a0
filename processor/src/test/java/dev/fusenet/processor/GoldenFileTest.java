package dev.fusenet.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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

    private static final Path GOLDEN = Path.of("src/test/resources/golden/CompiledMnistNet.java");

    @Test
    void generatedMnistNetMatchesTheGoldenFile() throws IOException {
        Compilation compilation = Models.compile("example.MnistNet", MNIST_NET);
        String generated = Models.generatedSource(compilation, "example.CompiledMnistNet");
        if (Boolean.getBoolean("fusenet.golden.update")) {
            Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), generated,
                "the generated CompiledMnistNet changed; if the change is intended, rerun with "
                        + "-Dfusenet.golden.update=true and review the golden file's diff");
    }

    @Test
    void generationIsDeterministic() {
        String first = Models.generatedSource(Models.compile("example.MnistNet", MNIST_NET),
                "example.CompiledMnistNet");
        String second = Models.generatedSource(Models.compile("example.MnistNet", MNIST_NET),
                "example.CompiledMnistNet");
        assertEquals(first, second);
    }
}
