package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code x · scale + offset} on every value, as keras.layers.Rescaling: the book's first layer,
 * {@code @Rescaling(scale = 1.0 / 255)}, takes pixels of 0 to 255 to 0 to 1 inside the model, so predict takes
 * the images as they are read. {@code scale = 1.0 / 127.5, offset = -1} gives -1 to 1.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Rescaling {

    /** The factor every value is multiplied by. */
    double scale();

    /** What is added after the scaling. */
    double offset() default 0.0;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
