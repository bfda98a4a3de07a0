package dev.fusenet.runtime.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from mirrors served on the loopback interface by this test. */
class VerifiedDownloadTest {

    @TempDir
    Path cache;

    private HttpServer server;
    private final Map<String, byte[]> served = new HashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void fetchesFromTheFirstMirrorThatHasTheFileAndVerifiesIt() throws Exception {
        byte[] idx = IdxFiles.labels(5);
        served.put("/second/labels.gz", IdxFiles.gzip(idx));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Path target = cache.resolve("labels.gz");
        new VerifiedDownload(new PrintStream(progress, true, StandardCharsets.UTF_8))
                .fetch(List.of(mirror("/first/"), mirror("/second/")), "labels.gz", target,
                        VerifiedDownload.sha256(idx));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Idx.read(target).toIntArray());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Downloaded labels.gz"));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aChecksumMismatchLeavesNothingBehind() throws Exception {
        served.put("/m/labels.gz", IdxFiles.gzip(IdxFiles.labels(5)));
        Path target = cache.resolve("labels.gz");
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null)
                .fetch(List.of(mirror("/m/")), "labels.gz", target, "0".repeat(64)));
        assertTrue(e.getMessage().startsWith("could not download labels.gz from any mirror:"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch: SHA-256 "), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing());
    }

    @Test
    void everyMirrorFailingIsReportedPerMirror() throws IOException {
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null)
                .fetch(List.of(mirror("/a/"), mirror("/b/")), "x.gz", cache.resolve("x.gz"), "0".repeat(64)));
        assertEquals("could not download x.gz from any mirror:\n  " + mirror("/a/x.gz") + ": HTTP 404\n  "
                + mirror("/b/x.gz") + ": HTTP 404", e.getMessage());
        assertEquals(List.of(), listing());
    }

    /** The real files served locally must pass the checksums of DESIGN.md: the download path end to end. */
    @Test
    void downloadsRealMnistIntoTheCache() throws Exception {
        Optional<Path> real = Mnist.configuredDirectory();
        assumeTrue(real.isPresent(), "real MNIST not found: set -Dfusenet.datasets to a folder holding mnist/");
        for (Mnist.File file : Mnist.File.values()) {
            Path path = file.in(real.get()).orElseThrow();
            byte[] bytes = Files.readAllBytes(path);
            served.put("/mnist/" + file.baseName + ".gz", path.toString().endsWith(".gz") ? bytes : IdxFiles.gzip(bytes));
        }
        Mnist.downloadMissing(cache, List.of(mirror("/missing/"), mirror("/mnist/")), null);
        Mnist.Data data = Mnist.loadData(cache);
        assertArrayEquals(new long[] {60000, 28, 28}, data.trainImages().shape());
        assertEquals(4, listing().size());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }
}
