package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Normalisation of each sample on its own, as keras.layers.LayerNormalization: every position's values along the
 * last axis (a dense layer's features, an image pixel's channels) are shifted to mean 0 and scaled to variance 1
 * with their own mean and (biased) variance, then {@code x̂ · gamma + beta}. Unlike {@code @BatchNormalization} it
 * does not depend on the batch: training and inference compute the same thing, and it has no moving statistics.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface LayerNormalization {

    /** The axis normalised: the last (-1, or the rank counted from the batch), which fusenet supports. */
    int axis() default -1;

    /** Added to the variance before its square root, as Keras's {@code epsilon}. */
    double epsilon() default 1e-3;

    /** Whether to add the trained offset {@code beta}. */
    boolean center() default true;

    /** Whether to multiply by the trained scale {@code gamma}. */
    boolean scale() default true;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
