package dev.fusenet.runtime.datasets;

import dev.fusenet.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads a file from the first mirror that has it, into a temporary file beside the target, and renames it
 * into place only after the SHA-256 of its (decompressed) content matches. A failed or interrupted download
 * leaves nothing behind.
 */
public final class VerifiedDownload {

    /** How long a connection or an answer may take before a mirror counts as timed out. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final PrintStream progress;
    private final Duration timeout;

    /** @param progress where download progress is shown, or {@code null} for none */
    public VerifiedDownload(PrintStream progress) {
        this(progress, TIMEOUT);
    }

    /** As {@link #VerifiedDownload(PrintStream)}, with {@code timeout} for connecting and for each answer. */
    public VerifiedDownload(PrintStream progress, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.progress = progress;
        this.timeout = timeout;
    }

    /**
     * Fetches {@code fileName} from the first of {@code mirrors} (base addresses ending in '/') that serves it and
     * whose content has the expected checksum, and stores it as {@code target}.
     *
     * @throws DatasetException listing what each mirror answered when none gave a verified file
     */
    public void fetch(List<URI> mirrors, String fileName, Path target, String sha256OfDecompressed)
            throws DatasetException {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI source = mirror.resolve(fileName);
            try {
                fetchOne(source, target, sha256OfDecompressed);
                return;
            } catch (IOException e) {
                failures.add(source + ": " + why(e, source));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("download of " + fileName + " interrupted", e);
            }
        }
        throw new DatasetException("could not download " + fileName + " from any mirror, and nothing of it was "
                + "kept:\n  " + String.join("\n  ", failures));
    }

    private void fetchOne(URI source, Path target, String expectedSha256) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(source).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new HttpStatusException(response.statusCode());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            AtomicFiles.write(target, out -> copyWithProgress(body, out, length, target.getFileName().toString()),
                    written -> {
                        String actual = sha256(Idx.readAllDecompressed(written));
                        if (!actual.equals(expectedSha256)) {
                            throw new DatasetException("wrong content: its SHA-256 is " + actual + ", but the "
                                    + "file's is " + expectedSha256 + " (a changed, damaged or intercepted download)");
                        }
                    });
        }
    }

    private void copyWithProgress(InputStream in, OutputStream out, long length, String name) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        int lastPercent = -1;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, read);
            done += read;
            if (progress != null && length > 0) {
                int percent = (int) (100 * done / length);
                if (percent != lastPercent) {
                    progress.printf("\rDownloading %s: %3d%% (%d/%d bytes)", name, percent, done, length);
                    lastPercent = percent;
                }
            }
        }
        if (progress != null) {
            progress.printf("\rDownloaded %s: %d bytes%n", name, done);
        }
    }

    /** A mirror's answer other than 200 OK. */
    private static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }

    /**
     * Why a download failed, in words a person can act on. The HTTP client's exceptions often carry no message
     * (a refused connection's is null), so the cause's type decides.
     */
    String why(IOException failure, URI source) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpStatusException status) {
                return httpStatus(status.status);
            }
            if (cause instanceof DatasetException) {
                return cause.getMessage();
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "host not found: " + source.getHost() + " has no address here (offline, or a network that "
                        + "only a proxy leaves)";
            }
            if (cause instanceof java.net.http.HttpConnectTimeoutException) {
                return "connection timed out after " + seconds(timeout) + " (a firewall, or a network that only a "
                        + "proxy leaves)";
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return "no answer within " + seconds(timeout) + " (request timed out)";
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection refused by " + source.getHost() + (source.getPort() > 0 ? ":" + source.getPort()
                        : "") + " (nothing answers there, or a firewall rejects it)";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "secure connection failed: " + cause.getMessage() + " (a proxy or firewall that intercepts "
                        + "HTTPS?)";
            }
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": "
                + failure.getMessage());
    }

    private static String httpStatus(int status) {
        return "HTTP " + status + switch (status) {
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found (the mirror no longer has the file)";
            case 407 -> " Proxy Authentication Required (a proxy needs credentials)";
            case 429 -> " Too Many Requests (try again later)";
            case 500, 502, 503, 504 -> " (the mirror's server failed; try again later)";
            default -> "";
        };
    }

    private static String seconds(Duration duration) {
        double value = duration.toMillis() / 1000.0;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + " s";
    }

    /** The SHA-256 of {@code bytes} as lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
