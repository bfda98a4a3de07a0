package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element-wise mean of its inputs, as keras.layers.Average. Its inputs, two or more, share one shape. The layers it reads are the method's parameters, each named after a layer method declared above it.
 *
 * <pre>{@code
 * @Average
 * Layer merged(Layer left, Layer right);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Average {
}
