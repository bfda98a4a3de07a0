package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer, as keras.layers.Dense: {@code output = activation(input · kernel + bias)}. Put it on
 * an abstract, no-argument method returning {@code dev.fusenet.runtime.Layer} of a type annotated
 * {@link Compile}; layers run in declaration order.
 *
 * <pre>{@code
 * @Dense(units = 512, activation = Activation.RELU, inputShape = 28 * 28)
 * Layer hidden();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {

    /** The number of outputs; positive. */
    int units();

    /** The activation applied to the outputs; LINEAR (none) by default, as Keras. */
    Activation activation() default Activation.LINEAR;

    /** Whether the layer adds a bias vector. */
    boolean useBias() default true;

    /**
     * The number of input features, {@code 784} or {@code {784}}; required on the first layer and only there
     * (Keras's input_shape). A dense layer takes flat inputs: put {@code @Flatten} before it for images.
     */
    int[] inputShape() default {};

    /** How the kernel starts; Glorot uniform by default, as Keras. */
    Initializer kernelInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the bias starts; zeros by default, as Keras. */
    Initializer biasInitializer() default Initializer.ZEROS;
}
