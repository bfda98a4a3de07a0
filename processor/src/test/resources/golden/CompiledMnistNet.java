package example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Gradients;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.OptimizerState;
import dev.fusenet.runtime.Predictor;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.ActivationKernels;
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.DenseKernels;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.InferenceBuffers;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.compiled.Shards;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.losses.FusedLosses;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.RMSprop;
import dev.fusenet.runtime.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import javax.annotation.processing.Generated;

/**
 * The compiled {@link MnistNet}: its training code, written for exactly this architecture.
 *
 * <pre>
 * hidden  Dense(512, RELU)    (rows, 784) → (rows, 512)
 * output  Dense(10, SOFTMAX)  (rows, 512) → (rows, 10)
 * </pre>
 *
 * 407,050 trainable parameters.
 * Trained with RMSPROP on CATEGORICAL_CROSSENTROPY, reporting ACCURACY. {@code rows} is the batch size.
 * Written by fusenet's annotation processor from {@code MnistNet}; do not edit.
 */
@Generated(
        value = "dev.fusenet.processor.FusenetProcessor",
        comments = "from example.MnistNet"
)
public final class CompiledMnistNet implements MnistNet, Model, CompiledModelSupport.Network {
    /**
     * The seed of {@link #CompiledMnistNet()}.
     */
    public static final long DEFAULT_SEED = 42L;

    /**
     * Values per sample of the largest working buffer; a batch's buffers are Java arrays, so it bounds the batch size.
     */
    private static final long LARGEST_SAMPLE_BUFFER = 784L;

    /**
     * hidden(): Dense(512, RELU); kernel (784, 512), bias (512).
     */
    private final DenseLayer hidden = new DenseLayer("hidden", 784, 512, true, Activation.RELU);

    /**
     * output(): Dense(10, SOFTMAX); kernel (512, 10), bias (10).
     */
    private final DenseLayer output = new DenseLayer("output", 512, 10, true, Activation.SOFTMAX);

    private final GradientOptimizer optimizer;

    private final CompiledModelSupport support;

    /**
     * Working memory of training, made once for each batch size.
     */
    private final BatchBufferCache<Buffers> buffers = new BatchBufferCache<>(Buffers::new);

    /**
     * Working memory of inference, one set per call in progress: calls on many threads share no buffers.
     */
    private final InferenceBuffers<Buffers> inferenceBuffers = new InferenceBuffers<>(Buffers::new);

    /**
     * A model with fresh weights drawn from {@link #DEFAULT_SEED}.
     */
    public CompiledMnistNet() {
        this(DEFAULT_SEED);
    }

    /**
     * A model with fresh weights drawn from {@code seed}, layer by layer in declaration order;
     * the same seed trains to the same weights.
     */
    public CompiledMnistNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        hidden.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        output.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        optimizer = new RMSprop();
        support = new CompiledModelSupport("MnistNet", new int[] {784}, 10, LARGEST_SAMPLE_BUFFER,
                        Loss.CATEGORICAL_CROSSENTROPY, List.of(Metric.ACCURACY), List.of(), false, 0.0,
                        List.of(hidden, output),
                        optimizer, seed, this);
    }

    @Override
    public Layer hidden() {
        return hidden;
    }

    @Override
    public Layer output() {
        return output;
    }

    /**
     * One training step on the first {@code rows} samples of {@code x} (784 values each) and {@code y},
     * each row's loss weighted by {@code weights} (null for none): forward, loss, backward and
     * update. Returns the batch's mean loss. {@code fit} calls it; once a batch size has been
     * seen, it allocates nothing.
     */
    @Override
    public double trainStep(float[] x, float[] y, float[] weights, int rows,
            List<PredictionMetric> metrics) {
        Buffers b = buffers.forRows(rows);
        b.x = x;
        b.y = y;
        b.weights = weights;
        // Forward, loss and backward: each shard of the batch on its own core
        Shards.run(b.backpropagate);
        double loss = b.loss();
        for (int m = 0; m < metrics.size(); m++) {
            metrics.get(m).update(y, b.output.a, rows, 10);
        }
        // Update: RMSPROP on every weight, as one optimizer step; each shard takes a part of every weight
        optimizer.beginStep();
        Shards.run(b.update);
        optimizer.endStep();
        return loss;
    }

    /**
     * Forward, loss and backward of shard {@code shard}'s rows of the batch in {@code b}.
     */
    private void backpropagate(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            b.losses[shard] = 0;
            return;
        }
        float[] x = b.x;
        float[] y = b.y;
        b.input.load(x, shard);

        // Forward
        // hidden: (rows, 784) · (784, 512) + (512), relu → (rows, 512)
        DenseKernels.forward(b.input, hidden, b.hidden, shard);
        ActivationKernels.relu(b.hidden.z, hidden.biasBuffer(), b.hidden.a, from, to, 512);
        b.hidden.pushActivations(shard);
        // output: (rows, 512) · (512, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.hidden, output, b.output, shard);
        ActivationKernels.addBias(b.output.z, output.biasBuffer(), from, to, 10);

        // Loss: this shard's part of the batch's mean, and its gradient
        // softmax and categorical cross-entropy in one pass: p = softmax(z), gradient (p - y) / rows
        b.losses[shard] = FusedLosses.softmaxCategoricalCrossentropy(
                        b.output.z, y, b.output.a, b.output.gradient, from, to, rows, 10, 0f, b.weights);

        // Backward: each layer turns the gradient with respect to its outputs into the one with respect to its
        // pre-activations and its inputs; the weight gradients are the update's
        // output: the fused loss gave the gradient with respect to z
        // output: hidden's gradient (rows, 512) = dz · kernelᵀ
        DenseKernels.backward(b.hidden, output, b.output, shard, true);
        // hidden: through relu → (rows, 512)
        ActivationKernels.reluBackward(b.hidden.z, b.hidden.a, b.hidden.gradient, from, to, 512);
        // hidden: the model's input needs no gradient
        DenseKernels.backward(b.input, hidden, b.hidden, shard, false);
    }

    /**
     * Part {@code part} of every weight: its gradient over the whole batch in {@code b}, and the optimizer's update.
     */
    private void update(Buffers b, int part) {
        // hidden: kernel gradient (784, 512) = xᵀ · dz, bias gradient (512), and the update
        DenseKernels.weightGradient(b.input, hidden, b.hidden, part);
        hidden.update(optimizer, part);
        // output: kernel gradient (512, 10) = hiddenᵀ · dz, bias gradient (10), and the update
        DenseKernels.weightGradient(b.hidden, output, b.output, part);
        output.update(optimizer, part);
    }

    /**
     * As {@link #trainStep} without the update: forward, loss and backward on the first {@code rows}
     * samples, each weight's gradient left in its layer. Returns the batch's mean loss.
     */
    @Override
    public double computeGradients(float[] x, float[] y, float[] weights, int rows) {
        Buffers b = buffers.forRows(rows);
        b.x = x;
        b.y = y;
        b.weights = weights;
        Shards.run(b.backpropagate);
        double loss = b.loss();
        Shards.run(b.gradients);
        return loss;
    }

    /**
     * Part {@code part} of every weight's gradient over the whole batch in {@code b}, left on the heap; no update.
     */
    private void gradients(Buffers b, int part) {
        // hidden: kernel gradient (784, 512) = xᵀ · dz, bias gradient (512)
        DenseKernels.weightGradient(b.input, hidden, b.hidden, part);
        // output: kernel gradient (512, 10) = hiddenᵀ · dz, bias gradient (10)
        DenseKernels.weightGradient(b.hidden, output, b.output, part);
    }

    /**
     * Inference on the first {@code rows} samples of {@code x}: the model's outputs,
     * (rows, 10), into {@code outputs}. Calls on many threads at once share no buffers.
     */
    @Override
    public void forward(float[] x, int rows, float[] outputs) {
        Buffers b = inferenceBuffers.borrow(rows);
        try {
            b.x = x;
            Shards.run(b.infer, rows);
            System.arraycopy(b.output.a, 0, outputs, 0, rows * 10);
        } finally {
            inferenceBuffers.release(rows, b);
        }
    }

    /**
     * The inference forward pass of shard {@code shard}'s rows of the batch in {@code b}.
     */
    private void infer(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            return;
        }
        float[] x = b.x;
        b.input.load(x, shard);
        // hidden: (rows, 784) · (784, 512) + (512), relu → (rows, 512)
        DenseKernels.forward(b.input, hidden, b.hidden, shard);
        ActivationKernels.relu(b.hidden.z, hidden.biasBuffer(), b.hidden.a, from, to, 512);
        b.hidden.pushActivations(shard);
        // output: (rows, 512) · (512, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.hidden, output, b.output, shard);
        ActivationKernels.softmax(b.output.z, output.biasBuffer(), b.output.a, from, to, 10);
    }

    @Override
    public History fit(Tensor x, Tensor y, Consumer<FitOptions> options) {
        return support.fit(x, y, options);
    }

    @Override
    public History fit(Dataset data, Consumer<FitOptions> options) {
        return support.fit(data, options);
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        return support.evaluate(data);
    }

    @Override
    public Tensor predict(Dataset data) {
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
    public Gradients computeGradients(Tensor x, Tensor y) {
        return support.computeGradients(x, y, null);
    }

    @Override
    public Gradients computeGradients(Tensor x, Tensor y, Tensor sampleWeight) {
        return support.computeGradients(x, y, sampleWeight);
    }

    @Override
    public void applyGradients(List<Tensor> gradients) {
        support.applyGradients(gradients);
    }

    @Override
    public OptimizerState getOptimizerState() {
        return support.getOptimizerState();
    }

    @Override
    public void setOptimizerState(OptimizerState state) {
        support.setOptimizerState(state);
    }

    @Override
    public Tensor predict(Tensor x) {
        return support.predict(x);
    }

    @Override
    public Predictor predictor() {
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
    public String name() {
        return support.name();
    }

    @Override
    public int[] inputShape() {
        return support.inputShape();
    }

    @Override
    public Loss loss() {
        return support.loss();
    }

    @Override
    public List<PredictionMetric> newMetrics() {
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

    /**
     * The optimizer this model trains with, and its state.
     */
    public GradientOptimizer optimizer() {
        return optimizer;
    }

    /**
     * The working memory of a batch of {@code rows} samples: each layer's outputs and gradients, the batch,
     * and the shards' tasks on them.
     */
    private final class Buffers {
        final int rows;

        /**
         * The batch being worked on: inputs and labels.
         */
        float[] x;

        float[] y;

        /**
         * The rows' sample weights, or null for none.
         */
        float[] weights;

        /**
         * Each shard's part of the batch's mean loss.
         */
        final double[] losses = new double[Shards.COUNT];

        final Shards.Task backpropagate = shard -> backpropagate(this, shard);

        final Shards.Task update = part -> update(this, part);

        final Shards.Task gradients = part -> gradients(this, part);

        final Shards.Task infer = shard -> infer(this, shard);

        /**
         * The batch's inputs, (rows, 784), where the first product reads them.
         */
        final LayerBuffers input;

        /**
         * hidden's outputs and gradients, (rows, 512).
         */
        final LayerBuffers hidden;

        /**
         * output's outputs and gradients, (rows, 10).
         */
        final LayerBuffers output;

        Buffers(int rows) {
            this.rows = rows;
            input = new LayerBuffers(rows, 784);
            hidden = new LayerBuffers(rows, 512);
            output = new LayerBuffers(rows, 10);
        }

        /**
         * The batch's mean loss: the sum of the shards' parts.
         */
        double loss() {
            double loss = 0;
            for (double part : losses) {
                loss += part;
            }
            return loss;
        }
    }
}
