package dev.fusenet.processor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden models' generated classes into the folder given as the first argument: run in a child JVM
 * by {@link GoldenFileTest#generationIsDeterministicAcrossJvmsHashCodesAndLocales}.
 */
public final class GoldenFileGenerator {

    private GoldenFileGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        for (String model : GoldenFileTest.MODELS) {
            Files.writeString(folder.resolve("Compiled" + model + ".java"), GoldenFileTest.generate(model),
                    StandardCharsets.UTF_8);
        }
    }
}
