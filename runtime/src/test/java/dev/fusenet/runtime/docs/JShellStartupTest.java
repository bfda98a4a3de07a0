package dev.fusenet.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The jshell quick start (samples/jshell/fusenet.jsh, docs/getting-started.md) runs as jshell runs it: each
 * snippet accepted, none throwing, MNIST loaded and the lecture's model built.
 */
class JShellStartupTest {

    @Test
    void theStartupScriptLoadsMnistAndBuildsTheLecturesModel() throws Exception {
        Path root = Path.of(System.getProperty("fusenet.root", ".."));
        Path script = root.resolve("samples/jshell/fusenet.jsh");
        assumeTrue(Files.exists(script), "no " + script.toAbsolutePath());
        String datasets = System.getProperty("fusenet.datasets", "");
        assumeTrue(Files.isDirectory(Path.of(datasets, "mnist")), "MNIST not found under fusenet.datasets ("
                + datasets + "); the script loads it");
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            for (String entry : classPath.split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String remaining = Files.readString(script);
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo next = analysis.analyzeCompletion(remaining);
                String source = next.source();
                remaining = next.remaining();
                if (source == null || source.isBlank()) {
                    break;
                }
                List<SnippetEvent> events = shell.eval(source);
                for (SnippetEvent event : events) {
                    assertTrue(event.status() != Snippet.Status.REJECTED, "rejected: " + source + "\n"
                            + shell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList());
                    assertNull(event.exception(), "throws: " + source);
                }
            }
            assertEquals("60000", shell.eval("trainImages.shape()[0]").get(0).value().replace("L", ""));
            String summary = shell.eval("model.summary()").get(0).value();
            assertTrue(summary.contains("Total params: 407,050"), summary);
            String graph = shell.eval("residual.summary()").get(0).value();
            assertTrue(graph.contains("block (Add)") && graph.contains("refined[0][0],"), graph);
        }
    }
}
