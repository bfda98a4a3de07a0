package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Adds its inputs element by element, as keras.layers.Add: a residual connection. Its inputs, two or more, share one shape. The layers it reads are the method's parameters, each named after a layer method declared above it.
 *
 * <pre>{@code
 * @Add
 * Layer merged(Layer left, Layer right);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Add {
}
