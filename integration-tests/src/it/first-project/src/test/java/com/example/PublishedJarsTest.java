package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Compile;
import dev.fusenet.runtime.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** fusenet's jars, as this project received them: a module name each, sources and javadoc beside them. */
class PublishedJarsTest {

    @Test
    void eachJarNamesItsModuleAndHasSourcesAndJavadocBesideIt() throws Exception {
        check(Tensor.class, "dev.fusenet.runtime");
        check(Compile.class, "dev.fusenet.annotations");
    }

    private static void check(Class<?> type, String moduleName) throws Exception {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(moduleName, file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), jar
                    .toString());
        }
        String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        for (String classifier : new String[] {"sources", "javadoc"}) {
            Path attached = jar.resolveSibling(base + "-" + classifier + ".jar");
            assertTrue(Files.exists(attached), "no " + attached);
        }
    }
}
