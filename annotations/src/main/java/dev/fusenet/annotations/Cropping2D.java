package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Rows and columns cut from the border of each feature map, as keras.layers.Cropping2D: (height, width, channels)
 * becomes (height - top - bottom, width - left - right, channels). The inverse of {@link ZeroPadding2D}; what
 * PyTorch's {@code ConvTranspose2d} padding does after the transposed convolution, and how a U-Net trims an
 * encoder's map to the decoder's size.
 *
 * <pre>{@code
 * @Cropping2D(cropping = {1, 0, 1, 0})   // the first row and column
 * Layer trimmed(Layer up);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Cropping2D {

    /**
     * One value (the same on all four sides), two (height's top and bottom, width's left and right: Keras's
     * {@code (symmetric_height_crop, symmetric_width_crop)}) or four ({@code {top, bottom, left, right}}: Keras's
     * {@code ((top, bottom), (left, right))}). Required: Keras's default crops nothing.
     */
    int[] cropping();

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
