package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Scales each training image's deviations from its per-channel mean by a random factor, as
 * keras.layers.RandomContrast: {@code (x - mean) · c + mean}, {@code c} in {@code [1 - f, 1 + f]} for one value
 * {@code f} or {@code [1 - lower, 1 + upper]} for two, each in [0, 1]; the result clipped to {@code valueRange}.
 * The identity in {@code predict} and {@code evaluate}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomContrast {

    double[] factor();

    /** The pixels' range, which results are clipped to: Keras's default {@code (0, 255)}. */
    double[] valueRange() default {0, 255};

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
