package dev.fusenet.runtime.training;

/** How much {@code fit} prints, as Keras's {@code verbose}. */
public enum Verbosity {
    /** A progress bar on a terminal, one line per epoch otherwise (CI logs, files): Keras's "auto". */
    AUTO,
    /** Nothing: Keras's 0. */
    SILENT,
    /** A progress bar redrawn in place: Keras's 1. */
    PROGRESS_BAR,
    /** One line per epoch: Keras's 2. */
    ONE_LINE_PER_EPOCH;

    /** AUTO made concrete for this process: a bar when standard output is a terminal. */
    public Verbosity resolve() {
        if (this != AUTO) {
            return this;
        }
        return Terminal.isInteractive() ? PROGRESS_BAR : ONE_LINE_PER_EPOCH;
    }
}
