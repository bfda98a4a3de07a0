package dev.fusenet.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The largest buffer a model can have: weights and working memory are Java arrays, indexed by {@code int}, and
 * JVMs refuse arrays within a few elements of {@code Integer.MAX_VALUE}.
 */
public final class ArrayLimits {

    /** The largest array length every mainstream JVM allocates. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ArrayLimits() {
    }

    /** A message when {@code values} cannot be one array, naming {@code what} needs them and what to do. */
    public static Optional<String> fits(String what, long values, String instead) {
        if (values <= MAX_ARRAY) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s needs %,d values, more than a Java array holds (%,d); %s",
                what, values, MAX_ARRAY, instead));
    }
}
