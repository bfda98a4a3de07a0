package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rotates each training image about its centre by a random angle, as keras.layers.RandomRotation: {@code factor}
 * is a fraction of a full turn, one value {@code f} for angles in {@code [-f·2π, f·2π]} or two for
 * {@code [lower·2π, upper·2π]}; positive angles turn counter-clockwise. Points from outside the image are filled as
 * {@code fillMode} says. The identity in {@code predict} and {@code evaluate}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomRotation {

    /** {@code f} for {@code [-f, f]} of a full turn, or {@code {lower, upper}}: {@code 0.1} is up to ±36°. */
    double[] factor();

    FillMode fillMode() default FillMode.REFLECT;

    Interpolation interpolation() default Interpolation.BILINEAR;

    /** The value outside the image with {@link FillMode#CONSTANT}. */
    double fillValue() default 0.0;

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
