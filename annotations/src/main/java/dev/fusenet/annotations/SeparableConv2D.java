package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise separable 2D convolution, as keras.layers.SeparableConv2D: a depthwise convolution (each channel
 * alone, {@code depthMultiplier} kernels of {@code kernelSize} each), then a 1×1 convolution into {@code filters}
 * channels, then the bias and the activation. Xception's building block: about {@code kernelSize²} times fewer
 * multiply-adds than a {@code @Conv2D} of the same shape. Weights as Keras stores them: {@code depthwise_kernel}
 * (kh, kw, in, depthMultiplier), {@code pointwise_kernel} (1, 1, in · depthMultiplier, filters), {@code bias}.
 *
 * <pre>{@code
 * @SeparableConv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, useBias = false)
 * Layer sep1();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SeparableConv2D {

    /** The number of output channels; positive. */
    int filters();

    /** The depthwise kernel's (height, width): one value for a square kernel ({@code 3}), or two. */
    int[] kernelSize();

    /** The step between windows, (vertical, horizontal): one value or two; 1 by default. */
    int[] strides() default 1;

    /** VALID (no padding, the default, as Keras) or SAME. */
    Padding padding() default Padding.VALID;

    /**
     * The spacing of the depthwise kernel's taps, (vertical, horizontal): one value or two; 1 by default. Strides
     * above 1 together with a dilation above 1 are refused, as Keras refuses them.
     */
    int[] dilationRate() default 1;

    /** Depthwise kernels per input channel; positive, 1 by default. */
    int depthMultiplier() default 1;

    /** The activation applied to the outputs; LINEAR (none) by default, as Keras. */
    Activation activation() default Activation.LINEAR;

    /** Whether the layer adds a bias per filter. */
    boolean useBias() default true;

    /** How the depthwise kernel is drawn: Glorot uniform by default, as Keras. */
    Initializer depthwiseInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the pointwise kernel is drawn: Glorot uniform by default, as Keras. */
    Initializer pointwiseInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the bias is drawn: zeros by default, as Keras. */
    Initializer biasInitializer() default Initializer.ZEROS;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
