package dev.fusenet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a model to compile, as Keras's {@code model.compile(optimizer, loss, metrics)}. The annotated interface
 * or abstract class lists its layers as abstract methods, each with one of this package's layer annotations, top
 * to bottom; a method's {@code Layer} parameters name the layers it reads (none: the layer above), so chains and
 * graphs are both written this way. javac then checks the architecture and writes {@code Compiled<Name>}, a class
 * with the model's fused training code (docs/compiler.md lists the layer kinds and their rules).
 *
 * <p>Floating-point hyperparameters left at {@code NaN} take the optimizer's Keras default; setting one that the
 * chosen optimizer does not have is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Compile {

    /** The optimizer; RMSPROP by default, as Keras's compile. */
    Optimizer optimizer() default Optimizer.RMSPROP;

    /** The loss to minimise. */
    Loss loss();

    /** The metrics reported during training and evaluation; sample weights do not weigh them. */
    Metric[] metrics() default {};

    /**
     * Metrics weighted by the sample and class weights given to {@code fit} and {@code evaluate}, as Keras's
     * {@code weighted_metrics}; one also in {@link #metrics} is reported as {@code weighted_<name>}.
     */
    Metric[] weightedMetrics() default {};

    /** The learning rate; the optimizer's Keras default when NaN. */
    double learningRate() default Double.NaN;

    /** RMSprop's and Adadelta's decay rate. */
    double rho() default Double.NaN;

    /** SGD's and RMSprop's momentum. */
    double momentum() default Double.NaN;

    /** The Adam family's first-moment decay. */
    double beta1() default Double.NaN;

    /** The Adam family's second-moment decay. */
    double beta2() default Double.NaN;

    /** The small constant that keeps the adaptive optimizers from dividing by zero. */
    double epsilon() default Double.NaN;

    /** Decoupled weight decay (AdamW's default is 0.004, the others' 0). */
    double weightDecay() default Double.NaN;

    /** SGD with Nesterov momentum. */
    boolean nesterov() default false;

    /** Centered RMSprop. */
    boolean centered() default false;

    /** Adam's AMSGrad variant. */
    boolean amsgrad() default false;

    /** Whether the last layer outputs logits (LINEAR activation) for a cross-entropy loss to normalise. */
    boolean fromLogits() default false;

    /** Label smoothing for the cross-entropy losses, in [0, 1]. */
    double labelSmoothing() default 0.0;
}
