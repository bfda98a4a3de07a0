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

    /**
     * The batch size a model's working memory must fit at least: Keras's default. A model whose buffers for a
     * batch of 32 cannot be arrays could not train with the batch sizes people use.
     */
    public static final int BATCH = 32;

    /**
     * A message when a buffer of {@code perSample} values per sample cannot be one array for a batch of
     * {@link #BATCH}.
     */
    public static Optional<String> fitsABatch(String what, long perSample, String instead) {
        if (perSample <= MAX_ARRAY / BATCH) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s, %,d values a sample, needs %s values for a batch of %d "
                + "(Keras's default), more than a Java array holds (%,d); %s", what, perSample,
                perSample > Long.MAX_VALUE / BATCH ? "more than 9.2e18" : String.format(Locale.ROOT, "%,d",
                        perSample * BATCH), BATCH, MAX_ARRAY, instead));
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
