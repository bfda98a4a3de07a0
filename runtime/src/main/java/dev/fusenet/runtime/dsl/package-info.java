/**
 * The runtime DSL: models built in code, in the style of Kotlin's type-safe builders, for architectures known
 * only at run time, trained on the same kernels as compiled models: the model plan the processor writes out as
 * code, interpreted ({@code PlanNetwork}).
 *
 * <pre>{@code
 * Sequential model = Sequential.build(m -> {
 *     m.dense(512, d -> { d.activation(Activation.RELU); d.inputShape(28 * 28); });
 *     m.dense(10, d -> d.activation(Activation.SOFTMAX));
 *     m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); });
 * });
 * }</pre>
 *
 * The builders write a {@link dev.fusenet.model.ModelSpec}, the description the annotation processor reads from
 * {@code @Compile} types, and the same {@link dev.fusenet.model.ModelRules} check it.
 */
package dev.fusenet.runtime.dsl;
