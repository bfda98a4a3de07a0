package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation, as keras.layers.BatchNormalization, over the last axis (an image's channels, a flat
 * layer's features): while training, each channel is normalised with the batch's mean and (biased) variance over
 * every other axis, {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}, and the moving statistics follow
 * {@code moving = moving * momentum + batch * (1 - momentum)}; at inference ({@code predict}, {@code evaluate},
 * validation) the moving statistics stand in for the batch's. The statistics are the whole batch's, not a shard's:
 * the shards meet there, and a model trains to the same bits on one core or two.
 *
 * <p>Weights, in Keras's order: {@code gamma} (if {@code scale}) and {@code beta} (if {@code center}), trained;
 * {@code moving_mean} and {@code moving_variance}, not trained (in checkpoints, {@code getWeights} and the
 * summary's non-trainable count, never touched by the optimizer).
 *
 * <pre>{@code
 * @Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, useBias = false)
 * Layer conv(Layer image);
 * @BatchNormalization
 * Layer norm(Layer conv);
 * @ActivationLayer(Activation.RELU)
 * Layer relu(Layer norm);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BatchNormalization {

    /** The normalised axis, as Keras counts it; fusenet normalises the last one, -1 (or its positive number). */
    int axis() default -1;

    /** How much of the moving statistics each training step keeps, in [0, 1]. */
    double momentum() default 0.99;

    /** Added to the variance before its square root, positive. */
    double epsilon() default 1e-3;

    /** Whether to add the trained offset {@code beta}. */
    boolean center() default true;

    /** Whether to multiply by the trained scale {@code gamma}. */
    boolean scale() default true;

    /** The input's shape when this is the first layer; on the first layer only (Keras's input_shape). */
    int[] inputShape() default {};
}
