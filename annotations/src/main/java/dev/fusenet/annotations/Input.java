package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The model's input, as keras.Input: one sample's shape, without the batch axis, on a method without parameters
 * declared before every layer. Layers read it by naming the method as a parameter.
 *
 * <pre>{@code
 * @Input(shape = {28, 28, 1})
 * Layer image();
 * @Conv2D(filters = 32, kernelSize = 3)
 * Layer conv1(Layer image);
 * }</pre>
 *
 * A chain may instead give {@code inputShape} on its first layer, the short form of the same thing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Input {

    /** One sample's shape: {@code 784} for a feature vector, {@code {28, 28, 1}} for an image, channels last. */
    int[] shape();
}
