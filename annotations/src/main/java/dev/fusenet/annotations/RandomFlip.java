package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flips each training image left to right, top to bottom or both, each with probability 1/2, as
 * keras.layers.RandomFlip; the identity in {@code predict} and {@code evaluate}. Draws follow the model's seed.
 * Put it on a layer method whose input is an image {@code (height, width, channels)}: first, with
 * {@code inputShape}, or after another layer.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomFlip {

    /** Which flips: both, independently, by default, as Keras. */
    FlipMode mode() default FlipMode.HORIZONTAL_AND_VERTICAL;

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
