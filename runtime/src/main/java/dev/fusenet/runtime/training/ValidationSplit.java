package dev.fusenet.runtime.training;

import dev.fusenet.runtime.Tensor;

/** Keras's {@code validation_split}: the last fraction of the rows, taken before any shuffling, is held out. */
public record ValidationSplit(Tensor trainX, Tensor trainY, Tensor validationX, Tensor validationY) {

    /**
     * Splits at {@code floor(rows · (1 - fraction))}.
     *
     * @throws IllegalArgumentException when either side would be empty
     */
    public static ValidationSplit of(Tensor x, Tensor y, double fraction) {
        long rows = x.dim(0);
        long splitAt = (long) Math.floor(rows * (1 - fraction));
        if (splitAt <= 0 || splitAt >= rows) {
            throw new IllegalArgumentException("fit: " + rows + " samples cannot be split into training and "
                    + "validation sets with validationSplit " + fraction + "; both need at least one sample");
        }
        return new ValidationSplit(x.slice(0, splitAt), y.slice(0, splitAt), x.slice(splitAt, rows),
                y.slice(splitAt, rows));
    }
}
