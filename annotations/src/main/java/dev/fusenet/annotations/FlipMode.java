package dev.fusenet.annotations;

/** Which way {@link RandomFlip} flips, as Keras's {@code mode} strings. */
public enum FlipMode implements KerasNamed {
    /** Left and right swapped, with probability 1/2 per image. */
    HORIZONTAL("horizontal"),
    /** Top and bottom swapped, with probability 1/2 per image. */
    VERTICAL("vertical"),
    /** Each of the two, independently, with probability 1/2 per image: Keras's default. */
    HORIZONTAL_AND_VERTICAL("horizontal_and_vertical");

    private final String kerasName;

    FlipMode(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
