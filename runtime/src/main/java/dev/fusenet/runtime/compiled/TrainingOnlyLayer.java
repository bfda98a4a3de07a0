package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;

/**
 * A layer that acts only while training (dropout, the augmentations): at inference its output is its input, so an
 * inference graph (an ONNX export) has no node for it, and {@code predict} and {@code evaluate} see the values that
 * reach it unchanged.
 */
public interface TrainingOnlyLayer extends Layer {
}
