package dev.fusenet.annotations;

/** How a convolution or pooling window treats the border of its input, named as Keras names it. */
public enum Padding implements KerasNamed {
    /** No padding: the window stays inside the input; output size {@code floor((n - k) / s) + 1}. */
    VALID("valid"),
    /**
     * Zero padding (for pooling: padding that is ignored) so that the output size is {@code ceil(n / s)}; the
     * total padding {@code max((ceil(n / s) - 1)·s + k - n, 0)} is split with the extra pixel at the bottom and
     * right, as Keras and TensorFlow split it.
     */
    SAME("same");

    private final String kerasName;

    Padding(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
