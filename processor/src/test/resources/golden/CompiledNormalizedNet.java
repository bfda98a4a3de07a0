package example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.MergeSpec;
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
import dev.fusenet.runtime.compiled.ActivationLayer;
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.BatchNormalizationLayer;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.Conv2DLayer;
import dev.fusenet.runtime.compiled.DenseKernels;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.FlattenLayer;
import dev.fusenet.runtime.compiled.InferenceBuffers;
import dev.fusenet.runtime.compiled.InputLayer;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.compiled.MaxPooling2DLayer;
import dev.fusenet.runtime.compiled.MergeLayer;
import dev.fusenet.runtime.compiled.PatchBuffers;
import dev.fusenet.runtime.compiled.Shards;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.losses.FusedLosses;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.Adam;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import javax.annotation.processing.Generated;

/**
 * The compiled {@link NormalizedNet}: its training code, written for exactly this architecture.
 *
 * <pre>
 * conv1    Conv2D(16, 3×3, LINEAR)                           (rows, 28, 28, 1)  → (rows, 28, 28, 16)  ← image
 * norm1    BatchNormalization(momentum 0.99, epsilon 0.001)  (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← conv1
 * relu1    Activation(relu)                                  (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← norm1
 * conv2    Conv2D(16, 3×3, LINEAR)                           (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← relu1
 * norm2    BatchNormalization(momentum 0.99, epsilon 0.001)  (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← conv2
 * sum      Add()                                             (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← norm2, relu1
 * block    Activation(relu)                                  (rows, 28, 28, 16) → (rows, 28, 28, 16)  ← sum
 * pool     MaxPooling2D(2×2)                                 (rows, 28, 28, 16) → (rows, 14, 14, 16)  ← block
 * flatten  Flatten()                                         (rows, 14, 14, 16) → (rows, 3136)        ← pool
 * output   Dense(10, SOFTMAX)                                (rows, 3136)       → (rows, 10)          ← flatten
 * </pre>
 *
 * 33,882 trainable parameters.
 * Trained with ADAM on SPARSE_CATEGORICAL_CROSSENTROPY, reporting ACCURACY. {@code rows} is the batch size.
 * Written by fusenet's annotation processor from {@code NormalizedNet}; do not edit.
 */
@Generated(
        value = "dev.fusenet.processor.FusenetProcessor",
        comments = "from example.NormalizedNet"
)
public final class CompiledNormalizedNet implements NormalizedNet, Model, CompiledModelSupport.Network {
    /**
     * The seed of {@link #CompiledNormalizedNet()}.
     */
    public static final long DEFAULT_SEED = 42L;

    /**
     * Values per sample of the largest working buffer; a batch's buffers are Java arrays, so it bounds the batch size.
     */
    private static final long LARGEST_SAMPLE_BUFFER = 112896L;

    /**
     * For each layer, the layers it reads, as the summary's "Connected to" shows them.
     */
    private static final List<List<String>> CONNECTIONS = List.of(
            List.of("image"),
            List.of("conv1"),
            List.of("norm1"),
            List.of("relu1"),
            List.of("conv2"),
            List.of("norm2", "relu1"),
            List.of("sum"),
            List.of("block"),
            List.of("pool"),
            List.of("flatten"));

    /**
     * image(): the model's input, (rows, 28, 28, 1).
     */
    private final InputLayer image = new InputLayer("image", Shape.of(28, 28, 1));

    /**
     * conv1(): Conv2D(16, 3×3, LINEAR), strides 1×1, SAME; kernel (3, 3, 1, 16), no bias.
     */
    private final Conv2DLayer conv1 = new Conv2DLayer("conv1", Shape.of(28, 28, 1), 16,
            Window.of(3, 3, 1, 1, Padding.SAME), false, Activation.LINEAR);

    /**
     * norm1(): BatchNormalization(momentum 0.99, epsilon 0.001) of conv1's outputs over their 16 channels.
     */
    private final BatchNormalizationLayer norm1 = new BatchNormalizationLayer("norm1", Shape.of(28, 28, 16), 0.99, 0.001, true, true);

    /**
     * relu1(): Activation(relu) on norm1's outputs.
     */
    private final ActivationLayer relu1 = new ActivationLayer("relu1", Activation.RELU, Shape.of(28, 28, 16));

    /**
     * conv2(): Conv2D(16, 3×3, LINEAR), strides 1×1, SAME; kernel (3, 3, 16, 16), no bias.
     */
    private final Conv2DLayer conv2 = new Conv2DLayer("conv2", Shape.of(28, 28, 16), 16,
            Window.of(3, 3, 1, 1, Padding.SAME), false, Activation.LINEAR);

    /**
     * norm2(): BatchNormalization(momentum 0.99, epsilon 0.001) of conv2's outputs over their 16 channels.
     */
    private final BatchNormalizationLayer norm2 = new BatchNormalizationLayer("norm2", Shape.of(28, 28, 16), 0.99, 0.001, true, true);

    /**
     * sum(): Add() of norm2, relu1.
     */
    private final MergeLayer sum = new MergeLayer("sum", MergeSpec.Operation.ADD, Shape.of(28, 28, 16), 2);

    /**
     * block(): Activation(relu) on sum's outputs.
     */
    private final ActivationLayer block = new ActivationLayer("block", Activation.RELU, Shape.of(28, 28, 16));

    /**
     * pool(): MaxPooling2D(2×2), strides 2×2, VALID.
     */
    private final MaxPooling2DLayer pool = new MaxPooling2DLayer("pool", Shape.of(28, 28, 16),
            Window.of(2, 2, 2, 2, Padding.VALID));

    /**
     * flatten(): Flatten(), a view of pool's outputs.
     */
    private final FlattenLayer flatten = new FlattenLayer("flatten", 3136);

    /**
     * output(): Dense(10, SOFTMAX); kernel (3136, 10), bias (10).
     */
    private final DenseLayer output = new DenseLayer("output", 3136, 10, true, Activation.SOFTMAX);

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
    public CompiledNormalizedNet() {
        this(DEFAULT_SEED);
    }

    /**
     * A model with fresh weights drawn from {@code seed}, layer by layer in declaration order;
     * the same seed trains to the same weights.
     */
    public CompiledNormalizedNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        conv1.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        conv2.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        output.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        optimizer = new Adam();
        support = new CompiledModelSupport("NormalizedNet", new int[] {28, 28, 1}, 10, LARGEST_SAMPLE_BUFFER,
                        Loss.SPARSE_CATEGORICAL_CROSSENTROPY, List.of(Metric.ACCURACY), List.of(), false, 0.0,
                        List.of(conv1, norm1, relu1, conv2, norm2, sum, block, pool, flatten, output),
                        optimizer, seed, this,
                        image, CONNECTIONS);
    }

    @Override
    public Layer image() {
        return image;
    }

    @Override
    public Layer conv1(Layer image) {
        return conv1;
    }

    /**
     * The layer conv1, without naming what it reads.
     */
    public Layer conv1() {
        return conv1;
    }

    @Override
    public Layer norm1(Layer conv1) {
        return norm1;
    }

    /**
     * The layer norm1, without naming what it reads.
     */
    public Layer norm1() {
        return norm1;
    }

    @Override
    public Layer relu1(Layer norm1) {
        return relu1;
    }

    /**
     * The layer relu1, without naming what it reads.
     */
    public Layer relu1() {
        return relu1;
    }

    @Override
    public Layer conv2(Layer relu1) {
        return conv2;
    }

    /**
     * The layer conv2, without naming what it reads.
     */
    public Layer conv2() {
        return conv2;
    }

    @Override
    public Layer norm2(Layer conv2) {
        return norm2;
    }

    /**
     * The layer norm2, without naming what it reads.
     */
    public Layer norm2() {
        return norm2;
    }

    @Override
    public Layer sum(Layer norm2, Layer relu1) {
        return sum;
    }

    /**
     * The layer sum, without naming what it reads.
     */
    public Layer sum() {
        return sum;
    }

    @Override
    public Layer block(Layer sum) {
        return block;
    }

    /**
     * The layer block, without naming what it reads.
     */
    public Layer block() {
        return block;
    }

    @Override
    public Layer pool(Layer block) {
        return pool;
    }

    /**
     * The layer pool, without naming what it reads.
     */
    public Layer pool() {
        return pool;
    }

    @Override
    public Layer flatten(Layer pool) {
        return flatten;
    }

    /**
     * The layer flatten, without naming what it reads.
     */
    public Layer flatten() {
        return flatten;
    }

    @Override
    public Layer output(Layer flatten) {
        return output;
    }

    /**
     * The layer output, without naming what it reads.
     */
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
        // Forward, loss and backward in 5 phases, each shard on its own core; the shards meet between them
        Shards.run(b.phase1);
        // norm1: the batch's mean and variance from the shards' sums, in shard order, and the moving statistics
        norm1.meetForward(b.norm1Statistics, rows);
        Shards.run(b.phase2);
        // norm2: the batch's mean and variance from the shards' sums, in shard order, and the moving statistics
        norm2.meetForward(b.norm2Statistics, rows);
        Shards.run(b.phase3);
        // norm2: the shards' sums of the gradient, in shard order: gamma's and beta's gradients
        norm2.meetBackward(b.norm2Statistics, rows);
        Shards.run(b.phase4);
        // norm1: the shards' sums of the gradient, in shard order: gamma's and beta's gradients
        norm1.meetBackward(b.norm1Statistics, rows);
        Shards.run(b.phase5);
        double loss = b.loss();
        for (int m = 0; m < metrics.size(); m++) {
            metrics.get(m).update(y, b.output.a, rows, 10);
        }
        // Update: ADAM on every weight, as one optimizer step; each shard takes a part of every weight
        optimizer.beginStep();
        Shards.run(b.update);
        optimizer.endStep();
        return loss;
    }

    /**
     * Phase 1 of the training step on shard {@code shard}'s rows of the batch in {@code b},
     * until the shards meet for norm1's forward statistics.
     */
    private void phase1(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            return;
        }
        float[] x = b.x;
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 16), linear → (rows, 28, 28, 16)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        ActivationKernels.linear(b.conv1.z, conv1.biasBuffer(), b.conv1.a, from * 784, to * 784, 16);
        // norm1: this shard's sums of conv1 and its squares per channel, for the batch's moments
        norm1.partialMoments(b.conv1.a, b.norm1Statistics, shard, from, to);
    }

    /**
     * Phase 2 of the training step on shard {@code shard}'s rows of the batch in {@code b},
     * until the shards meet for norm2's forward statistics.
     */
    private void phase2(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            return;
        }
        float[] x = b.x;
        // norm1: x̂ = (conv1 - mean) / sqrt(variance + 0.001), x̂ · gamma + beta → (rows, 28, 28, 16)
        norm1.normalise(b.conv1.a, b.norm1Statistics, b.norm1.z, b.norm1.a, from, to);
        // relu1: relu(norm1) → (rows, 28, 28, 16)
        relu1.forward(b.norm1.a, b.relu1.z, b.relu1.a, from, to);
        // conv2: 3×3 windows of relu1 (rows, 28, 28, 16) · (144, 16), linear → (rows, 28, 28, 16)
        conv2.forward(b.relu1.a, b.conv2Patches, b.conv2, shard);
        ActivationKernels.linear(b.conv2.z, conv2.biasBuffer(), b.conv2.a, from * 784, to * 784, 16);
        // norm2: this shard's sums of conv2 and its squares per channel, for the batch's moments
        norm2.partialMoments(b.conv2.a, b.norm2Statistics, shard, from, to);
    }

    /**
     * Phase 3 of the training step on shard {@code shard}'s rows of the batch in {@code b},
     * until the shards meet for norm2's backward statistics.
     */
    private void phase3(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            b.losses[shard] = 0;
            return;
        }
        float[] x = b.x;
        float[] y = b.y;
        // norm2: x̂ = (conv2 - mean) / sqrt(variance + 0.001), x̂ · gamma + beta → (rows, 28, 28, 16)
        norm2.normalise(b.conv2.a, b.norm2Statistics, b.norm2.z, b.norm2.a, from, to);
        // sum: norm2 + relu1 → (rows, 28, 28, 16)
        sum.forward(b.sumInputs, b.sum.a, from * 12544, to * 12544);
        // block: relu(sum) → (rows, 28, 28, 16)
        block.forward(b.sum.a, b.block.z, b.block.a, from, to);
        // pool: maximum of 2×2 windows of block (rows, 28, 28, 16) → (rows, 14, 14, 16)
        pool.forward(b.block.a, b.pool.a, from, to);
        b.pool.pushActivations(shard);
        // flatten: pool (rows, 14, 14, 16) seen as (rows, 3136), the same memory
        // output: (rows, 3136) · (3136, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.pool, output, b.output, shard);
        ActivationKernels.addBias(b.output.z, output.biasBuffer(), from, to, 10);

        // Loss: this shard's part of the batch's mean, and its gradient
        // softmax and sparse categorical cross-entropy in one pass: p = softmax(z), gradient (p - onehot(y)) / rows
        b.losses[shard] = FusedLosses.softmaxSparseCategoricalCrossentropy(
                        b.output.z, y, b.output.a, b.output.gradient, from, to, rows, 10, b.weights);

        // Backward
        // output: the fused loss gave the gradient with respect to z
        // output: pool's gradient (rows, 3136) = dz · kernelᵀ
        DenseKernels.backward(b.pool, output, b.output, shard, true);
        // flatten: its gradient is pool's, seen as (rows, 14, 14, 16)
        // pool: each window's gradient goes to the input that won it → (rows, 28, 28, 16)
        pool.backward(b.block.a, b.pool.a, b.pool, b.block.gradient, from, to);
        // block: the gradient through relu's derivative, to sum → (rows, 28, 28, 16)
        block.backward(b.block.z, b.block.a, b.block.gradient, b.sum.gradient, from, to);
        // sum: norm2's gradient = the output's gradient
        sum.gradientTo(0, b.sumInputs, b.sum.gradient, b.norm2.gradient, false, from * 12544, to * 12544);
        // sum: relu1's gradient = the output's gradient
        sum.gradientTo(1, b.sumInputs, b.sum.gradient, b.relu1.gradient, false, from * 12544, to * 12544);
        // norm2: this shard's sums of the gradient and of gradient · x̂ per channel
        norm2.partialGradientSums(b.norm2.gradient, b.norm2.z, b.norm2Statistics, shard, from, to);
    }

    /**
     * Phase 4 of the training step on shard {@code shard}'s rows of the batch in {@code b},
     * until the shards meet for norm1's backward statistics.
     */
    private void phase4(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            return;
        }
        float[] x = b.x;
        // norm2: conv2's gradient = gamma / sqrt(variance + ε) · (dy - mean(dy) - x̂ · mean(dy · x̂)) → (rows, 28, 28, 16)
        norm2.inputGradient(b.norm2.gradient, b.norm2.z, b.norm2Statistics, b.conv2.gradient, from, to);
        // conv2: linear, so the gradient with respect to z is the one with respect to the outputs
        // conv2: relu1's gradient (rows, 28, 28, 16) = dz · kernelᵀ, summed back onto the pixels each window read
        conv2.backward(b.relu1.a, b.conv2Patches, b.conv2, b.relu1Branch.gradient, shard);
        // conv2: relu1 has other readers, so this gradient adds to theirs
        b.relu1.addGradient(b.relu1Branch, from, to);
        // relu1: the gradient through relu's derivative, to norm1 → (rows, 28, 28, 16)
        relu1.backward(b.relu1.z, b.relu1.a, b.relu1.gradient, b.norm1.gradient, from, to);
        // norm1: this shard's sums of the gradient and of gradient · x̂ per channel
        norm1.partialGradientSums(b.norm1.gradient, b.norm1.z, b.norm1Statistics, shard, from, to);
    }

    /**
     * Phase 5 of the training step on shard {@code shard}'s rows of the batch in {@code b},
     * to the end of the backward pass.
     */
    private void phase5(Buffers b, int shard) {
        int rows = b.rows;
        int from = Shards.from(shard, rows);
        int to = Shards.to(shard, rows);
        if (from == to) {
            return;
        }
        float[] x = b.x;
        // norm1: conv1's gradient = gamma / sqrt(variance + ε) · (dy - mean(dy) - x̂ · mean(dy · x̂)) → (rows, 28, 28, 16)
        norm1.inputGradient(b.norm1.gradient, b.norm1.z, b.norm1Statistics, b.conv1.gradient, from, to);
        // conv1: linear, so the gradient with respect to z is the one with respect to the outputs
        // conv1: the model's input needs no gradient
        conv1.backward(x, b.conv1Patches, b.conv1, shard);
    }

    /**
     * Part {@code part} of every weight: its gradient over the whole batch in {@code b}, and the optimizer's update.
     */
    private void update(Buffers b, int part) {
        // conv1: kernel gradient (9, 16), the shards' patchesᵀ · dz added up, and the update
        conv1.weightGradient(b.conv1Patches, b.conv1, part);
        conv1.update(optimizer, part);
        // norm1: gamma and beta, from the gradients the backward meeting summed
        norm1.update(optimizer, part);
        // conv2: kernel gradient (144, 16), the shards' patchesᵀ · dz added up, and the update
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        conv2.update(optimizer, part);
        // norm2: gamma and beta, from the gradients the backward meeting summed
        norm2.update(optimizer, part);
        // output: kernel gradient (3136, 10) = poolᵀ · dz, bias gradient (10), and the update
        DenseKernels.weightGradient(b.pool, output, b.output, part);
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
        // Forward, loss and backward in 5 phases, each shard on its own core; the shards meet between them
        Shards.run(b.phase1);
        // norm1: the batch's mean and variance from the shards' sums, in shard order, and the moving statistics
        norm1.meetForward(b.norm1Statistics, rows);
        Shards.run(b.phase2);
        // norm2: the batch's mean and variance from the shards' sums, in shard order, and the moving statistics
        norm2.meetForward(b.norm2Statistics, rows);
        Shards.run(b.phase3);
        // norm2: the shards' sums of the gradient, in shard order: gamma's and beta's gradients
        norm2.meetBackward(b.norm2Statistics, rows);
        Shards.run(b.phase4);
        // norm1: the shards' sums of the gradient, in shard order: gamma's and beta's gradients
        norm1.meetBackward(b.norm1Statistics, rows);
        Shards.run(b.phase5);
        double loss = b.loss();
        Shards.run(b.gradients);
        return loss;
    }

    /**
     * Part {@code part} of every weight's gradient over the whole batch in {@code b}, left on the heap; no update.
     */
    private void gradients(Buffers b, int part) {
        // conv1: kernel gradient (9, 16), the shards' patchesᵀ · dz added up
        conv1.weightGradient(b.conv1Patches, b.conv1, part);
        // conv2: kernel gradient (144, 16), the shards' patchesᵀ · dz added up
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        // output: kernel gradient (3136, 10) = poolᵀ · dz, bias gradient (10)
        DenseKernels.weightGradient(b.pool, output, b.output, part);
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
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 16), linear → (rows, 28, 28, 16)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        ActivationKernels.linear(b.conv1.z, conv1.biasBuffer(), b.conv1.a, from * 784, to * 784, 16);
        // norm1: (conv1 - moving mean) / sqrt(moving variance + 0.001) · gamma + beta → (rows, 28, 28, 16)
        norm1.forwardInference(b.conv1.a, b.norm1Statistics, shard, b.norm1.a, from, to);
        // relu1: relu(norm1) → (rows, 28, 28, 16)
        relu1.forward(b.norm1.a, b.relu1.z, b.relu1.a, from, to);
        // conv2: 3×3 windows of relu1 (rows, 28, 28, 16) · (144, 16), linear → (rows, 28, 28, 16)
        conv2.forward(b.relu1.a, b.conv2Patches, b.conv2, shard);
        ActivationKernels.linear(b.conv2.z, conv2.biasBuffer(), b.conv2.a, from * 784, to * 784, 16);
        // norm2: (conv2 - moving mean) / sqrt(moving variance + 0.001) · gamma + beta → (rows, 28, 28, 16)
        norm2.forwardInference(b.conv2.a, b.norm2Statistics, shard, b.norm2.a, from, to);
        // sum: norm2 + relu1 → (rows, 28, 28, 16)
        sum.forward(b.sumInputs, b.sum.a, from * 12544, to * 12544);
        // block: relu(sum) → (rows, 28, 28, 16)
        block.forward(b.sum.a, b.block.z, b.block.a, from, to);
        // pool: maximum of 2×2 windows of block (rows, 28, 28, 16) → (rows, 14, 14, 16)
        pool.forward(b.block.a, b.pool.a, from, to);
        b.pool.pushActivations(shard);
        // flatten: pool (rows, 14, 14, 16) seen as (rows, 3136), the same memory
        // output: (rows, 3136) · (3136, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.pool, output, b.output, shard);
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

    @Override
    public List<List<String>> connections() {
        return CONNECTIONS;
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

        final Shards.Task phase1 = shard -> phase1(this, shard);

        final Shards.Task phase2 = shard -> phase2(this, shard);

        final Shards.Task phase3 = shard -> phase3(this, shard);

        final Shards.Task phase4 = shard -> phase4(this, shard);

        final Shards.Task phase5 = shard -> phase5(this, shard);

        final Shards.Task update = part -> update(this, part);

        final Shards.Task gradients = part -> gradients(this, part);

        final Shards.Task infer = shard -> infer(this, shard);

        /**
         * conv1's outputs and gradients, (rows, 28, 28, 16), one row per position: (rows · 784, 16).
         */
        final LayerBuffers conv1;

        /**
         * conv1's input windows as rows, (rows · 784, 9), or a block of those rows at a time.
         */
        final PatchBuffers conv1Patches;

        /**
         * norm1's outputs and gradients, (rows, 28, 28, 16).
         */
        final LayerBuffers norm1;

        /**
         * norm1's statistics: each shard's sums per channel, and the batch's.
         */
        final BatchNormalizationLayer.Statistics norm1Statistics;

        /**
         * relu1's outputs and gradients, (rows, 28, 28, 16).
         */
        final LayerBuffers relu1;

        /**
         * Where a reader of relu1 puts its gradient before adding it to the others', (rows, 28, 28, 16).
         */
        final LayerBuffers relu1Branch;

        /**
         * conv2's outputs and gradients, (rows, 28, 28, 16), one row per position: (rows · 784, 16).
         */
        final LayerBuffers conv2;

        /**
         * conv2's input windows as rows, (rows · 784, 144), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers conv2Patches;

        /**
         * norm2's outputs and gradients, (rows, 28, 28, 16).
         */
        final LayerBuffers norm2;

        /**
         * norm2's statistics: each shard's sums per channel, and the batch's.
         */
        final BatchNormalizationLayer.Statistics norm2Statistics;

        /**
         * sum's outputs and gradients, (rows, 28, 28, 16).
         */
        final LayerBuffers sum;

        /**
         * The values sum reads: norm2, relu1.
         */
        final float[][] sumInputs;

        /**
         * block's outputs and gradients, (rows, 28, 28, 16).
         */
        final LayerBuffers block;

        /**
         * pool's outputs and gradients, (rows, 14, 14, 16).
         */
        final LayerBuffers pool;

        /**
         * output's outputs and gradients, (rows, 10).
         */
        final LayerBuffers output;

        Buffers(int rows) {
            this.rows = rows;
            conv1 = new LayerBuffers(rows, 12544, 16);
            conv1Patches = new PatchBuffers(rows, 784, 9, false);
            norm1 = new LayerBuffers(rows, 12544);
            norm1Statistics = new BatchNormalizationLayer.Statistics(16);
            relu1 = new LayerBuffers(rows, 12544);
            relu1Branch = new LayerBuffers(rows, 12544);
            conv2 = new LayerBuffers(rows, 12544, 16);
            conv2Patches = new PatchBuffers(rows, 784, 144, true);
            norm2 = new LayerBuffers(rows, 12544);
            norm2Statistics = new BatchNormalizationLayer.Statistics(16);
            sum = new LayerBuffers(rows, 12544);
            sumInputs = new float[][] {norm2.a, relu1.a};
            block = new LayerBuffers(rows, 12544);
            pool = new LayerBuffers(rows, 3136);
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
