package dev.fusenet.runtime.autodiff;

/** What {@link GradientTape#gradient} returns for a source the target does not depend on (tf.UnconnectedGradients). */
public enum UnconnectedGradients {
    /** Zeros of the source's shape and dtype: fusenet's default, so that results can be used without null checks. */
    ZERO,
    /** {@code null}, as TensorFlow's default {@code None}. */
    NONE
}
