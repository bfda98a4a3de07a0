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
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.ConcatenateLayer;
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
 * The compiled {@link ResidualNet}: its training code, written for exactly this architecture.
 *
 * <pre>
 * conv1     Conv2D(32, 3×3, RELU)    (rows, 28, 28, 1)  → (rows, 28, 28, 32)  ← image
 * conv2     Conv2D(32, 3×3, RELU)    (rows, 28, 28, 32) → (rows, 28, 28, 32)  ← conv1
 * block1    Add()                    (rows, 28, 28, 32) → (rows, 28, 28, 32)  ← conv2, conv1
 * pool      MaxPooling2D(2×2)        (rows, 28, 28, 32) → (rows, 14, 14, 32)  ← block1
 * narrow    Conv2D(16, 1×1, LINEAR)  (rows, 14, 14, 32) → (rows, 14, 14, 16)  ← pool
 * wide      Conv2D(16, 3×3, LINEAR)  (rows, 14, 14, 32) → (rows, 14, 14, 16)  ← pool
 * branches  Concatenate(-1)          (rows, 14, 14, 16) → (rows, 14, 14, 32)  ← narrow, wide
 * flatten   Flatten()                (rows, 14, 14, 32) → (rows, 6272)        ← branches
 * output    Dense(10, SOFTMAX)       (rows, 6272)       → (rows, 10)          ← flatten
 * </pre>
 *
 * 77,450 trainable parameters.
 * Trained with ADAM on SPARSE_CATEGORICAL_CROSSENTROPY, reporting ACCURACY. {@code rows} is the batch size.
 * Written by fusenet's annotation processor from {@code ResidualNet}; do not edit.
 */
@Generated(
        value = "dev.fusenet.processor.FusenetProcessor",
        comments = "from example.ResidualNet"
)
public final class CompiledResidualNet implements ResidualNet, Model, CompiledModelSupport.Network {
    /**
     * The seed of {@link #CompiledResidualNet()}.
     */
    public static final long DEFAULT_SEED = 42L;

    /**
     * Values per sample of the largest working buffer; a batch's buffers are Java arrays, so it bounds the batch size.
     */
    private static final long LARGEST_SAMPLE_BUFFER = 225792L;

    /**
     * For each layer, the layers it reads, as the summary's "Connected to" shows them.
     */
    private static final List<List<String>> CONNECTIONS = List.of(
            List.of("image"),
            List.of("conv1"),
            List.of("conv2", "conv1"),
            List.of("block1"),
            List.of("pool"),
            List.of("pool"),
            List.of("narrow", "wide"),
            List.of("branches"),
            List.of("flatten"));

    /**
     * image(): the model's input, (rows, 28, 28, 1).
     */
    private final InputLayer image = new InputLayer("image", Shape.of(28, 28, 1));

    /**
     * conv1(): Conv2D(32, 3×3, RELU), strides 1×1, SAME; kernel (3, 3, 1, 32), bias (32).
     */
    private final Conv2DLayer conv1 = new Conv2DLayer("conv1", Shape.of(28, 28, 1), 32,
            Window.of(3, 3, 1, 1, Padding.SAME), true, Activation.RELU);

    /**
     * conv2(): Conv2D(32, 3×3, RELU), strides 1×1, SAME; kernel (3, 3, 32, 32), bias (32).
     */
    private final Conv2DLayer conv2 = new Conv2DLayer("conv2", Shape.of(28, 28, 32), 32,
            Window.of(3, 3, 1, 1, Padding.SAME), true, Activation.RELU);

    /**
     * block1(): Add() of conv2, conv1.
     */
    private final MergeLayer block1 = new MergeLayer("block1", MergeSpec.Operation.ADD, Shape.of(28, 28, 32), 2);

    /**
     * pool(): MaxPooling2D(2×2), strides 2×2, VALID.
     */
    private final MaxPooling2DLayer pool = new MaxPooling2DLayer("pool", Shape.of(28, 28, 32),
            Window.of(2, 2, 2, 2, Padding.VALID));

    /**
     * narrow(): Conv2D(16, 1×1, LINEAR), strides 1×1, VALID; kernel (1, 1, 32, 16), bias (16).
     */
    private final Conv2DLayer narrow = new Conv2DLayer("narrow", Shape.of(14, 14, 32), 16,
            Window.of(1, 1, 1, 1, Padding.VALID), true, Activation.LINEAR);

    /**
     * wide(): Conv2D(16, 3×3, LINEAR), strides 1×1, SAME; kernel (3, 3, 32, 16), bias (16).
     */
    private final Conv2DLayer wide = new Conv2DLayer("wide", Shape.of(14, 14, 32), 16,
            Window.of(3, 3, 1, 1, Padding.SAME), true, Activation.LINEAR);

    /**
     * branches(): Concatenate(-1) of narrow, wide along axis -1.
     */
    private final ConcatenateLayer branches = new ConcatenateLayer("branches",
            List.of(Shape.of(14, 14, 16), Shape.of(14, 14, 16)), 2);

    /**
     * flatten(): Flatten(), a view of branches's outputs.
     */
    private final FlattenLayer flatten = new FlattenLayer("flatten", 6272);

    /**
     * output(): Dense(10, SOFTMAX); kernel (6272, 10), bias (10).
     */
    private final DenseLayer output = new DenseLayer("output", 6272, 10, true, Activation.SOFTMAX);

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
    public CompiledResidualNet() {
        this(DEFAULT_SEED);
    }

    /**
     * A model with fresh weights drawn from {@code seed}, layer by layer in declaration order;
     * the same seed trains to the same weights.
     */
    public CompiledResidualNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        conv1.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        conv2.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        narrow.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        wide.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        output.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        optimizer = new Adam();
        support = new CompiledModelSupport("ResidualNet", new int[] {28, 28, 1}, 10, LARGEST_SAMPLE_BUFFER,
                        Loss.SPARSE_CATEGORICAL_CROSSENTROPY, List.of(Metric.ACCURACY), List.of(), false, 0.0,
                        List.of(conv1, conv2, block1, pool, narrow, wide, branches, flatten, output),
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
    public Layer conv2(Layer conv1) {
        return conv2;
    }

    /**
     * The layer conv2, without naming what it reads.
     */
    public Layer conv2() {
        return conv2;
    }

    @Override
    public Layer block1(Layer conv2, Layer conv1) {
        return block1;
    }

    /**
     * The layer block1, without naming what it reads.
     */
    public Layer block1() {
        return block1;
    }

    @Override
    public Layer pool(Layer block1) {
        return pool;
    }

    /**
     * The layer pool, without naming what it reads.
     */
    public Layer pool() {
        return pool;
    }

    @Override
    public Layer narrow(Layer pool) {
        return narrow;
    }

    /**
     * The layer narrow, without naming what it reads.
     */
    public Layer narrow() {
        return narrow;
    }

    @Override
    public Layer wide(Layer pool) {
        return wide;
    }

    /**
     * The layer wide, without naming what it reads.
     */
    public Layer wide() {
        return wide;
    }

    @Override
    public Layer branches(Layer narrow, Layer wide) {
        return branches;
    }

    /**
     * The layer branches, without naming what it reads.
     */
    public Layer branches() {
        return branches;
    }

    @Override
    public Layer flatten(Layer branches) {
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
        // Forward, loss and backward: each shard of the batch on its own core
        Shards.run(b.backpropagate);
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
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 32) + (32), relu → (rows, 28, 28, 32)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        ActivationKernels.relu(b.conv1.z, conv1.biasBuffer(), b.conv1.a, from * 784, to * 784, 32);
        // conv2: 3×3 windows of conv1 (rows, 28, 28, 32) · (288, 32) + (32), relu → (rows, 28, 28, 32)
        conv2.forward(b.conv1.a, b.conv2Patches, b.conv2, shard);
        ActivationKernels.relu(b.conv2.z, conv2.biasBuffer(), b.conv2.a, from * 784, to * 784, 32);
        // block1: conv2 + conv1 → (rows, 28, 28, 32)
        block1.forward(b.block1Inputs, b.block1.a, from * 25088, to * 25088);
        // pool: maximum of 2×2 windows of block1 (rows, 28, 28, 32) → (rows, 14, 14, 32)
        pool.forward(b.block1.a, b.pool.a, from, to);
        // narrow: 1×1 windows of pool (rows, 14, 14, 32) · (32, 16) + (16), linear → (rows, 14, 14, 16)
        narrow.forward(b.pool.a, b.narrowPatches, b.narrow, shard);
        ActivationKernels.linear(b.narrow.z, narrow.biasBuffer(), b.narrow.a, from * 196, to * 196, 16);
        // wide: 3×3 windows of pool (rows, 14, 14, 32) · (288, 16) + (16), linear → (rows, 14, 14, 16)
        wide.forward(b.pool.a, b.widePatches, b.wide, shard);
        ActivationKernels.linear(b.wide.z, wide.biasBuffer(), b.wide.a, from * 196, to * 196, 16);
        // branches: narrow (rows, 14, 14, 16), wide (rows, 14, 14, 16) joined along axis -1 → (rows, 14, 14, 32)
        branches.forward(b.branchesInputs, b.branches.a, from, to);
        b.branches.pushActivations(shard);
        // flatten: branches (rows, 14, 14, 32) seen as (rows, 6272), the same memory
        // output: (rows, 6272) · (6272, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.branches, output, b.output, shard);
        ActivationKernels.addBias(b.output.z, output.biasBuffer(), from, to, 10);

        // Loss: this shard's part of the batch's mean, and its gradient
        // softmax and sparse categorical cross-entropy in one pass: p = softmax(z), gradient (p - onehot(y)) / rows
        b.losses[shard] = FusedLosses.softmaxSparseCategoricalCrossentropy(
                        b.output.z, y, b.output.a, b.output.gradient, from, to, rows, 10, b.weights);

        // Backward: each layer turns the gradient with respect to its outputs into the one with respect to its
        // pre-activations and its inputs; the weight gradients are the update's
        // output: the fused loss gave the gradient with respect to z
        // output: branches's gradient (rows, 6272) = dz · kernelᵀ
        DenseKernels.backward(b.branches, output, b.output, shard, true);
        // flatten: its gradient is branches's, seen as (rows, 14, 14, 32)
        // branches: narrow's gradient = its part of the output's
        branches.gradientTo(0, b.branches.gradient, b.narrow.gradient, false, from, to);
        // branches: wide's gradient = its part of the output's
        branches.gradientTo(1, b.branches.gradient, b.wide.gradient, false, from, to);
        // wide: linear, so the gradient with respect to z is the one with respect to the outputs
        // wide: pool's gradient (rows, 14, 14, 32) = dz · kernelᵀ, summed back onto the pixels each window read
        wide.backward(b.pool.a, b.widePatches, b.wide, b.pool.gradient, shard);
        // narrow: linear, so the gradient with respect to z is the one with respect to the outputs
        // narrow: pool's gradient (rows, 14, 14, 32) = dz · kernelᵀ, summed back onto the pixels each window read
        narrow.backward(b.pool.a, b.narrowPatches, b.narrow, b.poolBranch.gradient, shard);
        // narrow: pool has other readers, so this gradient adds to theirs
        b.pool.addGradient(b.poolBranch, from, to);
        // pool: each window's gradient goes to the input that won it → (rows, 28, 28, 32)
        pool.backward(b.block1.a, b.pool.a, b.pool, b.block1.gradient, from, to);
        // block1: conv2's gradient = the output's gradient
        block1.gradientTo(0, b.block1Inputs, b.block1.gradient, b.conv2.gradient, false, from * 25088, to * 25088);
        // block1: conv1's gradient = the output's gradient
        block1.gradientTo(1, b.block1Inputs, b.block1.gradient, b.conv1.gradient, false, from * 25088, to * 25088);
        // conv2: through relu → (rows, 28, 28, 32)
        ActivationKernels.reluBackward(b.conv2.z, b.conv2.a, b.conv2.gradient, from * 784, to * 784, 32);
        // conv2: conv1's gradient (rows, 28, 28, 32) = dz · kernelᵀ, summed back onto the pixels each window read
        conv2.backward(b.conv1.a, b.conv2Patches, b.conv2, b.conv1Branch.gradient, shard);
        // conv2: conv1 has other readers, so this gradient adds to theirs
        b.conv1.addGradient(b.conv1Branch, from, to);
        // conv1: through relu → (rows, 28, 28, 32)
        ActivationKernels.reluBackward(b.conv1.z, b.conv1.a, b.conv1.gradient, from * 784, to * 784, 32);
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
        // conv2: kernel gradient (288, 32), the shards' patchesᵀ · dz added up, bias gradient (32), and the update
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        conv2.update(optimizer, part);
        // narrow: kernel gradient (32, 16), the shards' patchesᵀ · dz added up, bias gradient (16), and the update
        narrow.weightGradient(b.narrowPatches, b.narrow, part);
        narrow.update(optimizer, part);
        // wide: kernel gradient (288, 16), the shards' patchesᵀ · dz added up, bias gradient (16), and the update
        wide.weightGradient(b.widePatches, b.wide, part);
        wide.update(optimizer, part);
        // output: kernel gradient (6272, 10) = branchesᵀ · dz, bias gradient (10), and the update
        DenseKernels.weightGradient(b.branches, output, b.output, part);
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
        // conv2: kernel gradient (288, 32), the shards' patchesᵀ · dz added up, bias gradient (32)
        conv2.weightGradient(b.conv2Patches, b.conv2, part);
        // narrow: kernel gradient (32, 16), the shards' patchesᵀ · dz added up, bias gradient (16)
        narrow.weightGradient(b.narrowPatches, b.narrow, part);
        // wide: kernel gradient (288, 16), the shards' patchesᵀ · dz added up, bias gradient (16)
        wide.weightGradient(b.widePatches, b.wide, part);
        // output: kernel gradient (6272, 10) = branchesᵀ · dz, bias gradient (10)
        DenseKernels.weightGradient(b.branches, output, b.output, part);
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
        // conv1: 3×3 windows of x (rows, 28, 28, 1) · (9, 32) + (32), relu → (rows, 28, 28, 32)
        conv1.forward(x, b.conv1Patches, b.conv1, shard);
        ActivationKernels.relu(b.conv1.z, conv1.biasBuffer(), b.conv1.a, from * 784, to * 784, 32);
        // conv2: 3×3 windows of conv1 (rows, 28, 28, 32) · (288, 32) + (32), relu → (rows, 28, 28, 32)
        conv2.forward(b.conv1.a, b.conv2Patches, b.conv2, shard);
        ActivationKernels.relu(b.conv2.z, conv2.biasBuffer(), b.conv2.a, from * 784, to * 784, 32);
        // block1: conv2 + conv1 → (rows, 28, 28, 32)
        block1.forward(b.block1Inputs, b.block1.a, from * 25088, to * 25088);
        // pool: maximum of 2×2 windows of block1 (rows, 28, 28, 32) → (rows, 14, 14, 32)
        pool.forward(b.block1.a, b.pool.a, from, to);
        // narrow: 1×1 windows of pool (rows, 14, 14, 32) · (32, 16) + (16), linear → (rows, 14, 14, 16)
        narrow.forward(b.pool.a, b.narrowPatches, b.narrow, shard);
        ActivationKernels.linear(b.narrow.z, narrow.biasBuffer(), b.narrow.a, from * 196, to * 196, 16);
        // wide: 3×3 windows of pool (rows, 14, 14, 32) · (288, 16) + (16), linear → (rows, 14, 14, 16)
        wide.forward(b.pool.a, b.widePatches, b.wide, shard);
        ActivationKernels.linear(b.wide.z, wide.biasBuffer(), b.wide.a, from * 196, to * 196, 16);
        // branches: narrow (rows, 14, 14, 16), wide (rows, 14, 14, 16) joined along axis -1 → (rows, 14, 14, 32)
        branches.forward(b.branchesInputs, b.branches.a, from, to);
        b.branches.pushActivations(shard);
        // flatten: branches (rows, 14, 14, 32) seen as (rows, 6272), the same memory
        // output: (rows, 6272) · (6272, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.branches, output, b.output, shard);
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

        final Shards.Task backpropagate = shard -> backpropagate(this, shard);

        final Shards.Task update = part -> update(this, part);

        final Shards.Task gradients = part -> gradients(this, part);

        final Shards.Task infer = shard -> infer(this, shard);

        /**
         * conv1's outputs and gradients, (rows, 28, 28, 32), one row per position: (rows · 784, 32).
         */
        final LayerBuffers conv1;

        /**
         * conv1's input windows as rows, (rows · 784, 9), or a block of those rows at a time.
         */
        final PatchBuffers conv1Patches;

        /**
         * Where a reader of conv1 puts its gradient before adding it to the others', (rows, 28, 28, 32).
         */
        final LayerBuffers conv1Branch;

        /**
         * conv2's outputs and gradients, (rows, 28, 28, 32), one row per position: (rows · 784, 32).
         */
        final LayerBuffers conv2;

        /**
         * conv2's input windows as rows, (rows · 784, 288), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers conv2Patches;

        /**
         * block1's outputs and gradients, (rows, 28, 28, 32).
         */
        final LayerBuffers block1;

        /**
         * The values block1 reads: conv2, conv1.
         */
        final float[][] block1Inputs;

        /**
         * pool's outputs and gradients, (rows, 14, 14, 32).
         */
        final LayerBuffers pool;

        /**
         * Where a reader of pool puts its gradient before adding it to the others', (rows, 14, 14, 32).
         */
        final LayerBuffers poolBranch;

        /**
         * narrow's outputs and gradients, (rows, 14, 14, 16), one row per position: (rows · 196, 16).
         */
        final LayerBuffers narrow;

        /**
         * narrow's input windows as rows, (rows · 196, 32), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers narrowPatches;

        /**
         * wide's outputs and gradients, (rows, 14, 14, 16), one row per position: (rows · 196, 16).
         */
        final LayerBuffers wide;

        /**
         * wide's input windows as rows, (rows · 196, 288), and their gradient, or a block of those rows at a time.
         */
        final PatchBuffers widePatches;

        /**
         * branches's outputs and gradients, (rows, 14, 14, 32).
         */
        final LayerBuffers branches;

        /**
         * The values branches reads: narrow, wide.
         */
        final float[][] branchesInputs;

        /**
         * output's outputs and gradients, (rows, 10).
         */
        final LayerBuffers output;

        Buffers(int rows) {
            this.rows = rows;
            conv1 = new LayerBuffers(rows, 25088, 32);
            conv1Patches = new PatchBuffers(rows, 784, 9, false);
            conv1Branch = new LayerBuffers(rows, 25088);
            conv2 = new LayerBuffers(rows, 25088, 32);
            conv2Patches = new PatchBuffers(rows, 784, 288, true);
            block1 = new LayerBuffers(rows, 25088);
            block1Inputs = new float[][] {conv2.a, conv1.a};
            pool = new LayerBuffers(rows, 6272);
            poolBranch = new LayerBuffers(rows, 6272);
            narrow = new LayerBuffers(rows, 3136, 16);
            narrowPatches = new PatchBuffers(rows, 196, 32, true);
            wide = new LayerBuffers(rows, 3136, 16);
            widePatches = new PatchBuffers(rows, 196, 288, true);
            branches = new LayerBuffers(rows, 6272);
            branchesInputs = new float[][] {narrow.a, wide.a};
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
