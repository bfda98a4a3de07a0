package dev.fusenet.runtime.dsl;

/**
 * The output of a layer (or the model's input) inside a {@link FunctionalBuilder} block: what later layers are
 * called on, as the symbolic tensors of Keras's functional API. It holds no values; it names the layer.
 */
public final class Node {

    private final FunctionalBuilder owner;
    private final String name;

    Node(FunctionalBuilder owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /** The name of the layer (or input) whose output this is. */
    public String name() {
        return name;
    }

    FunctionalBuilder owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "Node " + name;
    }
}
