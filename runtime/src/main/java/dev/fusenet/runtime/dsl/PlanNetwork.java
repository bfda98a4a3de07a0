package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Loss;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.TrainingSpec;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.compiled.ActivationKernels;
import dev.fusenet.runtime.compiled.AveragePooling2DLayer;
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.ConcatenateLayer;
import dev.fusenet.runtime.compiled.Conv2DLayer;
import dev.fusenet.runtime.compiled.DenseKernels;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.DropoutLayer;
import dev.fusenet.runtime.compiled.InferenceBuffers;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.compiled.LossKernels;
import dev.fusenet.runtime.compiled.MaxPooling2DLayer;
import dev.fusenet.runtime.compiled.MergeLayer;
import dev.fusenet.runtime.compiled.PatchBuffers;
import dev.fusenet.runtime.compiled.Shards;
import dev.fusenet.runtime.compiled.WeightedLayer;
import dev.fusenet.runtime.losses.FusedLosses;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.List;

/**
 * The training step and forward pass of a DSL model: the {@link ModelPlan} that the annotation processor writes
 * out as code for a {@code @Compile} type, interpreted. It calls the same kernels in the same order on the same
 * buffers as the generated code of that architecture, so both front ends train to the same weights at the same
 * speed, sharded the same way over both cores; only the dispatch on each layer's kind and activation happens at
 * run time, once per layer, shard and step.
 */
final class PlanNetwork implements CompiledModelSupport.Network {

    private final ModelPlan plan;
    /** The plan's steps and the layers, as arrays: a training step walks them without an iterator. */
    private final ModelPlan.Step[] steps;
    private final Layer[] layers;
    private final int outputIndex;
    private final int outputSize;
    private final GradientOptimizer optimizer;
    private final TrainingSpec training;
    private final BatchBufferCache<Buffers> buffers = new BatchBufferCache<>(Buffers::new);
    /** Working memory of inference, one set per call in progress, as the generated class's. */
    private final InferenceBuffers<Buffers> inferenceBuffers = new InferenceBuffers<>(Buffers::new);

    PlanNetwork(ModelPlan plan, List<Layer> layers, GradientOptimizer optimizer) {
        this.plan = plan;
        this.steps = plan.steps().toArray(new ModelPlan.Step[0]);
        this.layers = layers.toArray(new Layer[0]);
        this.outputIndex = plan.output().index();
        this.outputSize = plan.outputSize();
        this.optimizer = optimizer;
        this.training = plan.spec().training();
    }

    /** The working memory of one batch size, as the generated {@code Buffers} class holds it. */
    private final class Buffers {
        final int rows;
        final LayerBuffers input;
        final LayerBuffers[] outputs;
        /** For a value several layers read: where each reader but the first puts its gradient before adding it. */
        final LayerBuffers[] branches;
        /** For a merge: the values it reads, as its kernels take them. */
        final float[][][] mergeInputs;
        final PatchBuffers[] patches;
        final double[] losses = new double[Shards.COUNT];
        final Shards.Task backpropagate = shard -> backpropagate(this, shard);
        final Shards.Task update = part -> update(this, part, true);
        final Shards.Task gradients = part -> update(this, part, false);
        final Shards.Task infer = shard -> infer(this, shard);
        float[] x;
        float[] y;
        float[] weights;

        /** The batch's mean loss: the shards' parts added up, in shard order. */
        double loss() {
            double loss = 0;
            for (double part : losses) {
                loss += part;
            }
            return loss;
        }

        Buffers(int rows) {
            this.rows = rows;
            int count = steps.length;
            input = plan.inputFeedsProduct() ? new LayerBuffers(rows, plan.inputSize()) : null;
            outputs = new LayerBuffers[count];
            branches = new LayerBuffers[count];
            mergeInputs = new float[count][][];
            patches = new PatchBuffers[count];
            for (ModelPlan.Step step : steps) {
                int i = step.index();
                int size = Math.toIntExact(step.output().size());
                Layer layer = layers[i];
                if (layer instanceof Conv2DLayer conv) {
                    outputs[i] = new LayerBuffers(rows, size, conv.units());
                    patches[i] = conv.patchBuffers(rows, step.passesGradient());
                } else if (step.runs()) {
                    outputs[i] = new LayerBuffers(rows, size);
                }
                if (plan.needsBranch(i)) {
                    branches[i] = new LayerBuffers(rows, size);
                }
            }
            for (ModelPlan.Step step : steps) {
                if (layers[step.index()] instanceof MergeLayer || layers[step.index()] instanceof ConcatenateLayer) {
                    float[][] values = new float[step.sources().size()][];
                    for (int k = 0; k < values.length; k++) {
                        int source = step.sources().get(k);
                        values[k] = source == ModelPlan.INPUT ? null : outputs[source].a;
                    }
                    mergeInputs[step.index()] = values;
                }
            }
        }

        /** Points the merges that read the model's input at the batch {@code x}: before the shards run. */
        void setInputs(float[] batch) {
            x = batch;
            for (ModelPlan.Step step : steps) {
                float[][] values = mergeInputs[step.index()];
                for (int k = 0; values != null && k < values.length; k++) {
                    if (step.sources().get(k) == ModelPlan.INPUT) {
                        values[k] = batch;
                    }
                }
            }
        }

        /** The buffers holding step {@code i}'s input (null for the model's input when no product reads it). */
        LayerBuffers source(ModelPlan.Step step) {
            return step.source() == ModelPlan.INPUT ? input : outputs[step.source()];
        }
    }

    private boolean fusedLoss() {
        Loss loss = training.loss();
        return loss == Loss.CATEGORICAL_CROSSENTROPY || loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY
                || loss == Loss.BINARY_CROSSENTROPY;
    }

    @Override
    public double trainStep(float[] x, float[] y, float[] weights, int rows, List<PredictionMetric> metrics) {
        Buffers b = backpropagate(x, y, weights, rows);
        double loss = b.loss();
        LayerBuffers out = b.outputs[outputIndex];
        float[] predictions = training.fromLogits() ? out.z : out.a;
        for (int m = 0; m < metrics.size(); m++) {
            metrics.get(m).update(y, predictions, rows, outputSize);
        }
        optimizer.beginStep();
        Shards.run(b.update);
        optimizer.endStep();
        return loss;
    }

    @Override
    public void forward(float[] x, int rows, float[] outputs) {
        Buffers b = inferenceBuffers.borrow(rows);
        try {
            b.setInputs(x);
            Shards.run(b.infer);
            System.arraycopy(b.outputs[outputIndex].a, 0, outputs, 0, rows * outputSize);
        } finally {
            inferenceBuffers.release(rows, b);
        }
    }

    private void backpropagate(Buffers b, int shard) {
        int from = Shards.from(shard, b.rows);
        int to = Shards.to(shard, b.rows);
        if (from == to) {
            b.losses[shard] = 0;
            return;
        }
        if (b.input != null) {
            b.input.load(b.x, shard);
        }
        for (int i = 0; i < steps.length; i++) {
            forward(steps[i], b, shard, from, to, true);
        }
        b.losses[shard] = loss(b.outputs[outputIndex], b.y, b.weights, from, to, b.rows, outputSize);
        for (int i = steps.length - 1; i >= 0; i--) {
            ModelPlan.Step step = steps[i];
            if (step.hasWeights() || step.passesGradient()) {
                backward(step, b, shard, from, to);
            }
        }
    }

    private void infer(Buffers b, int shard) {
        int from = Shards.from(shard, b.rows);
        int to = Shards.to(shard, b.rows);
        if (from == to) {
            return;
        }
        if (b.input != null) {
            b.input.load(b.x, shard);
        }
        for (int i = 0; i < steps.length; i++) {
            forward(steps[i], b, shard, from, to, false);
        }
    }

    /** Part {@code part} of every weight's gradient, and with {@code apply} the optimizer's update of it. */
    private void update(Buffers b, int part, boolean apply) {
        for (int i = 0; i < steps.length; i++) {
            Layer layer = layers[i];
            if (layer instanceof DenseLayer dense) {
                DenseKernels.weightGradient(b.source(steps[i]), dense, b.outputs[i], part);
                if (apply) {
                    dense.update(optimizer, part);
                }
            } else if (layer instanceof Conv2DLayer conv) {
                conv.weightGradient(b.patches[i], b.outputs[i], part);
                if (apply) {
                    conv.update(optimizer, part);
                }
            }
        }
    }

    /** As {@link #trainStep} without the update: each weight's gradient left in its layer. */
    @Override
    public double computeGradients(float[] x, float[] y, float[] weights, int rows) {
        Buffers b = backpropagate(x, y, weights, rows);
        double loss = b.loss();
        Shards.run(b.gradients);
        return loss;
    }

    /** Forward, loss and backward of a batch on both shards: the buffers hold the outputs and the gradients. */
    private Buffers backpropagate(float[] x, float[] y, float[] weights, int rows) {
        Buffers b = buffers.forRows(rows);
        b.setInputs(x);
        b.y = y;
        b.weights = weights;
        Shards.run(b.backpropagate);
        return b;
    }

    private void forward(ModelPlan.Step step, Buffers b, int shard, int from, int to, boolean training) {
        int i = step.index();
        Layer layer = layers[i];
        LayerBuffers out = b.outputs[i];
        float[] in = step.source() == ModelPlan.INPUT ? b.x : b.source(step).a;
        boolean fusedOutput = training && step.last() && fusedLoss();
        if (layer instanceof DenseLayer dense) {
            DenseKernels.forward(b.source(step), dense, out, shard);
            activate(dense, out, from, to, dense.units(), fusedOutput);
        } else if (layer instanceof Conv2DLayer conv) {
            conv.forward(in, b.patches[i], out, shard);
            if (!step.reluMovesPastPooling()) {
                activate(conv, out, from * conv.positions(), to * conv.positions(), conv.units(), false);
            }
        } else if (layer instanceof MaxPooling2DLayer pool) {
            if (plan.poolingTakesRelu(step)) {
                int positions = step.output().dim(0) * step.output().dim(1);
                pool.forward(b.source(step).z, out.z, from, to);
                ActivationKernels.relu(out.z, ((Conv2DLayer) layers[step.source()]).biasBuffer(), out.a, from * positions,
                        to * positions, step.output().dim(2));
            } else {
                pool.forward(in, out.a, from, to);
            }
        } else if (layer instanceof AveragePooling2DLayer pool) {
            pool.forward(in, out.a, from, to);
        } else if (layer instanceof MergeLayer merge) {
            merge.forward(b.mergeInputs[i], out.a, from * out.units, to * out.units);
        } else if (layer instanceof ConcatenateLayer concatenate) {
            concatenate.forward(b.mergeInputs[i], out.a, from, to);
        } else if (layer instanceof DropoutLayer dropout) {
            if (training) {
                dropout.forwardTraining(in, out.mask, out.a, from * out.units, to * out.units,
                        optimizer.iterations());
            } else {
                dropout.forwardInference(in, out.a, from * out.units, to * out.units);
            }
        }
        if (step.feedsProduct()) {
            out.pushActivations(shard);
        }
    }

    private static void activate(WeightedLayer layer, LayerBuffers out, int from, int to, int units,
                                 boolean fusedOutput) {
        if (fusedOutput) {
            ActivationKernels.addBias(out.z, layer.biasBuffer(), from, to, units);
        } else {
            ActivationKernels.forward(layer.activation(), out.z, layer.biasBuffer(), out.a, from, to, units);
        }
    }

    private void backward(ModelPlan.Step step, Buffers b, int shard, int from, int to) {
        int i = step.index();
        Layer layer = layers[i];
        LayerBuffers out = b.outputs[i];
        if (layer instanceof MergeLayer || layer instanceof ConcatenateLayer) {
            mergeBackward(step, layer, b, from, to);
            return;
        }
        LayerBuffers source = b.source(step);
        // Where the input's gradient goes: its own buffers, or, when another reader wrote there first, the branch
        LayerBuffers target = step.passesGradient() && step.addsGradientToInput() ? b.branches[step.source()]
                : source;
        singleInputBackward(step, layer, b, shard, from, to, out, source, target);
        if (target != source) {
            source.addGradient(target, from, to);
        }
    }

    private void mergeBackward(ModelPlan.Step step, Layer layer, Buffers b, int from, int to) {
        int i = step.index();
        LayerBuffers out = b.outputs[i];
        for (int k = 0; k < step.sources().size(); k++) {
            if (!step.gradientTo().get(k)) {
                continue;
            }
            float[] target = b.outputs[step.sources().get(k)].gradient;
            boolean add = step.addsGradient().get(k);
            if (layer instanceof MergeLayer merge) {
                merge.gradientTo(k, b.mergeInputs[i], out.gradient, target, add, from * out.units, to * out.units);
            } else {
                ((ConcatenateLayer) layer).gradientTo(k, out.gradient, target, add, from, to);
            }
        }
    }

    private void singleInputBackward(ModelPlan.Step step, Layer layer, Buffers b, int shard, int from, int to,
                                     LayerBuffers out, LayerBuffers source, LayerBuffers target) {
        int i = step.index();
        if (layer instanceof DenseLayer dense) {
            if (!(step.last() && fusedLoss())) {
                ActivationKernels.backward(dense.activation(), out.z, out.a, out.gradient, from, to, dense.units());
            }
            DenseKernels.backward(target, dense, out, shard, step.passesGradient());
        } else if (layer instanceof Conv2DLayer conv) {
            if (!step.reluMovesPastPooling()) {
                ActivationKernels.backward(conv.activation(), out.z, out.a, out.gradient, from * conv.positions(),
                        to * conv.positions(), conv.units());
            }
            if (step.passesGradient()) {
                conv.backward(b.patches[i], out, target.gradient, shard);
            } else {
                conv.backward(b.patches[i], out, shard);
            }
        } else if (layer instanceof MaxPooling2DLayer pool) {
            if (plan.poolingTakesRelu(step)) {
                int positions = step.output().dim(0) * step.output().dim(1);
                ActivationKernels.reluBackward(out.z, out.a, out.gradient, from * positions, to * positions,
                        step.output().dim(2));
                pool.backward(source.z, out.z, out, target.gradient, from, to);
            } else {
                pool.backward(source.a, out.a, out, target.gradient, from, to);
            }
        } else if (layer instanceof AveragePooling2DLayer pool) {
            pool.backward(out.gradient, target.gradient, from, to);
        } else if (layer instanceof DropoutLayer dropout) {
            dropout.backward(out.gradient, out.mask, target.gradient, from * out.units, to * out.units);
        }
    }

    /** Rows {@code [from, to)}'s part of the loss, with its gradient, through the kernel generated code calls. */
    private double loss(LayerBuffers out, float[] y, float[] w, int from, int to, int rows, int units) {
        float smoothing = (float) training.labelSmoothing();
        return switch (training.loss()) {
            case CATEGORICAL_CROSSENTROPY -> FusedLosses.softmaxCategoricalCrossentropy(out.z, y, out.a,
                    out.gradient, from, to, rows, units, smoothing, w);
            case SPARSE_CATEGORICAL_CROSSENTROPY -> FusedLosses.softmaxSparseCategoricalCrossentropy(out.z, y, out.a,
                    out.gradient, from, to, rows, units, w);
            case BINARY_CROSSENTROPY -> FusedLosses.sigmoidBinaryCrossentropy(out.z, y, out.a, out.gradient, from,
                    to, rows, units, smoothing, w);
            case MEAN_SQUARED_ERROR -> LossKernels.meanSquaredError(y, out.a, out.gradient, from, to, rows, units, w);
            case MEAN_ABSOLUTE_ERROR -> LossKernels.meanAbsoluteError(y, out.a, out.gradient, from, to, rows, units,
                    w);
            case KL_DIVERGENCE -> LossKernels.klDivergence(y, out.a, out.gradient, from, to, rows, units, w);
            case COSINE_SIMILARITY -> LossKernels.cosineSimilarity(y, out.a, out.gradient, from, to, rows, units, w);
            case HUBER -> LossKernels.huber(y, out.a, out.gradient, from, to, rows, units, w);
            case HINGE -> LossKernels.hinge(y, out.a, out.gradient, from, to, rows, units, w);
        };
    }
}
