package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Zooms each training image in or out about its centre, as keras.layers.RandomZoom: {@code heightFactor} is a
 * fraction, one value {@code f} for {@code [-f, f]} or two for {@code [lower, upper]}, each in [-1, 1]; positive
 * values zoom out (the image shrinks, {@code 0.2} shows 20 % more around it), negative ones zoom in.
 * {@code widthFactor} does the same across; left out, the width zooms as the height does, keeping the aspect ratio.
 * The identity in {@code predict} and {@code evaluate}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RandomZoom {

    double[] heightFactor();

    /** As {@code heightFactor} across; empty (the default) for the height's zoom, keeping the aspect ratio. */
    double[] widthFactor() default {};

    FillMode fillMode() default FillMode.REFLECT;

    Interpolation interpolation() default Interpolation.BILINEAR;

    /** The value outside the image with {@link FillMode#CONSTANT}. */
    double fillValue() default 0.0;

    /** The input's (height, width, channels) when this is the first layer. */
    int[] inputShape() default {};
}
