package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The average of each channel over the whole feature map, as keras.layers.GlobalAveragePooling2D: (height, width,
 * channels) becomes (channels), or (1, 1, channels) with {@code keepdims}. A convnet's head reads it in place of
 * {@code @Flatten}: its size depends on the channels only, not on the image's size.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GlobalAveragePooling2D {

    /** Whether the output keeps the spatial axes, of size 1: (1, 1, channels), as Keras's {@code keepdims}. */
    boolean keepdims() default false;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
