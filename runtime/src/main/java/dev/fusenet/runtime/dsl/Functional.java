package dev.fusenet.runtime.dsl;

import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model built at run time as a graph of layers, as Keras's functional API: each layer is called on earlier
 * layers' outputs, and the model runs from its input to its output, compiled with an optimizer, a loss and
 * metrics, trained on the same fused kernels as a compiled model.
 *
 * <pre>{@code
 * Functional model = Functional.build(g -> {
 *     Node image = g.input(28, 28, 1);
 *     Node conv1 = g.conv2d(image, 32, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU));
 *     Node conv2 = g.conv2d(conv1, 32, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU));
 *     Node block = g.add(conv2, conv1);                                // the residual connection
 *     Node pool = g.maxPooling2d(block, 2);
 *     g.dense(g.flatten(pool), 10, d -> d.activation(Activation.SOFTMAX));
 *     g.compile(c -> { c.optimizer(Optimizer.ADAM); c.loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY); });
 * });
 * }</pre>
 *
 * Everything a {@link BuiltModel} does, this does: the same model as the {@code @Compile} interface
 * {@link #javaSource} writes for it, on the same kernels. {@link Sequential} is the chain of layers, the short
 * form of the same thing.
 */
public final class Functional extends BuiltModel {

    private Functional(ModelSpec spec, List<Problem> warnings, long seed) {
        super(spec, warnings, seed);
    }

    /**
     * The model the block describes. Warnings (e.g. softmax on a hidden layer) are printed to standard error and
     * kept in {@link #warnings()}.
     *
     * @throws ModelDefinitionException listing every problem when the model breaks a rule
     */
    public static Functional build(Consumer<FunctionalBuilder> definition) {
        FunctionalBuilder builder = new FunctionalBuilder();
        definition.accept(builder);
        SequentialBuilder.Checked checked = builder.check();
        checked.printWarnings();
        return new Functional(checked.spec(), checked.warnings(), builder.seed());
    }

    /**
     * The model {@code spec} describes, a graph or a chain: for a description that travelled (to a cluster's
     * executors) or was read elsewhere. The same rules check it.
     *
     * @throws ModelDefinitionException listing every problem when it breaks a rule
     */
    public static Functional of(ModelSpec spec, long seed) {
        return new Functional(spec, checked(spec), seed);
    }

}
