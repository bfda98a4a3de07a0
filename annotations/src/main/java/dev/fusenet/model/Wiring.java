package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which value each layer of a {@link ModelSpec} reads: its {@code reads} names resolved to the index of the layer
 * (or {@link ModelPlan#INPUT}) they name. A layer that names none reads the layer declared before it. The rules
 * report the names that do not resolve; the plan is made only when all do.
 */
final class Wiring {

    /** A name that names neither the input nor a layer declared above its reader. */
    static final int UNRESOLVED = -2;

    private Wiring() {
    }

    /** For each layer, the index of each layer it reads, in order. */
    static List<int[]> sources(ModelSpec spec) {
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            List<String> names = spec.readsOf(i);
            if (names.isEmpty()) {
                sources.add(new int[] {i - 1});
                continue;
            }
            int[] resolved = new int[names.size()];
            for (int j = 0; j < names.size(); j++) {
                resolved[j] = resolve(spec, i, names.get(j));
            }
            sources.add(resolved);
        }
        return sources;
    }

    /** The index of the layer {@code name} names for layer {@code reader}: declared above it, or the input. */
    static int resolve(ModelSpec spec, int reader, String name) {
        if (spec.input().isPresent() && spec.input().get().name().equals(name)) {
            return ModelPlan.INPUT;
        }
        for (int i = 0; i < reader; i++) {
            if (spec.layers().get(i).name().equals(name)) {
                return i;
            }
        }
        return UNRESOLVED;
    }

    /** The index of the layer named {@code name}, anywhere in the model, or -1. */
    static int indexOf(ModelSpec spec, String name) {
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** What a source is called in messages: the layer's name, or {@code the input}. */
    static String describe(ModelSpec spec, int source) {
        return source == ModelPlan.INPUT ? "the input" : spec.layers().get(source).name();
    }
}
