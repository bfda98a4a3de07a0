package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Shifts each training image by a random fraction of its height and width, as keras.layers.RandomTranslation:
 * one value {@code f} for {@code [-f, f]} or two for {@code [lower, upper]}, each in [-1, 1]; positive values
 * shift down and right. The identity in {@code predict} and {@code evaluate}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomTranslation {

    double[] heightFactor();

    double[] widthFactor();

    FillMode fillMode() default FillMode.REFLECT;

    Interpolation interpolation() default Interpolation.BILINEAR;

    /** The value outside the image with {@link FillMode#CONSTANT}. */
    double fillValue() default 0.0;

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
