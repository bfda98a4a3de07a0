package dev.fusenet.model;

/**
 * One thing wrong with a model declaration: how bad it is, where it is, and what to do.
 *
 * @param layer the index of the layer it concerns, {@link #MODEL} for the model and its {@code @Compile}, or
 *     {@link #INPUT} for its {@code @Input}
 * @param attribute the annotation attribute it concerns (e.g. {@code "units"}, {@code "loss"}), {@link #read} of
 *     one of the layers it reads (a parameter of its method), or {@code null}
 */
public record Problem(Severity severity, int layer, String attribute, String message) {

    /** {@link #layer()} of a problem with the model as a whole or its training settings. */
    public static final int MODEL = -1;

    /** {@link #layer()} of a problem with the model's {@code @Input} declaration. */
    public static final int INPUT = -2;

    private static final String READ = "reads[";

    /** The attribute of a problem with the {@code position}th layer a layer reads (its method's parameter). */
    public static String read(int position) {
        return READ + position + "]";
    }

    /** For an attribute made by {@link #read}, the position; else -1. */
    public static int readPosition(String attribute) {
        if (attribute == null || !attribute.startsWith(READ)) {
            return -1;
        }
        return Integer.parseInt(attribute.substring(READ.length(), attribute.length() - 1));
    }

    /** Whether the problem stops compilation. */
    public enum Severity { ERROR, WARNING }

    public static Problem error(int layer, String attribute, String message) {
        return new Problem(Severity.ERROR, layer, attribute, message);
    }

    public static Problem warning(int layer, String attribute, String message) {
        return new Problem(Severity.WARNING, layer, attribute, message);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
