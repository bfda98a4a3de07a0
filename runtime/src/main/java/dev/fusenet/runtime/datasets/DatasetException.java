package dev.fusenet.runtime.datasets;

import java.io.IOException;

/** A data file that is missing, malformed or fails its checksum; the message names the file and what is wrong. */
public class DatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
