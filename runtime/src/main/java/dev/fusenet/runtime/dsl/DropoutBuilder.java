package dev.fusenet.runtime.dsl;

import dev.fusenet.model.DropoutSpec;

/** The options of one dropout layer besides its rate: {@code d -> d.name("drop")}. */
public final class DropoutBuilder {

    private final double rate;
    private String name;

    DropoutBuilder(double rate, String defaultName) {
        this.rate = rate;
        this.name = defaultName;
    }

    /** The layer's name (default {@code dropout}, {@code dropout_1}, ...). */
    public DropoutBuilder name(String name) {
        this.name = name;
        return this;
    }

    DropoutSpec spec() {
        return new DropoutSpec(name, rate);
    }
}
