package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each pixel repeated {@code size} times along the height and the width, as keras.layers.UpSampling2D with its
 * default nearest interpolation: (height, width, channels) becomes (height · sh, width · sw, channels). A decoder's
 * way up, the cheap alternative to a transposed convolution.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface UpSampling2D {

    /** The factors: one value (both axes) or two (height, width). */
    int[] size() default {2};

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
