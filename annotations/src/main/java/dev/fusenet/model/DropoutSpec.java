package dev.fusenet.model;

/** A declared {@code @Dropout} layer. */
public record DropoutSpec(String name, double rate) implements LayerSpec {
}
