package dev.fusenet.runtime.data;

/**
 * The channels an image is read as, whatever its file holds, as Keras's {@code color_mode}: a grey file read as RGB
 * repeats its grey in each channel, an RGBA file read as RGB drops its alpha, as TensorFlow and PIL convert them.
 */
public enum ColorMode {
    /** One channel; colour converts to luma {@code 0.299 R + 0.587 G + 0.114 B}, as PIL's {@code convert("L")}. */
    GRAYSCALE(1),
    /** Three channels, red, green, blue. */
    RGB(3),
    /** Four channels, red, green, blue and alpha (255 where the file has none). */
    RGBA(4);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** How many channels each pixel has. */
    public int channels() {
        return channels;
    }
}
