package dev.fusenet.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the POMs say about the project is true of the repository: the license they declare is the LICENSE file
 * beside them, and they name no web site or source repository that nothing here states.
 */
class ProjectFilesTest {

    private static Path root() {
        Path root = Path.of(System.getProperty("fusenet.root", ".."));
        assumeTrue(Files.isRegularFile(root.resolve("pom.xml")), "the project's root not found at " + root);
        return root;
    }

    @Test
    void theDeclaredLicenseIsTheLicenseFile() throws Exception {
        Path root = root();
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<name>Apache License, Version 2.0</name>"), "the POM declares Apache-2.0");
        Path license = root.resolve("LICENSE");
        assertTrue(Files.isRegularFile(license), "the LICENSE file the POM declares is missing");
        String text = Files.readString(license, StandardCharsets.UTF_8);
        assertTrue(text.contains("Apache License") && text.contains("Version 2.0, January 2004")
                && text.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"), "LICENSE is the "
                + "Apache License 2.0 text");
    }

    @Test
    void thePomsNameNoSiteOrRepositoryThatDoesNotExist() throws Exception {
        Path root = root();
        for (Path pom : new Path[] {root.resolve("pom.xml"), root.resolve("bom/pom.xml")}) {
            String text = Files.readString(pom, StandardCharsets.UTF_8);
            assertFalse(text.contains("<scm>"), pom + " names a source repository the project does not state");
            assertFalse(text.contains("fusenet.dev"), pom + " names a web site the project does not have");
        }
    }
}
