package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rows and columns of zeros around each feature map, as keras.layers.ZeroPadding2D: (height, width, channels)
 * becomes (top + height + bottom, left + width + right, channels).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ZeroPadding2D {

    /**
     * One value (the same on all four sides), two (height's top and bottom, width's left and right: Keras's
     * {@code (symmetric_height_pad, symmetric_width_pad)}) or four ({@code {top, bottom, left, right}}: Keras's
     * {@code ((top, bottom), (left, right))}).
     */
    int[] padding() default {1};

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
