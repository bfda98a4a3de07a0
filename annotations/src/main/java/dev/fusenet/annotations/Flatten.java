package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flattens each sample to one vector, as keras.layers.Flatten: a (height, width, channels) feature map becomes
 * height·width·channels features, in row-major (channels-last) order, so that a {@code @Dense} layer can follow.
 * It copies nothing: the next layer reads the same memory.
 *
 * <pre>{@code
 * @Flatten
 * Layer flatten();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Flatten {

    /** The input's shape when this is the first layer, e.g. {@code {28, 28}}; on the first layer only. */
    int[] inputShape() default {};
}
