package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds a random amount to every value of each training image, as keras.layers.RandomBrightness: a fraction of
 * {@code valueRange}'s width drawn from {@code [-f, f]} for one value {@code f} or {@code [lower, upper]} for two,
 * each in [-1, 1]; the result clipped to {@code valueRange}. The identity in {@code predict} and {@code evaluate}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomBrightness {

    double[] factor();

    /** The pixels' range, which results are clipped to: Keras's default {@code (0, 255)}. */
    double[] valueRange() default {0, 255};

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
