package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A depthwise 2D convolution, as keras.layers.DepthwiseConv2D: each input channel convolved with its own
 * {@code depthMultiplier} kernels of {@code kernelSize}, never mixing channels, so (height, width, channels)
 * becomes (outHeight, outWidth, channels · depthMultiplier), output channel {@code c · depthMultiplier + m} from
 * input channel {@code c}. The kernel is stored (kernelHeight, kernelWidth, channels, depthMultiplier) as Keras's
 * {@code depthwise_kernel}. MobileNet's building block, with a 1×1 {@code @Conv2D} after it.
 *
 * <pre>{@code
 * @DepthwiseConv2D(kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU6)
 * Layer depthwise();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DepthwiseConv2D {

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

    /** How many kernels each input channel has, so how many output channels it gives; positive, 1 by default. */
    int depthMultiplier() default 1;

    /** The activation applied to the outputs; LINEAR (none) by default, as Keras. */
    Activation activation() default Activation.LINEAR;

    /** Whether the layer adds a bias per output channel. */
    boolean useBias() default true;

    /** How the depthwise kernel is drawn: Glorot uniform by default, as Keras. */
    Initializer depthwiseInitializer() default Initializer.GLOROT_UNIFORM;

    /** How the bias is drawn: zeros by default, as Keras. */
    Initializer biasInitializer() default Initializer.ZEROS;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
