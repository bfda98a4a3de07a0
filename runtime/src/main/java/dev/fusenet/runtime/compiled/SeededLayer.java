package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;

/**
 * A layer whose randomness (dropout's masks, an augmentation's draws) is a pure function of a key drawn from the
 * model's seed when the model is made, and of the optimizer's step count: checkpoints keep the key as
 * {@code <layer>/seed}, so a resumed run draws what the uninterrupted one would have. It is state, not a weight:
 * Keras keeps its seed generators out of {@code layer.weights} too.
 */
public interface SeededLayer extends Layer {

    /** The key its draws derive from. */
    long key();

    /** Replaces the key, as loading a checkpoint does. */
    void setKey(long key);
}
