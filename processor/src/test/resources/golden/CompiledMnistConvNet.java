package example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
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
import dev.fusenet.runtime.compiled.Conv2DLayer;
import dev.fusenet.runtime.compiled.DenseKernels;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.FlattenLayer;
import dev.fusenet.runtime.compiled.InferenceBuffers;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.compiled.MaxPooling2DLayer;
import dev.fusenet.runtime.compiled.PatchBuffers;
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
 * The compiled {@link MnistConvNet}: its training code, written for exactly this architecture.
 *
 * <pre>
 * conv1    Conv2D(32, 3×3, RELU)   (rows, 28, 28, 1)  → (rows, 26, 26, 32)
 * pool1    MaxPooling2D(2×2)       (rows, 26, 26, 32) → (rows, 13, 13, 32)
 * conv2    Conv2D(64, 3×3, RELU)   (rows, 13, 13, 32) → (rows, 11, 11, 64)
 * pool2    MaxPooling2D(2×2)       (rows, 11, 11, 64) → (rows, 5, 5, 64)
 * conv3    Conv2D(128, 3×3, RELU)  (rows, 5, 5, 64)   → (rows, 3, 3, 128)
 * flatten  Flatten()               (rows, 3, 3, 128)  → (rows, 1152)
 * output   Dense(10, SOFTMAX)      (rows, 1152)       → (rows, 10)
 * </pre>
 *
 * 104,202 trainable parameters.
 * Trained with RMSPROP on SPARSE_CATEGORICAL_CROSSENTROPY, reporting ACCURACY. {@code rows} is the batch size.
 * Written by fusenet's annotation processor from {@code MnistConvNet}; do not edit.
 */
@Generated(
        value = "dev.fusenet.processor.FusenetProcessor",
        comments = "from example.MnistConvNet"
)
public final class CompiledMnistConvNet implements MnistConvNet, Model, CompiledModelSupport.Network {
    /**
     * The seed of {@link #CompiledMnistConvNet()}.
     */
    public static final long DEFAULT_SEED = 42L;

    /**
     * Values per sample of the largest working buffer; a batch's buffers are Java arrays, so it bounds the batch size.
     */
    private static final long LARGEST_SAMPLE_BUFFER = 34848L;

    /**
     * conv1(): Conv2D(32, 3×3, RELU), strides 1×1, VALID; kernel (3, 3, 1, 32), bias (32).
     */
    private final Conv2DLayer conv1 = new Conv2DLayer("conv1", Shape.of(28, 28, 1), 32,
            Window.of(3, 3, 1, 1, Padding.VALID), true, Activation.RELU);

    /**
     * pool1(): MaxPooling2D(2×2), strides 2×2, VALID.
     */
    private final MaxPooling2DLayer pool1 = new MaxPooling2DLayer("pool1", Shape.of(26, 26, 32),
            Window.of(2, 2, 2, 2, Padding.VALID));

    /**
     * conv2(): Conv2D(64, 3×3, RELU), strides 1×1, VALID; kernel (3, 3, 32, 64), bias (64).
     */
    private final Conv2DLayer conv2 = new Conv2DLayer("conv2", Shape.of(13, 13, 32), 64,
            Window.of(3, 3, 1, 1, Padding.VALID), true, Activation.RELU);

    /**
     * pool2(): MaxPooling2D(2×2), strides 2×2, VALID.
     */
    private final MaxPooling2DLayer pool2 = new MaxPooling2DLayer("pool2", Shape.of(11, 11, 64),
            Window.of(2, 2, 2, 2, Padding.VALID));

    /**
     * conv3(): Conv2D(128, 3×3, RELU), strides 1×1, VALID; kernel (3, 3, 64, 128), bias (128).
     */
    private final Conv2DLayer conv3 = new Conv2DLayer("conv3", Shape.of(5, 5, 64), 128,
            Window.of(3, 3, 1, 1, Padding.VALID), true, Activation.RELU);

    /**
     * flatten(): Flatten(), a view of conv3's outputs.
     */
    private final FlattenLayer flatten = new FlattenLayer("flatten", 1152);

    /**
     * output(): Dense(10, SOFTMAX); kernel (1152, 10), bias (10).
     */
    private final DenseLayer output = new DenseLayer("output", 1152, 10, true, Activation.SOFTMAX);

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
    public CompiledMnistConvNet() {
        this(DEFAULT_SEED);
    }

    /**
     * A model with fresh weights drawn from {@code seed}, layer by layer in declaration order;
     * the same seed trains to the same weights.
     */
    public CompiledMnistConvNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        conv1.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        conv2.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        conv3.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        output.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        optimizer = new RMSprop();
        support = new CompiledModelSupport("MnistConvNet", new int[] {28, 28, 1}, 10, LARGEST_SAMPLE_BUFFER,
                        Loss.SPARSE_CATEGORICAL_CROSSENTROPY, List.of(Metric.ACCURACY), List.of(), false, 0.0,
                        List.of(conv1, pool1, conv2, pool2, conv3, flatten, output),
                        optimizer, seed, this);
    }

    @Override
    public Layer conv1() {
        return conv1;
    }

    @Override
    public Layer pool1() {
        return pool1;
    }

    @Override
    public Layer conv2() {
        return conv2;
    }

    @Override
    public Layer pool2() {
        return pool2;
    }

    @Override
    public Layer conv3() {
        return conv3;
    }

    @Override
    public Layer flatten() {
        return flatten;
    }

    @Override
    public Layer output() {
        return output;
    }

    /**
     * One training step on the first {@code rows} samples of {@code x} ((28, 28, 1) = 784 values each) and {@code y},
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

        // Forward
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 32) + (32), relu → (rows, 26, 26, 32)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        // conv1: bias and ReLU after the max pooling: the same maximum, on a quarter of the values
        // pool1: maximum of 2×2 windows of conv1's products (rows, 26, 26, 32),
        //   then conv1's bias and ReLU → (rows, 13, 13, 32)
        pool1.forward(b.conv1.z, b.pool1.z, from, to);
        ActivationKernels.relu(b.pool1.z, conv1.biasBuffer(), b.pool1.a, from * 169, to * 169, 32);
        // conv2: 3×3 windows of pool1 (rows, 13, 13, 32) · (288, 64) + (64), relu → (rows, 11, 11, 64)
        conv2.forward(b.pool1.a, b.conv2Patches, b.conv2, shard);
        // conv2: bias and ReLU after the max pooling: the same maximum, on a quarter of the values
        // pool2: maximum of 2×2 windows of conv2's products (rows, 11, 11, 64),
        //   then conv2's bias and ReLU → (rows, 5, 5, 64)
        pool2.forward(b.conv2.z, b.pool2.z, from, to);
        ActivationKernels.relu(b.pool2.z, conv2.biasBuffer(), b.pool2.a, from * 25, to * 25, 64);
        // conv3: 3×3 windows of pool2 (rows, 5, 5, 64) · (576, 128) + (128), relu → (rows, 3, 3, 128)
        conv3.forward(b.pool2.a, b.conv3Patches, b.conv3, shard);
        ActivationKernels.relu(b.conv3.z, conv3.biasBuffer(), b.conv3.a, from * 9, to * 9, 128);
        b.conv3.pushActivations(shard);
        // flatten: conv3 (rows, 3, 3, 128) seen as (rows, 1152), the same memory
        // output: (rows, 1152) · (1152, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.conv3, output, b.output, shard);
        ActivationKernels.addBias(b.output.z, output.biasBuffer(), from, to, 10);

        // Loss: this shard's part of the batch's mean, and its gradient
        // softmax and sparse categorical cross-entropy in one pass: p = softmax(z), gradient (p - onehot(y)) / rows
        b.losses[shard] = FusedLosses.softmaxSparseCategoricalCrossentropy(
                        b.output.z, y, b.output.a, b.output.gradient, from, to, rows, 10, b.weights);

        // Backward: each layer turns the gradient with respect to its outputs into the one with respect to its
        // pre-activations and its inputs; the weight gradients are the update's
        // output: the fused loss gave the gradient with respect to z
        // output: conv3's gradient (rows, 1152) = dz · kernelᵀ
        DenseKernels.backward(b.conv3, output, b.output, shard, true);
        // flatten: its gradient is conv3's, seen as (rows, 3, 3, 128)
        // conv3: through relu → (rows, 3, 3, 128)
        ActivationKernels.reluBackward(b.conv3.z, b.conv3.a, b.conv3.gradient, from * 9, to * 9, 128);
        // conv3: pool2's gradient (rows, 5, 5, 64) = dz · kernelᵀ, summed back onto the pixels each window read
        conv3.backward(b.pool2.a, b.conv3Patches, b.conv3, b.pool2.gradient, shard);
        // pool2: through conv2's ReLU, then each window's gradient to the product that won it
        //   → (rows, 11, 11, 64)
        ActivationKernels.reluBackward(b.pool2.z, b.pool2.a, b.pool2.gradient, from * 25, to * 25, 64);
        pool2.backward(b.conv2.z, b.pool2.z, b.pool2, b.conv2.gradient, from, to);
        // conv2: the pooling layer gave the gradient with respect to z, through the ReLU
        // conv2: pool1's gradient (rows, 13, 13, 32) = dz · kernelᵀ, summed back onto the pixels each window read
        conv2.backward(b.pool1.a, b.conv2Patches, b.conv2, b.pool1.gradient, shard);
        // pool1: through conv1's ReLU, then each window's gradient to the product that won it
        //   → (rows, 26, 26, 32)
        ActivationKernels.reluBackward(b.pool1.z, b.pool1.a, b.pool1.gradient, from * 169, to * 169, 32);
        pool1.backward(b.conv1.z, b.pool1.z, b.pool1, b.conv1.gradient, from, to);
        // conv1: the pooling layer gave the gradient with respect to z, through the ReLU
        // conv1: the model's input needs no gradient
        conv1.backward(x, b.conv1Patches, b.conv1, shard);
    }

    /**
     * Part {@code part} of every weight: its gradient over the whole batch in {@code b}, and the optimizer's update.
     */
    private void update(Buffers b, int part) {
        // conv1: kernel gradient (9, 32), the shards' patchesᵀ · dz added up, bias gradient (32), and the update
        conv1.weightGradient(b.conv1Patches, b.conv1, part);
        conv1.update(optimizer, part);
        // conv2: kernel gradient (288, 64), the shards' patchesᵀ · dz added up, bias gradient (64), and the update
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        conv2.update(optimizer, part);
        // conv3: kernel gradient (576, 128), the shards' patchesᵀ · dz added up, bias gradient (128), and the update
        conv3.weightGradient(b.conv3Patches, b.conv3, part);
        conv3.update(optimizer, part);
        // output: kernel gradient (1152, 10) = conv3ᵀ · dz, bias gradient (10), and the update
        DenseKernels.weightGradient(b.conv3, output, b.output, part);
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
        // conv1: kernel gradient (9, 32), the shards' patchesᵀ · dz added up, bias gradient (32)
        conv1.weightGradient(b.conv1Patches, b.conv1, part);
        // conv2: kernel gradient (288, 64), the shards' patchesᵀ · dz added up, bias gradient (64)
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        // conv3: kernel gradient (576, 128), the shards' patchesᵀ · dz added up, bias gradient (128)
        conv3.weightGradient(b.conv3Patches, b.conv3, part);
        // output: kernel gradient (1152, 10) = conv3ᵀ · dz, bias gradient (10)
        DenseKernels.weightGradient(b.conv3, output, b.output, part);
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
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 32) + (32), relu → (rows, 26, 26, 32)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        // conv1: bias and ReLU after the max pooling: the same maximum, on a quarter of the values
        // pool1: maximum of 2×2 windows of conv1's products (rows, 26, 26, 32),
        //   then conv1's bias and ReLU → (rows, 13, 13, 32)
        pool1.forward(b.conv1.z, b.pool1.z, from, to);
        ActivationKernels.relu(b.pool1.z, conv1.biasBuffer(), b.pool1.a, from * 169, to * 169, 32);
        // conv2: 3×3 windows of pool1 (rows, 13, 13, 32) · (288, 64) + (64), relu → (rows, 11, 11, 64)
        conv2.forward(b.pool1.a, b.conv2Patches, b.conv2, shard);
        // conv2: bias and ReLU after the max pooling: the same maximum, on a quarter of the values
        // pool2: maximum of 2×2 windows of conv2's products (rows, 11, 11, 64),
        //   then conv2's bias and ReLU → (rows, 5, 5, 64)
        pool2.forward(b.conv2.z, b.pool2.z, from, to);
        ActivationKernels.relu(b.pool2.z, conv2.biasBuffer(), b.pool2.a, from * 25, to * 25, 64);
        // conv3: 3×3 windows of pool2 (rows, 5, 5, 64) · (576, 128) + (128), relu → (rows, 3, 3, 128)
        conv3.forward(b.pool2.a, b.conv3Patches, b.conv3, shard);
        ActivationKernels.relu(b.conv3.z, conv3.biasBuffer(), b.conv3.a, from * 9, to * 9, 128);
        b.conv3.pushActivations(shard);
        // flatten: conv3 (rows, 3, 3, 128) seen as (rows, 1152), the same memory
        // output: (rows, 1152) · (1152, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.conv3, output, b.output, shard);
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
         * conv1's outputs and gradients, (rows, 26, 26, 32), one row per position: (rows · 676, 32).
         */
        final LayerBuffers conv1;

        /**
         * conv1's input windows as rows, (rows · 676, 9), or a block of those rows at a time.
         */
        final PatchBuffers conv1Patches;

        /**
         * pool1's outputs and gradients, (rows, 13, 13, 32).
         */
        final LayerBuffers pool1;

        /**
         * conv2's outputs and gradients, (rows, 11, 11, 64), one row per position: (rows · 121, 64).
         */
        final LayerBuffers conv2;

        /**
         * conv2's input windows as rows, (rows · 121, 288), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers conv2Patches;

        /**
         * pool2's outputs and gradients, (rows, 5, 5, 64).
         */
        final LayerBuffers pool2;

        /**
         * conv3's outputs and gradients, (rows, 3, 3, 128), one row per position: (rows · 9, 128).
         */
        final LayerBuffers conv3;

        /**
         * conv3's input windows as rows, (rows · 9, 576), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers conv3Patches;

        /**
         * output's outputs and gradients, (rows, 10).
         */
        final LayerBuffers output;

        Buffers(int rows) {
            this.rows = rows;
            conv1 = new LayerBuffers(rows, 21632, 32);
            conv1Patches = new PatchBuffers(rows, 676, 9, false);
            pool1 = new LayerBuffers(rows, 5408);
            conv2 = new LayerBuffers(rows, 7744, 64);
            conv2Patches = new PatchBuffers(rows, 121, 288, true);
            pool2 = new LayerBuffers(rows, 1600);
            conv3 = new LayerBuffers(rows, 1152, 128);
            conv3Patches = new PatchBuffers(rows, 9, 576, true);
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
