package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A transposed 2D convolution, as keras.layers.Conv2DTranspose: the convolution's gradient with respect to its
 * input, used as a layer, so each input pixel spreads {@code kernelSize} windows of {@code filters} values over a
 * larger output. The way up of a segmentation decoder: with {@code strides = 2} the map doubles. Output sizes as
 * Keras computes them: {@code in · stride} with SAME, {@code in · stride + max(kernel - stride, 0)} with VALID.
 * The kernel is stored (kernelHeight, kernelWidth, filters, inputChannels), as Keras stores it.
 *
 * <pre>{@code
 * @Conv2DTranspose(filters = 32, kernelSize = 3, strides = 2, padding = Padding.SAME, activation = Activation.RELU)
 * Layer up1();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Conv2DTranspose {

    /** The number of output channels; positive. */
    int filters();

    /** The kernel's (height, width): one value for a square kernel ({@code 3}), or two ({@code {3, 5}}). */
    int[] kernelSize();

    /** The step between the windows in the output, (vertical, horizontal): one value or two; 1 by default. */
    int[] strides() default 1;

    /** VALID (the default, as Keras) or SAME. */
    Padding padding() default Padding.VALID;

    /** The activation applied to the outputs; LINEAR (none) by default, as Keras. */
    Activation activation() default Activation.LINEAR;

    /** Whether the layer adds a bias per filter. */
    boolean useBias() default true;

    /** How the kernel is drawn: Glorot uniform by default, as Keras. */
    Initializer kernelInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the bias is drawn: zeros by default, as Keras. */
    Initializer biasInitializer() default Initializer.ZEROS;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
