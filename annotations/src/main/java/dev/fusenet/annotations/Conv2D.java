package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2D convolution over channels-last images, as keras.layers.Conv2D: each of {@code filters} kernels of
 * {@code kernelSize} slides over the (height, width, channels) input with {@code strides}, and
 * {@code output = activation(conv(input, kernel) + bias)}, shaped (outHeight, outWidth, filters). The kernel is
 * stored (kernelHeight, kernelWidth, inputChannels, filters), as Keras stores it.
 *
 * <pre>{@code
 * @Conv2D(filters = 32, kernelSize = 3, activation = Activation.RELU, inputShape = {28, 28, 1})
 * Layer conv1();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv2D {

    /** The number of kernels, which is the number of output channels; positive. */
    int filters();

    /** The kernel's (height, width): one value for a square kernel ({@code 3}), or two ({@code {3, 5}}). */
    int[] kernelSize();

    /** The step between windows, (vertical, horizontal): one value or two; 1 by default. */
    int[] strides() default 1;

    /** VALID (no padding, the default, as Keras) or SAME (zero padding that keeps {@code ceil(n / stride)}). */
    Padding padding() default Padding.VALID;

    /**
     * The spacing of the kernel's taps, (vertical, horizontal): one value or two; 1 by default. A 3×3 kernel of
     * dilation 2 reads every other pixel of a 5×5 span (an atrous convolution). Strides above 1 together with a
     * dilation above 1 are refused, as Keras refuses them.
     */
    int[] dilationRate() default 1;

    /** The activation applied to the outputs; LINEAR (none) by default, as Keras. */
    Activation activation() default Activation.LINEAR;

    /** Whether the layer adds a bias per filter. */
    boolean useBias() default true;

    /** How the kernel starts; Glorot uniform by default, as Keras. */
    Initializer kernelInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the bias starts; zeros by default, as Keras. */
    Initializer biasInitializer() default Initializer.ZEROS;

    /** The input's (height, width, channels), e.g. {@code {28, 28, 1}}; on the first layer only. */
    int[] inputShape() default {};
}
