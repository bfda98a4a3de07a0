package dev.fusenet.model;

/**
 * A declared model input ({@code @Input(shape = ...)}, or the DSL's {@code input(...)}): the name layers read it by,
 * and one sample's shape.
 */
public record InputSpec(String name, Shape shape) {
}
