package dev.fusenet.runtime.data;

/**
 * Data that cannot be used as it is: a corrupt image, a CSV cell that is not a number, samples of different shapes
 * in one batch, a folder without images. The message names the file, row or element and says what to do instead.
 * An {@link IllegalArgumentException}, as bad tensors given to {@code fit} are, so it reaches the caller from inside
 * {@code fit}'s loop unchecked; a file that cannot be read at all is its {@link #getCause() cause}.
 */
public class DataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
