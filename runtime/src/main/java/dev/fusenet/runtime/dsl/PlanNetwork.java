package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Loss;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.TrainingSpec;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.InferenceBuffers;
import dev.fusenet.runtime.compiled.InterpretedLayer;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.compiled.LossKernels;
import dev.fusenet.runtime.compiled.Shards;
import dev.fusenet.runtime.compiled.StepMemory;
import dev.fusenet.runtime.losses.FusedLosses;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.List;

/**
 * The training step and forward pass of a DSL model: the {@link ModelPlan} that the annotation processor writes
 * out as code for a {@code @Compile} type, interpreted. Each layer runs its own kernels ({@link InterpretedLayer}),
 * in the same order on the same buffers as the generated code of that architecture, so both front ends train to
 * the same weights at the same speed, sharded the same way over both cores; only the call through the interface
 * happens at run time, once per layer, shard and step. It names no layer kind: the plan says what each step reads,
 * where its gradients go and which fusions apply.
 */
final class PlanNetwork implements CompiledModelSupport.Network {

    private final ModelPlan plan;
    /** The plan's steps and the layers, as arrays: a training step walks them without an iterator. */
    private final ModelPlan.Step[] steps;
    private final InterpretedLayer[] layers;
    private final int outputIndex;
    private final int outputSize;
    private final GradientOptimizer optimizer;
    private final TrainingSpec training;
    /** The training step's phases; one (no layer needs the whole batch) runs as {@link #backpropagate(Buffers, int)}. */
    private final ModelPlan.Phase[] phases;
    private final BatchBufferCache<Buffers> buffers = new BatchBufferCache<>(Buffers::new);
    /** Working memory of inference, one set per call in progress, as the generated class's. */
    private final InferenceBuffers<Buffers> inferenceBuffers = new InferenceBuffers<>(Buffers::new);

    PlanNetwork(ModelPlan plan, List<Layer> layers, GradientOptimizer optimizer) {
        this.plan = plan;
        this.steps = plan.steps().toArray(new ModelPlan.Step[0]);
        this.layers = layers.stream().map(InterpretedLayer.class::cast).toArray(InterpretedLayer[]::new);
        this.outputIndex = plan.output().index();
        this.outputSize = plan.outputSize();
        this.optimizer = optimizer;
        this.training = plan.spec().training();
        this.phases = plan.trainingPhases().toArray(new ModelPlan.Phase[0]);
    }

    /** The working memory of one batch size, as the generated {@code Buffers} class holds it. */
    private final class Buffers {
        final int rows;
        /** The batch's inputs where a product reads them, or null. */
        final LayerBuffers input;
        final LayerBuffers[] outputs;
        /** Each step's view of this memory. */
        final StepMemory[] memory;
        final double[] losses = new double[Shards.COUNT];
        final Shards.Task backpropagate = shard -> backpropagate(this, shard);
        final Shards.Task update = part -> update(this, part, true);
        final Shards.Task gradients = part -> update(this, part, false);
        final Shards.Task infer = shard -> infer(this, shard);
        /** Each training phase's task, where there are several. */
        final Shards.Task[] phaseTasks = new Shards.Task[phases.length];
        float[] x;
        float[] y;
        float[] weights;

        Buffers(int rows) {
            this.rows = rows;
            int count = steps.length;
            input = plan.inputFeedsProduct() ? new LayerBuffers(rows, plan.inputSize()) : null;
            outputs = new LayerBuffers[count];
            LayerBuffers[] branches = new LayerBuffers[count];
            for (ModelPlan.Step step : steps) {
                int i = step.index();
                outputs[i] = layers[i].outputBuffers(step, rows);
                if (plan.needsBranch(i)) {
                    branches[i] = new LayerBuffers(rows, Math.toIntExact(step.output().size()));
                }
            }
            for (int p = 0; p < phases.length; p++) {
                ModelPlan.Phase phase = phases[p];
                phaseTasks[p] = shard -> runPhase(this, phase, shard);
            }
            memory = new StepMemory[count];
            boolean fused = fusedLoss();
            for (ModelPlan.Step step : steps) {
                int i = step.index();
                int reads = step.sources().size();
                float[][] values = new float[reads][];
                float[][] gradients = new float[reads][];
                for (int k = 0; k < reads; k++) {
                    int source = step.sources().get(k);
                    values[k] = source == ModelPlan.INPUT ? null : outputs[source].a;
                    gradients[k] = step.gradientTo().get(k) ? outputs[source].gradient : null;
                }
                int first = step.source();
                LayerBuffers firstInput = first == ModelPlan.INPUT ? input : outputs[first];
                LayerBuffers target = step.passesGradient() && step.addsGradientToInput() ? branches[first]
                        : firstInput;
                memory[i] = new StepMemory(step, outputs[i], firstInput, values, gradients, target,
                        layers[i].workspace(step, rows), first == ModelPlan.INPUT ? null : layers[first],
                        step.last() && fused, plan.poolingTakesRelu(step), optimizer::iterations);
            }
        }

        /** The batch's mean loss: the shards' parts added up, in shard order. */
        double loss() {
            double loss = 0;
            for (double part : losses) {
                loss += part;
            }
            return loss;
        }

        /** Points every step that reads the model's input at the batch {@code x}: before the shards run. */
        void setInputs(float[] batch) {
            x = batch;
            for (StepMemory step : memory) {
                step.bindBatch(batch);
            }
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
            Shards.run(b.infer, rows);
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
            forward(b.memory[i], shard, from, to, true);
        }
        b.losses[shard] = loss(b.outputs[outputIndex], b.y, b.weights, from, to, b.rows, outputSize);
        for (int i = steps.length - 1; i >= 0; i--) {
            ModelPlan.Step step = steps[i];
            if (step.hasWeights() || step.passesGradient()) {
                StepMemory memory = b.memory[i];
                layers[i].backward(memory, shard, from, to);
                if (step.layer().maxInputs() == 1 && memory.gradientTarget != memory.input) {
                    // the gradient went to the input's branch buffer: it adds to what the other readers sent
                    memory.input.addGradient(memory.gradientTarget, from, to);
                }
            }
        }
    }

    /** One training phase on shard {@code shard}'s rows: the same work, in the same order, as the generated phase. */
    private void runPhase(Buffers b, ModelPlan.Phase phase, int shard) {
        int from = Shards.from(shard, b.rows);
        int to = Shards.to(shard, b.rows);
        if (from == to) {
            if (phase.computesLoss()) {
                b.losses[shard] = 0;
            }
            return;
        }
        List<ModelPlan.Task> tasks = phase.tasks();
        // indexed, not for-each: an iterator per phase and shard would be the step's only allocation
        for (int t = 0; t < tasks.size(); t++) {
            ModelPlan.Task task = tasks.get(t);
            switch (task.work()) {
                case FORWARD -> {
                    if (task.step() == 0 && b.input != null) {
                        b.input.load(b.x, shard);
                    }
                    forward(b.memory[task.step()], shard, from, to, true);
                }
                case FORWARD_BEFORE_BARRIER -> {
                    if (task.step() == 0 && b.input != null) {
                        b.input.load(b.x, shard);
                    }
                    wholeBatch(task.step()).forwardBeforeBarrier(b.memory[task.step()], shard, from, to);
                }
                case FORWARD_AFTER_BARRIER -> {
                    StepMemory memory = b.memory[task.step()];
                    wholeBatch(task.step()).forwardAfterBarrier(memory, shard, from, to);
                    if (memory.step.feedsProduct()) {
                        memory.out.pushActivations(shard);
                    }
                }
                case LOSS -> b.losses[shard] = loss(b.outputs[outputIndex], b.y, b.weights, from, to, b.rows,
                        outputSize);
                case BACKWARD -> backward(b.memory[task.step()], shard, from, to);
                case BACKWARD_BEFORE_BARRIER -> wholeBatch(task.step()).backwardBeforeBarrier(b.memory[task.step()],
                        shard, from, to);
                case BACKWARD_AFTER_BARRIER -> {
                    StepMemory memory = b.memory[task.step()];
                    wholeBatch(task.step()).backwardAfterBarrier(memory, shard, from, to);
                    addBranch(memory, from, to);
                }
            }
        }
    }

    private dev.fusenet.runtime.compiled.WholeBatchLayer wholeBatch(int step) {
        return (dev.fusenet.runtime.compiled.WholeBatchLayer) layers[step];
    }

    private void backward(StepMemory memory, int shard, int from, int to) {
        layers[memory.step.index()].backward(memory, shard, from, to);
        addBranch(memory, from, to);
    }

    /** Where the input's gradient went to its branch buffer: adds it to what the other readers sent. */
    private static void addBranch(StepMemory memory, int from, int to) {
        if (memory.step.layer().maxInputs() == 1 && memory.step.passesGradient()
                && memory.gradientTarget != memory.input) {
            memory.input.addGradient(memory.gradientTarget, from, to);
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
            forward(b.memory[i], shard, from, to, false);
        }
    }

    private void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        layers[memory.step.index()].forward(memory, shard, from, to, training);
        if (memory.step.feedsProduct()) {
            memory.out.pushActivations(shard);
        }
    }

    /** Part {@code part} of every weight's gradient, and with {@code apply} the optimizer's update of it. */
    private void update(Buffers b, int part, boolean apply) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].hasWeights()) {
                layers[i].weightGradient(b.memory[i], part);
                if (apply) {
                    layers[i].update(optimizer, part);
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
        if (phases.length == 1) {
            Shards.run(b.backpropagate);
            return b;
        }
        for (int p = 0; p < phases.length; p++) {
            Shards.run(b.phaseTasks[p]);
            ModelPlan.Phase phase = phases[p];
            if (phase.meetsAt() >= 0) {
                StepMemory memory = b.memory[phase.meetsAt()];
                if (phase.meetsBackward()) {
                    wholeBatch(phase.meetsAt()).meetBackward(memory, rows);
                } else {
                    wholeBatch(phase.meetsAt()).meetForward(memory, rows);
                }
            }
        }
        return b;
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
