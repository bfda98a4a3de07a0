package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Joins its inputs along one axis, as keras.layers.Concatenate: an Inception-style block's branches side by side.
 * The inputs, two or more, agree in every size but the axis's. The layers it reads are the method's parameters,
 * each named after a layer method declared above it.
 *
 * <pre>{@code
 * @Concatenate
 * Layer branches(Layer narrow, Layer wide);      // (14, 14, 16) and (14, 14, 16) → (14, 14, 32)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Concatenate {

    /**
     * The axis to join along, counted as Keras counts it: axis 0 is the batch, so an image's channels are axis 3,
     * or -1 (the default) from the end.
     */
    int axis() default -1;
}
