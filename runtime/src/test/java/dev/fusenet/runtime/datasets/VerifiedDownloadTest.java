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
    private java.util.concurrent.ExecutorService handlers;
    private final Map<String, byte[]> served = new HashMap<>();
    /** Status codes to answer with instead of serving, by path. */
    private final Map<String, Integer> statuses = new HashMap<>();
    /** Paths that answer only after this long, in milliseconds. */
    private final Map<String, Long> delays = new HashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = java.util.concurrent.Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Long delay = delays.get(path);
            if (delay != null) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = served.get(path);
            if (statuses.containsKey(path)) {
                exchange.sendResponseHeaders(statuses.get(path), -1);
            } else if (body == null) {
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
        handlers.shutdownNow();
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
        assertTrue(e.getMessage().startsWith("could not download labels.gz from any mirror, and nothing of it was "
                + "kept:"), e.getMessage());
        assertTrue(e.getMessage().contains(": wrong content: its SHA-256 is "
                + VerifiedDownload.sha256(IdxFiles.labels(5)) + ", but the file's is " + "0".repeat(64)
                + " (a changed, damaged or intercepted download)"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing());
    }

    @Test
    void everyMirrorFailingIsReportedPerMirror() throws IOException {
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null)
                .fetch(List.of(mirror("/a/"), mirror("/b/")), "x.gz", cache.resolve("x.gz"), "0".repeat(64)));
        assertEquals("could not download x.gz from any mirror, and nothing of it was kept:\n  " + mirror("/a/x.gz")
                + ": HTTP 404 Not Found (the mirror no longer has the file)\n  " + mirror("/b/x.gz")
                + ": HTTP 404 Not Found (the mirror no longer has the file)", e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void aRefusedConnectionSaysSoInsteadOfNull() throws Exception {
        // a port that was just free: nothing listens there now
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + port + "/m/");
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null)
                .fetch(List.of(refused), "x.gz", cache.resolve("x.gz"), "0".repeat(64)));
        assertTrue(e.getMessage().endsWith(refused.resolve("x.gz") + ": connection refused by 127.0.0.1:" + port
                + " (nothing answers there, or a firewall rejects it)"), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void aSlowMirrorTimesOutWithTheTimeSpent() throws Exception {
        served.put("/slow/x.gz", IdxFiles.gzip(IdxFiles.labels(2)));
        delays.put("/slow/x.gz", 3000L);
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null, java.time.Duration.ofMillis(300))
                .fetch(List.of(mirror("/slow/")), "x.gz", cache.resolve("x.gz"), "0".repeat(64)));
        assertTrue(e.getMessage().endsWith(mirror("/slow/x.gz") + ": no answer within 0.3 s (request timed out)"),
                e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void aProxyThatWantsCredentialsIsNamed() {
        statuses.put("/p/x.gz", 407);
        var e = assertThrows(DatasetException.class, () -> new VerifiedDownload(null)
                .fetch(List.of(mirror("/p/")), "x.gz", cache.resolve("x.gz"), "0".repeat(64)));
        assertTrue(e.getMessage().endsWith(": HTTP 407 Proxy Authentication Required (a proxy needs credentials)"),
                e.getMessage());
    }

    /** When no mirror serves MNIST, the message ends with what to do: where to put files, and the proxy settings. */
    @Test
    void mnistSaysHowToUseFilesYouHave() {
        var e = assertThrows(DatasetException.class, () -> Mnist.downloadMissing(cache, List.of(mirror("/none/")),
                new VerifiedDownload(null)));
        String message = e.getMessage();
        assertTrue(message.startsWith("could not download train-images-idx3-ubyte.gz from any mirror, and nothing "
                + "of it was kept:\n  " + mirror("/none/train-images-idx3-ubyte.gz") + ": HTTP 404 Not Found"),
                message);
        assertTrue(message.contains("\nThe cache " + cache.toAbsolutePath() + " holds 0 of the 4 files.\n"), message);
        assertTrue(message.contains("train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), message);
        assertTrue(message.contains("-Dfusenet.datasets=DIR or the environment variable FUSENET_DATASETS=DIR"),
                message);
        assertTrue(message.endsWith("-Dhttps.proxyHost=HOST -Dhttps.proxyPort=PORT (and -Dhttp.proxyHost, "
                + "-Dhttp.proxyPort for the http mirror)."), message);
    }

    /** The words for a host that does not resolve (not tried over the network: no lookups leave this machine). */
    @Test
    void anUnknownHostIsNamed() {
        URI source = URI.create("https://mirror.invalid/mnist/x.gz");
        assertEquals("host not found: mirror.invalid has no address here (offline, or a network that only a proxy "
                + "leaves)", new VerifiedDownload(null).why(new IOException(
                        new java.net.UnknownHostException("mirror.invalid")), source));
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
        Mnist.downloadMissing(cache, List.of(mirror("/missing/"), mirror("/mnist/")), new VerifiedDownload(null));
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
