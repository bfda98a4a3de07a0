package dev.fusenet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.docs.DocsSnippetsTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ```java onnx} blocks of the docs compile and run, with this module and ONNX Runtime. */
class OnnxDocsTest {

    private static final String IMPORTS = DocsSnippetsTest.IMPORTS + "\n" + String.join("\n",
            "import dev.fusenet.onnx.*;",
            "import ai.onnxruntime.*;",
            "import java.nio.FloatBuffer;");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyOnnxSnippetCompilesAndRuns() throws IOException {
        Path docs = Path.of(System.getProperty("fusenet.root", "..")).resolve("docs");
        assumeTrue(Files.isDirectory(docs), "docs/ not found at " + docs.toAbsolutePath());
        List<DocsSnippetsTest.Snippet> snippets = DocsSnippetsTest.snippets(docs.resolve("onnx.md"), "onnx");
        assertTrue(snippets.size() >= 3, "expected docs/onnx.md to hold Java snippets, found " + snippets.size());
        return snippets.stream().map(snippet -> DynamicTest.dynamicTest(snippet.toString(),
                () -> DocsSnippetsTest.check(snippet, IMPORTS, work)));
    }
}
