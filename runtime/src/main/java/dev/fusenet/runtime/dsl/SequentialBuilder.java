package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Loss;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.ModelRules;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@link Sequential#build} hands its block: layers in order, then {@code compile}. Nothing is checked while
 * the block runs; {@code build} checks the whole model afterwards and reports every problem at once.
 */
public final class SequentialBuilder {

    /** The training attributes a missing loss makes impossible to judge. */
    private static final Set<String> NEED_THE_LOSS = Set.of("metrics", "labelSmoothing", "fromLogits");

    private String name = "sequential";
    private long seed = ModelSpec.DEFAULT_SEED;
    private final List<LayerSpec> layers = new ArrayList<>();
    private int denseCount;
    private int dropoutCount;
    private CompileBuilder compile;

    SequentialBuilder() {
    }

    /** The model's name (default {@code sequential}): the summary's title and the compiled interface's name. */
    public SequentialBuilder name(String name) {
        this.name = name;
        return this;
    }

    /**
     * The seed the weights are drawn from (default {@link ModelSpec#DEFAULT_SEED}, as a compiled model's); the
     * same seed gives the same weights as {@code new Compiled<Name>(seed)}.
     */
    public SequentialBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** A dense layer of {@code units} outputs with the default options (linear activation). */
    public SequentialBuilder dense(int units) {
        return dense(units, d -> { });
    }

    /** A dense layer of {@code units} outputs, its options set in the block. */
    public SequentialBuilder dense(int units, Consumer<DenseBuilder> options) {
        DenseBuilder layer = new DenseBuilder(units, nextName("dense", denseCount++));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** An inverted-dropout layer that drops a fraction {@code rate} of its inputs while training. */
    public SequentialBuilder dropout(double rate) {
        return dropout(rate, d -> { });
    }

    /** A dropout layer, its name set in the block. */
    public SequentialBuilder dropout(double rate, Consumer<DropoutBuilder> options) {
        DropoutBuilder layer = new DropoutBuilder(rate, nextName("dropout", dropoutCount++));
        options.accept(layer);
        layers.add(layer.spec());
        return this;
    }

    /** The optimizer, loss and metrics, as Keras's {@code model.compile}. */
    public SequentialBuilder compile(Consumer<CompileBuilder> options) {
        CompileBuilder settings = new CompileBuilder();
        options.accept(settings);
        this.compile = settings;
        return this;
    }

    long seed() {
        return seed;
    }

    /** Keras's naming: dense, dense_1, dense_2, ... */
    private static String nextName(String kind, int count) {
        return count == 0 ? kind : kind + "_" + count;
    }

    /**
     * The model described, checked.
     *
     * @throws ModelDefinitionException listing every error (and the warnings) when there is one
     */
    Checked check() {
        List<Problem> problems = new ArrayList<>();
        CompileBuilder settings = compile == null ? new CompileBuilder() : compile;
        boolean noLoss = settings.loss() == null;
        if (noLoss) {
            problems.add(Problem.error(Problem.MODEL, "loss", compile == null
                    ? "the model is not compiled; end the block with m.compile(c -> { c.optimizer(Optimizer.RMSPROP); "
                    + "c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); })"
                    : "compile sets no loss; choose one, e.g. c.loss(Loss.CATEGORICAL_CROSSENTROPY)"));
        }
        // Without a loss, the rest is still judged, against a loss that asks nothing of the layers.
        ModelSpec spec = new ModelSpec(name, layers, settings.training(noLoss ? Loss.MEAN_SQUARED_ERROR
                : settings.loss()));
        for (Problem problem : ModelRules.check(spec)) {
            if (!(noLoss && problem.layer() == Problem.MODEL && NEED_THE_LOSS.contains(problem.attribute()))) {
                problems.add(problem);
            }
        }
        if (ModelRules.hasErrors(problems)) {
            throw new ModelDefinitionException(name, problems, layers);
        }
        return new Checked(spec, problems);
    }

    /** A model description that passed the rules, with its warnings. */
    record Checked(ModelSpec spec, List<Problem> warnings) {
    }
}
