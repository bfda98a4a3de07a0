package dev.fusenet.runtime.dsl;

import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model built at run time, as Keras's {@code Sequential}: layers in order, each reading the one before it,
 * compiled with an optimizer, a loss and metrics, trained on the same fused kernels as a compiled model.
 *
 * <pre>{@code
 * Sequential model = Sequential.build(m -> {
 *     m.dense(512, d -> { d.activation(Activation.RELU); d.inputShape(28 * 28); });
 *     m.dense(10, d -> d.activation(Activation.SOFTMAX));
 *     m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); });
 * });
 * model.fit(x, y, o -> { o.epochs(5); o.batchSize(128); });
 * }</pre>
 *
 * A chain is the simplest graph: everything a {@link Functional} model does, this does.
 */
public final class Sequential extends BuiltModel {

    private Sequential(ModelSpec spec, List<Problem> warnings, long seed) {
        super(spec, warnings, seed);
    }

    /**
     * The model the block describes. Warnings (e.g. softmax on a hidden layer) are printed to standard error and
     * kept in {@link #warnings()}.
     *
     * @throws ModelDefinitionException listing every problem when the model breaks a rule
     */
    public static Sequential build(Consumer<SequentialBuilder> definition) {
        SequentialBuilder builder = new SequentialBuilder();
        definition.accept(builder);
        SequentialBuilder.Checked checked = builder.check();
        checked.printWarnings();
        return new Sequential(checked.spec(), checked.warnings(), builder.seed());
    }

    /**
     * The chain {@code spec} describes, as {@link #build} makes it from a block: for a description that travelled
     * (to a cluster's executors) or was read elsewhere. The same rules check it; a graph is {@link Functional#of}.
     *
     * @throws ModelDefinitionException listing every problem when it breaks a rule
     * @throws IllegalArgumentException when {@code spec} is a graph, not a chain
     */
    public static Sequential of(ModelSpec spec, long seed) {
        if (!spec.isChain()) {
            throw new IllegalArgumentException("model " + spec.name() + " is a graph, not a chain of layers; build it "
                    + "with Functional.of");
        }
        return new Sequential(spec, BuiltModel.checked(spec), seed);
    }
}
