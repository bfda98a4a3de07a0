package dev.fusenet.samples.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The peer scripts the benchmark runs with Debian's interpreter, from the project's root or this module's folder. */
final class Peers {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Peers() {
    }

    /** {@code relative} (from the project's root) when the benchmark runs there, else from this module's folder. */
    static Path script(Path relative) {
        return Files.exists(relative) ? relative : Path.of("../..").resolve(relative);
    }

    /** A script in {@code samples/benchmark/peers/}. */
    static Path peer(String name) {
        return script(Path.of("samples/benchmark/peers").resolve(name));
    }

    /** Why {@code script} cannot run here, or null when the interpreter and the script are both there. */
    static String missing(Path script) {
        return !Files.exists(PYTHON) ? "no " + PYTHON : !Files.exists(script) ? "no " + script : null;
    }

    /** What a run printed: its exit code and its last line. */
    record Run(int exitCode, String lastLine) {
    }

    /** Runs {@code command}, echoing its lines indented when {@code echo}, and waits for it. */
    static Run run(List<String> command, boolean echo) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (echo) {
                    System.out.println("  " + line);
                }
                last = line;
            }
        }
        return new Run(process.waitFor(), last);
    }
}
