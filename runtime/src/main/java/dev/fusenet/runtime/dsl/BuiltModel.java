package dev.fusenet.runtime.dsl;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Problem;
import dev.fusenet.model.TrainingSpec;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.InputLayer;
import dev.fusenet.runtime.compiled.LayerKinds;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.Optimizers;
import dev.fusenet.runtime.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model the runtime DSL built, a {@link Functional} graph or a {@link Sequential} chain: the same model a
 * {@code @Compile} interface of that architecture declares. The same rules check it, the same seed gives the same
 * initial weights, the same optimizer kernel updates them, its files load into the compiled class and back, and
 * {@link #javaSource} writes that interface. Both run the same plan of the model on the same kernels: the compiled
 * class as code written for its architecture, this one interpreted ({@code PlanNetwork}), so they train to the
 * same weights at the same speed.
 */
public abstract class BuiltModel implements Model, CompiledModelSupport.Network {

    private final ModelSpec spec;
    private final List<Problem> warnings;
    private final long seed;
    private final GradientOptimizer optimizer;
    private final List<Layer> layers;
    private final CompiledModelSupport support;
    private final PlanNetwork network;

    BuiltModel(ModelSpec spec, List<Problem> warnings, long seed) {
        this.spec = spec;
        this.warnings = List.copyOf(warnings);
        this.seed = seed;
        ModelPlan plan = ModelPlan.of(spec);
        this.layers = LayerKinds.layers(plan, seed);
        TrainingSpec training = spec.training();
        this.optimizer = Optimizers.from(training);
        this.network = new PlanNetwork(plan, layers, optimizer);
        this.support = new CompiledModelSupport(spec.name(), plan.inputShape().toArray(), plan.outputSize(),
                plan.largestSampleBuffer(), training.loss(),
                training.metrics(), training.weightedMetrics(), training.fromLogits(), training.labelSmoothing(), layers, optimizer, seed,
                network, spec.isChain() ? null : new InputLayer(spec.inputName(), plan.inputShape()),
                spec.isChain() ? List.of() : plan.connections());
    }

    /** The problems of {@code spec}, its warnings when it has no errors. */
    static List<Problem> checked(ModelSpec spec) {
        List<Problem> problems = dev.fusenet.model.ModelRules.check(spec);
        if (dev.fusenet.model.ModelRules.hasErrors(problems)) {
            throw new ModelDefinitionException(spec, problems);
        }
        return problems;
    }

    /** The model's description, as the processor reads it from an {@code @Compile} interface. */
    public ModelSpec spec() {
        return spec;
    }

    /** The warnings the rules gave when the model was built. */
    public List<Problem> warnings() {
        return warnings;
    }

    /** The seed the initial weights were drawn from. */
    public long seed() {
        return seed;
    }

    /** The optimizer this model trains with, and its state. */
    public GradientOptimizer optimizer() {
        return optimizer;
    }

    /**
     * The source of the {@code @Compile} interface that declares this model, in {@code packageName} (empty for
     * none) and named after the model ({@code mnist_net} → {@code MnistNet}); see {@link #javaSource(String, String)}.
     */
    public String javaSource(String packageName) {
        return javaSource(packageName, JavaSource.typeName(spec.name()));
    }

    /**
     * The source of the {@code @Compile} interface {@code typeName} in {@code packageName} (empty for none) that
     * declares this model: put it in {@code src/main/java}, and the processor writes {@code Compiled<typeName>},
     * which trains as this model does, faster. Its layer methods are named after the layers, so files saved by
     * either load into the other.
     */
    public String javaSource(String packageName, String typeName) {
        if (!javax.lang.model.SourceVersion.isName(typeName) || typeName.contains(".")) {
            throw new IllegalArgumentException("javaSource: \"" + typeName + "\" is not a Java type name");
        }
        if (!packageName.isEmpty() && !javax.lang.model.SourceVersion.isName(packageName)) {
            throw new IllegalArgumentException("javaSource: \"" + packageName + "\" is not a Java package name");
        }
        return JavaSource.write(spec, packageName, typeName, seed);
    }

    /** One training step on raw buffers, as a compiled class's: what {@code fit} runs for each batch. */
    @Override
    public double trainStep(float[] x, float[] y, float[] weights, int rows,
                            java.util.List<dev.fusenet.runtime.metrics.PredictionMetric> metrics) {
        return network.trainStep(x, y, weights, rows, metrics);
    }

    /** Inference on raw buffers, as a compiled class's. */
    @Override
    public void forward(float[] x, int rows, float[] outputs) {
        network.forward(x, rows, outputs);
    }

    @Override
    public History fit(Tensor x, Tensor y, Consumer<FitOptions> options) {
        return support.fit(x, y, options);
    }

    @Override
    public History fit(dev.fusenet.runtime.data.Dataset data, Consumer<FitOptions> options) {
        return support.fit(data, options);
    }

    @Override
    public Evaluation evaluate(dev.fusenet.runtime.data.Dataset data) {
        return support.evaluate(data);
    }

    @Override
    public Tensor predict(dev.fusenet.runtime.data.Dataset data) {
        return support.predict(data);
    }

    @Override
    public Evaluation evaluate(Tensor x, Tensor y) {
        return support.evaluate(x, y);
    }

    @Override
    public Evaluation evaluate(Tensor x, Tensor y, Tensor sampleWeight) {
        return support.evaluate(x, y, sampleWeight);
    }

    @Override
    public double computeGradients(float[] x, float[] y, float[] weights, int rows) {
        return network.computeGradients(x, y, weights, rows);
    }

    @Override
    public dev.fusenet.runtime.Gradients computeGradients(Tensor x, Tensor y) {
        return support.computeGradients(x, y, null);
    }

    @Override
    public dev.fusenet.runtime.Gradients computeGradients(Tensor x, Tensor y, Tensor sampleWeight) {
        return support.computeGradients(x, y, sampleWeight);
    }

    @Override
    public void applyGradients(List<Tensor> gradients) {
        support.applyGradients(gradients);
    }

    @Override
    public dev.fusenet.runtime.OptimizerState getOptimizerState() {
        return support.getOptimizerState();
    }

    @Override
    public void setOptimizerState(dev.fusenet.runtime.OptimizerState state) {
        support.setOptimizerState(state);
    }

    @Override
    public Tensor predict(Tensor x) {
        return support.predict(x);
    }

    @Override
    public dev.fusenet.runtime.Predictor predictor() {
        return support.predictor();
    }

    @Override
    public String summary() {
        return support.summary();
    }

    @Override
    public List<Layer> layers() {
        return support.layers();
    }

    @Override
    public List<List<String>> connections() {
        return support.connections();
    }

    @Override
    public String name() {
        return support.name();
    }

    @Override
    public int[] inputShape() {
        return support.inputShape();
    }

    @Override
    public dev.fusenet.annotations.Loss loss() {
        return support.loss();
    }

    @Override
    public List<dev.fusenet.runtime.metrics.PredictionMetric> newMetrics() {
        return support.newMetrics();
    }

    @Override
    public List<Tensor> getWeights() {
        return support.getWeights();
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        support.setWeights(weights);
    }

    @Override
    public void save(Path path) throws IOException {
        support.save(path);
    }

    @Override
    public void load(Path path) throws IOException {
        support.load(path);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + spec.name() + " (" + layers.size() + " layers)";
    }
}
