package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout, as keras.layers.Dropout: while training, each input is zeroed with probability {@code rate}
 * and the rest are scaled by {@code 1 / (1 - rate)}; at inference it passes inputs through unchanged. Put it on an
 * abstract, no-argument method returning {@code dev.fusenet.runtime.Layer}, after another layer
 * or, with {@code inputShape}, first.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dropout {

    /** The fraction of inputs dropped while training, in [0, 1). */
    double rate();

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
