package dev.fusenet.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every {@code ```java} block of README.md and docs/*.md, so that the documentation never
 * shows code that does not work. A block of statements runs as the body of a method with the runtime's
 * packages imported. A block marked {@code ```java no-run} (one that needs data or a network) is only compiled.
 * Blocks of an optional module are marked with its name ({@code ```java onnx}, {@code ```java onnx no-run}) and
 * checked by that module's tests, on its class path, through {@link #check(Snippet, String, Path)}.
 */
public class DocsSnippetsTest {

    /** The imports every snippet gets. */
    public static final String IMPORTS = String.join("\n",
            "import dev.fusenet.annotations.*;",
            "import dev.fusenet.runtime.*;",
            "import dev.fusenet.runtime.dsl.*;",
            "import dev.fusenet.runtime.autodiff.*;",
            "import dev.fusenet.runtime.data.*;",
            "import dev.fusenet.runtime.datasets.*;",
            "import dev.fusenet.runtime.losses.*;",
            "import dev.fusenet.runtime.metrics.*;",
            "import dev.fusenet.runtime.optimizers.*;",
            "import dev.fusenet.runtime.training.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import org.nd4j.linalg.api.ndarray.INDArray;",
            "import org.nd4j.linalg.factory.Nd4j;");

    public record Snippet(Path file, int line, String code, boolean run) {
        String className() {
            String base = file.getFileName().toString().replaceAll("\\W", "_");
            return "Snippet_" + base + "_line" + line;
        }

        @Override
        public String toString() {
            return file.getFileName() + ":" + line;
        }
    }

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompilesAndRuns() throws IOException {
        Path root = Path.of(System.getProperty("fusenet.root", ".."));
        assumeTrue(Files.isDirectory(root.resolve("docs")), "docs/ not found under " + root.toAbsolutePath());
        List<Snippet> snippets = new ArrayList<>(snippets(root.resolve("README.md"), ""));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                snippets.addAll(snippets(page, ""));
            }
        }
        assertTrue(snippets.size() >= 10, "expected the docs to hold Java snippets, found " + snippets.size());
        return snippets.stream().map(snippet -> DynamicTest.dynamicTest(snippet.toString(),
                () -> check(snippet, IMPORTS, work)));
    }

    /** Compiles {@code snippet} with {@code imports} on the test class path in {@code work}, and runs it. */
    public static void check(Snippet snippet, String imports, Path work) throws Exception {
        Path source = work.resolve(snippet.className() + ".java");
        Files.writeString(source, imports + "\npublic class " + snippet.className()
                + " {\n public static void run() throws Exception {\n" + snippet.code() + "\n }\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", testClassPath(), "-d", work.toString(), "-proc:none"), null,
                    files.getJavaFileObjects(source)).call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    long docLine = snippet.line() + d.getLineNumber() - 8
                            - (imports.lines().count() - IMPORTS.lines().count());
                    errors.append("\n  ").append(snippet.file().getFileName()).append(':').append(docLine)
                            .append(": ").append(d.getMessage(Locale.ROOT));
                }
            }
            assertTrue(compiled, "snippet at " + snippet + " does not compile:" + errors);
        }
        if (!snippet.run()) {
            return;
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()},
                DocsSnippetsTest.class.getClassLoader())) {
            try {
                loader.loadClass(snippet.className()).getMethod("run").invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError("snippet at " + snippet + " throws " + e.getCause(), e.getCause());
            }
        }
    }

    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * The {@code ```java} blocks of a Markdown file marked with {@code module} (empty for the core's), each with the
     * line its code starts on.
     */
    public static List<Snippet> snippets(Path file, String module) throws IOException {
        String java = module.isEmpty() ? "```java" : "```java " + module;
        List<String> lines = Files.readAllLines(file);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (fence.equals(java) || fence.equals(java + " no-run")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                snippets.add(new Snippet(file, start + 1, code.toString(), fence.equals(java)));
            }
        }
        return snippets;
    }
}
