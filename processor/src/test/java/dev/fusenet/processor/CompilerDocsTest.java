package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The compiler guide's examples compile: each {@code ```java model} block is a source file the processor must
 * accept without a diagnostic, and each {@code ```java with-model} block is code using the generated classes.
 */
class CompilerDocsTest {

    private static final Path GUIDE = Path.of("../docs/compiler.md");
    private static final Pattern BLOCK = Pattern.compile("```java (model|with-model)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("public interface (\\w+)");

    @Test
    void theGuidesModelsAndTheirUseCompile() throws IOException {
        String guide = Files.readString(GUIDE);
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher block = BLOCK.matcher(guide);
        int usages = 0;
        while (block.find()) {
            String code = block.group(2);
            if (block.group(1).equals("model")) {
                Matcher type = TYPE.matcher(code);
                assertFalse(!type.find(), "a model block declares a public interface: " + code);
                sources.add(JavaFileObjects.forSourceString("example." + type.group(1), code));
            } else {
                String name = "Usage" + usages++;
                sources.add(JavaFileObjects.forSourceString("example." + name, """
                        package example;

                        import dev.fusenet.runtime.*;
                        import dev.fusenet.runtime.training.History;
                        import java.nio.file.Path;

                        class %s {
                            void run(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels)
                                    throws Exception {
                        %s
                            }
                        }
                        """.formatted(name, code)));
            }
        }
        assertFalse(sources.isEmpty(), "the guide has examples");
        Compilation compilation = com.google.testing.compile.Compiler.javac()
                .withProcessors(new FusenetProcessor()).compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
    }
}
