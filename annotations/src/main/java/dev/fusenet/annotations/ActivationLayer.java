package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An activation on its own, as keras.layers.Activation: {@code f} applied to every value of the layer it reads,
 * the shape unchanged. It is for the places where no layer before it can apply the activation itself: after a
 * merge ({@code relu(x + shortcut)} of a residual block) or, in the next layers, after a normalisation. After a
 * {@code @Dense} or {@code @Conv2D}, give that layer the activation instead ({@code activation = RELU}): it is
 * one pass less. Softmax normalises the last axis (the features, or an image's channels), as Keras's does.
 *
 * <p>The Java name is not {@code @Activation}, which is the enum of the functions:
 *
 * <pre>{@code
 * @Add
 * Layer sum(Layer conv2, Layer shortcut);
 * @ActivationLayer(Activation.RELU)
 * Layer block1(Layer sum);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ActivationLayer {

    /** The function, as Keras's {@code activation} argument. */
    Activation value();

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
