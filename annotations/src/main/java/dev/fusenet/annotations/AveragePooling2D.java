package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Downsamples each channel of a (height, width, channels) input to the mean of each window, as keras.layers.AveragePooling2D; with SAME padding a border window averages
 * only the input pixels it covers, as TensorFlow does.
 *
 * <pre>{@code
 * @AveragePooling2D(poolSize = 2)
 * Layer pool1();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AveragePooling2D {

    /** The window's (height, width): one value for a square window, or two; 2 by default, as Keras. */
    int[] poolSize() default 2;

    /** The step between windows: one value or two; by default the window's size, as Keras. */
    int[] strides() default {};

    /** VALID (the default, as Keras) or SAME (SAME pads so that the output is {@code ceil(n / stride)}). */
    Padding padding() default Padding.VALID;

    /** The input's (height, width, channels); on the first layer only. */
    int[] inputShape() default {};
}
