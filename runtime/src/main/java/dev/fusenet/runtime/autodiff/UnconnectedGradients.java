package dev.fusenet.runtime.autodiff;

/**
 * What {@link GradientTape#gradient(dev.fusenet.runtime.Tensor, dev.fusenet.runtime.Tensor[], UnconnectedGradients)} returns for a source the target does
 * not depend on, as {@code tf.UnconnectedGradients}. Without it, {@code gradient} gives zeros for a source the tape
 * recorded but the target does not use, and refuses a source or target the tape has no record of.
 */
public enum UnconnectedGradients {
    /** Zeros of the source's shape and dtype, whether or not the tape recorded the source. */
    ZERO,
    /** {@code null}, as TensorFlow's default {@code None}. */
    NONE
}
