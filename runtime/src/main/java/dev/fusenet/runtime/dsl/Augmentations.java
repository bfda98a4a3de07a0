package dev.fusenet.runtime.dsl;

import java.util.ArrayList;
import java.util.List;

/** The DSL's reading of an augmentation factor, {@code f} or {@code lower, upper}, as the annotations take it. */
final class Augmentations {

    private Augmentations() {
    }

    /** The values as written; the spec's rules say what is wrong with them. */
    static List<Double> factor(double... values) {
        List<Double> factor = new ArrayList<>();
        for (double value : values) {
            factor.add(value);
        }
        return factor;
    }
}
