package dev.fusenet.samples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A sample given bad input prints one line of what is wrong and exits with 2; a bug keeps its stack trace. */
class CommandLineTest {

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = CommandLine.status("mnist", err, args, arguments -> SampleOptions.parse(5, 128, arguments)
                .loadMnist());
        assertEquals(2, status);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badFlagsAndMissingDataArePrintedAsMessages() throws Exception {
        assertEquals("mnist: --epochs takes a whole number, got five\n", run("--epochs", "five"));
        assertEquals("mnist: --seed takes a whole number, got 1.5\n", run("--seed", "1.5"));
        assertEquals("mnist: --epochs must be positive, got 0\n", run("--epochs", "0"));
        assertEquals("mnist: unknown flag --epoch; use --data DIR, --epochs N, --batch-size N, --seed N or --out DIR\n",
                run("--epoch", "3"));
        Path nowhere = Path.of("no-such-mnist-folder");
        String missing = run("--data", nowhere.toString());
        assertEquals(true, missing.startsWith("mnist: "), missing);
        assertEquals(true, missing.contains("--data DIR"), missing);
        assertEquals(false, missing.contains("\tat "), "no stack trace: " + missing);
    }

    @Test
    void bugsKeepTheirStackTrace() throws Exception {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(NullPointerException.class, () -> CommandLine.status("x", err, new String[0], args -> {
            throw new NullPointerException("a bug");
        }));
        assertThrows(IllegalStateException.class, () -> CommandLine.status("x", err, new String[0], args -> {
            throw new IllegalStateException("fusenet bug: the backward of relu gave a (2) gradient");
        }));
        assertEquals(0, CommandLine.status("x", err, new String[0], args -> { }));
    }
}
