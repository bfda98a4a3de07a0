package dev.fusenet.runtime.dsl;

import java.util.Arrays;

/** What the builders' options share: a null where a value of an enum is needed is refused where it is passed. */
final class Options {

    private Options() {
    }

    /**
     * {@code value}, or an exception naming the option and its choices: a null kept until the model is built would
     * fail there, far from the call that passed it.
     */
    static <E extends Enum<E>> E required(E value, String option, Class<E> type) {
        if (value == null) {
            throw new IllegalArgumentException(option + "(null): give one of " + type.getSimpleName() + "'s values "
                    + Arrays.toString(type.getEnumConstants()));
        }
        return value;
    }
}
