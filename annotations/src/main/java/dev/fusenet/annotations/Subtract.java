package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Its first input minus its second, element by element, as keras.layers.Subtract: exactly two inputs of one shape. The layers it reads are the method's parameters, each named after a layer method declared above it.
 *
 * <pre>{@code
 * @Subtract
 * Layer merged(Layer left, Layer right);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Subtract {
}
