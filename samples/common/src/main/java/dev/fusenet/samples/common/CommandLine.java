package dev.fusenet.samples.common;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * How a command-line sample ends when the user's input is wrong (a flag, a missing data folder, a batch size the
 * heap cannot hold): the message on standard error and exit status 2, not a stack trace. Anything else is a bug
 * and keeps its stack trace.
 */
public final class CommandLine {

    /** A sample's body: what its {@code main} would do. */
    @FunctionalInterface
    public interface Body {
        void run(String[] args) throws Exception;
    }

    private CommandLine() {
    }

    /** Runs {@code body}; on bad input prints its message and exits with status 2. */
    public static void run(String sample, String[] args, Body body) throws Exception {
        int status = status(sample, System.err, args, body);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** 0 after {@code body} ran, 2 after printing to {@code err} why the input was refused. */
    public static int status(String sample, PrintStream err, String[] args, Body body) throws Exception {
        try {
            body.run(args);
            return 0;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException
                 | ArithmeticException e) {
            if (String.valueOf(e.getMessage()).startsWith("fusenet bug")) {
                throw e;
            }
            err.println(sample + ": " + e.getMessage());
            return 2;
        }
    }
}
