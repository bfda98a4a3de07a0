package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Downsamples each channel of a (height, width, channels) input to the maximum of each window, as keras.layers.MaxPooling2D; the backward pass sends each window's gradient to
 * the position that held its maximum.
 *
 * <pre>{@code
 * @MaxPooling2D(poolSize = 2)
 * Layer pool1();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface MaxPooling2D {

    /** The window's (height, width): one value for a square window, or two; 2 by default, as Keras. */
    int[] poolSize() default 2;

    /** The step between windows: one value or two; by default the window's size, as Keras. */
    int[] strides() default {};

    /** VALID (the default, as Keras) or SAME (SAME pads with values that never win). */
    Padding padding() default Padding.VALID;

    /** The input's (height, width, channels); on the first layer only. */
    int[] inputShape() default {};
}
