package dev.fusenet.annotations;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A constant of fusenet's model vocabulary that has a Keras identifier, the string a Keras user
 * would pass ({@code "relu"}, {@code "rmsprop"}, {@code "categorical_crossentropy"}).
 */
public interface KerasNamed {

    /** The identifier Keras uses for this constant, e.g. {@code "categorical_crossentropy"}. */
    String kerasName();

    /**
     * Finds the constant of {@code type} whose Keras name (or enum name, in any case) is {@code name}.
     *
     * @throws IllegalArgumentException naming the accepted values when none matches
     */
    static <E extends Enum<E> & KerasNamed> E fromKerasName(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.kerasName().equalsIgnoreCase(name) || constant.name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants())
                .map(c -> "\"" + c.kerasName() + "\"")
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown " + type.getSimpleName() + " \"" + name + "\"; use one of " + accepted);
    }
}
