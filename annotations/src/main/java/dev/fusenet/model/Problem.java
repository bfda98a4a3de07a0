package dev.fusenet.model;

/**
 * One thing wrong with a model declaration: how bad it is, where it is, and what to do.
 *
 * @param layer the index of the layer it concerns, or {@link #MODEL} for the model and its {@code @Compile}
 * @param attribute the annotation attribute it concerns (e.g. {@code "units"}, {@code "loss"}), or {@code null}
 */
public record Problem(Severity severity, int layer, String attribute, String message) {

    /** {@link #layer()} of a problem with the model as a whole or its training settings. */
    public static final int MODEL = -1;

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
