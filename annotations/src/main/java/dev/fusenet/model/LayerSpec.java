package dev.fusenet.model;

/** One layer of a model as declared: a {@link DenseSpec} or a {@link DropoutSpec}. */
public sealed interface LayerSpec permits DenseSpec, DropoutSpec {

    /** The layer's name: the declaring method's name, e.g. {@code hidden}. */
    String name();
}
