package dev.fusenet.annotations;

/** How a geometric augmentation reads the image between pixels, as Keras's {@code interpolation}. */
public enum Interpolation implements KerasNamed {
    /** The four pixels around the point, weighted by nearness: Keras's default. */
    BILINEAR("bilinear"),
    /** The pixel nearest the point. */
    NEAREST("nearest");

    private final String kerasName;

    Interpolation(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
