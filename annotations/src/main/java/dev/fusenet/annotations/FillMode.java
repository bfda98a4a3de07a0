package dev.fusenet.annotations;

/**
 * How a geometric augmentation ({@link RandomRotation}, {@link RandomZoom}, {@link RandomTranslation}) fills the
 * points it maps from outside the image, as Keras's {@code fill_mode} (TensorFlow's definitions).
 */
public enum FillMode implements KerasNamed {
    /** {@code (d c b a | a b c d | d c b a)}: mirrored about the edge of the last pixel. Keras's default. */
    REFLECT("reflect"),
    /** {@code (a b c d | a b c d | a b c d)}: the image repeated. */
    WRAP("wrap"),
    /** {@code (k k k k | a b c d | k k k k)}: the constant {@code fillValue}. */
    CONSTANT("constant"),
    /** {@code (a a a a | a b c d | d d d d)}: the nearest edge pixel. */
    NEAREST("nearest");

    private final String kerasName;

    FillMode(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
