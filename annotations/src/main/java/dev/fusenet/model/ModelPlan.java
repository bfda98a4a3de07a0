package dev.fusenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a valid model runs: a graph of values in topological order (the declaration order, since a layer reads only
 * layers declared above it). Each step is one layer with the values it reads and the one it writes, the shapes it
 * takes and gives, and which gradients the backward pass needs. One plan drives both front ends: the annotation
 * processor writes it out as straight-line code, the runtime DSL interprets it, so the two run the same kernels in
 * the same order.
 *
 * <p>Values: each layer writes its outputs to its own buffers, except {@code Flatten}, which reads and writes
 * nothing and hands on the buffers of the layer it reads (the same values, seen flat); a value is named by the
 * index of the step whose buffers hold it. Gradients: a value's gradient is the sum of what its readers send it.
 * The backward pass visits the steps last to first; the first reader it meets writes the gradient, every later
 * one adds to it ({@link Step#addsGradient}). Nothing flows into a value that no layer with weights produced or
 * read on its way: in particular the model's input never gets a gradient.
 *
 * <p>Phases: every step runs forward, loss and backward on each shard of the batch's rows on its own, and the
 * shards meet once, for the weight gradients and the update, unless a layer needs the whole batch's statistics in
 * training ({@link LayerSpec#needsWholeBatch}, batch normalisation). There the shards meet: each computes its
 * part of the statistics, the caller combines the parts in shard order, and the shards go on
 * ({@link #trainingPhases}). Inference is row by row everywhere, one phase.
 */
public record ModelPlan(ModelSpec spec, Shape inputShape, List<Step> steps) {

    /** The buffers index of the model's input. */
    public static final int INPUT = -1;

    /**
     * One layer in the plan.
     *
     * @param inputs the shape of each value it reads, in the order it reads them
     * @param sources for each value it reads, the index of the step whose buffers hold it, or {@link #INPUT}
     * @param buffers the index of the step whose buffers hold this layer's output: itself, or for a flatten
     *     layer its source
     * @param feedsProduct whether a dense layer multiplies this layer's outputs, so they must also be where
     *     matrix products read them
     * @param gradientTo for each value it reads, whether the backward pass sends it a gradient: a layer with
     *     weights produced it or lies on its way from the input
     * @param addsGradient for each value it reads, whether its gradient adds to what another reader (visited
     *     earlier in the backward pass) already wrote there, rather than writing it
     * @param last whether it is the model's output layer
     * @param reluMovesPastPooling for a ReLU convolution whose only reader is a max pooling: the ReLU (and the
     *     bias) run on the pooled values instead, a quarter as many for 2×2 windows. Max pooling commutes with
     *     adding a per-channel bias and with ReLU, both non-decreasing (and {@code fl(z + b)} is non-decreasing in
     *     {@code z}, so the outputs are the same bits); the convolution then keeps only its product, and the
     *     pooling layer, which holds the maximum before the ReLU, sends each window's gradient to its winner
     *     where the ReLU passes it.
     */
    public record Step(int index, LayerSpec layer, List<Shape> inputs, Shape output, long parameterCount,
                       List<Integer> sources, int buffers, boolean feedsProduct, List<Boolean> gradientTo,
                       List<Boolean> addsGradient, boolean last, boolean reluMovesPastPooling) {

        public Step {
            inputs = List.copyOf(inputs);
            sources = List.copyOf(sources);
            gradientTo = List.copyOf(gradientTo);
            addsGradient = List.copyOf(addsGradient);
        }

        /** The shape of the (first) value it reads. */
        public Shape input() {
            return inputs.get(0);
        }

        /** The buffers of the (first) value it reads. */
        public int source() {
            return sources.get(0);
        }

        /** Whether the backward pass sends a gradient to any value it reads. */
        public boolean passesGradient() {
            return gradientTo.contains(true);
        }

        /** Whether its (first) input's gradient adds to one another reader wrote. */
        public boolean addsGradientToInput() {
            return addsGradient.get(0);
        }

        /** Whether the layer has weights the optimizer trains. */
        public boolean hasWeights() {
            return hasWeights(layer);
        }

        /** Whether the backward pass visits it: it has weights or sends a gradient on. */
        public boolean runsBackward() {
            return hasWeights() || passesGradient();
        }

        /** Whether the layer does any work of its own: everything but a flatten, which is a view. */
        public boolean runs() {
            return !layer.isView();
        }

            static boolean hasWeights(LayerSpec layer) {
            return layer.hasWeights();
        }
    }

    public ModelPlan {
        steps = List.copyOf(steps);
    }

    /** What a training step does to one shard's rows, in order. */
    public enum Work {
        /** A step's forward pass. */
        FORWARD,
        /** A whole-batch step's forward up to its barrier: this shard's part of the statistics. */
        FORWARD_BEFORE_BARRIER,
        /** A whole-batch step's forward after its barrier, with the batch's statistics. */
        FORWARD_AFTER_BARRIER,
        /** This shard's part of the loss, and the loss's gradient. */
        LOSS,
        /** A step's backward pass (and where its input's gradient went to a branch, adding it). */
        BACKWARD,
        /** A whole-batch step's backward up to its barrier: this shard's part of the gradient's sums. */
        BACKWARD_BEFORE_BARRIER,
        /** A whole-batch step's backward after its barrier. */
        BACKWARD_AFTER_BARRIER
    }

    /** One piece of work on step {@code step} (-1 for the loss). */
    public record Task(Work work, int step) {
    }

    /**
     * A stretch of a training step that the shards run each on their own rows, and where they meet after it: the
     * step whose statistics the caller combines ({@code meetsAt}, -1 after the last phase), forward or backward.
     */
    public record Phase(List<Task> tasks, int meetsAt, boolean meetsBackward) {

        public Phase {
            tasks = List.copyOf(tasks);
        }

        /** Whether the loss is computed in this phase. */
        public boolean computesLoss() {
            return tasks.stream().anyMatch(task -> task.work() == Work.LOSS);
        }
    }

    /**
     * The phases of a training step: forward, loss and backward in one phase when no layer needs the whole batch
     * (every model before batch normalisation), else split at each such layer's barrier, once forward and once
     * backward where its backward runs.
     */
    public List<Phase> trainingPhases() {
        List<Phase> phases = new ArrayList<>();
        List<Task> current = new ArrayList<>();
        for (Step step : steps) {
            if (step.layer().needsWholeBatch()) {
                current.add(new Task(Work.FORWARD_BEFORE_BARRIER, step.index()));
                phases.add(new Phase(current, step.index(), false));
                current = new ArrayList<>();
                current.add(new Task(Work.FORWARD_AFTER_BARRIER, step.index()));
            } else {
                current.add(new Task(Work.FORWARD, step.index()));
            }
        }
        current.add(new Task(Work.LOSS, -1));
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            if (!step.runsBackward()) {
                continue;
            }
            if (step.layer().needsWholeBatch()) {
                current.add(new Task(Work.BACKWARD_BEFORE_BARRIER, i));
                phases.add(new Phase(current, i, true));
                current = new ArrayList<>();
                current.add(new Task(Work.BACKWARD_AFTER_BARRIER, i));
            } else {
                current.add(new Task(Work.BACKWARD, i));
            }
        }
        phases.add(new Phase(current, -1, false));
        return phases;
    }

    /**
     * The plan of {@code spec}.
     *
     * @throws IllegalArgumentException listing the errors when {@link ModelRules} finds any
     */
    public static ModelPlan of(ModelSpec spec) {
        List<Problem> problems = ModelRules.check(spec);
        if (ModelRules.hasErrors(problems)) {
            throw new IllegalArgumentException("model " + spec.name() + " is not valid: " + problems);
        }
        return tryOf(spec).orElseThrow();
    }

    /** The plan when every layer's shape can be worked out, which a model without errors guarantees. */
    static Optional<ModelPlan> tryOf(ModelSpec spec) {
        List<LayerSpec> layers = spec.layers();
        Optional<Shape> declaredInput = spec.inputShape().filter(Shape::isPositive);
        if (layers.isEmpty() || declaredInput.isEmpty()) {
            return Optional.empty();
        }
        Shape inputShape = declaredInput.get();
        List<int[]> reads = Wiring.sources(spec);
        int count = layers.size();
        Shape[] outputs = new Shape[count];
        List<List<Shape>> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LayerSpec layer = layers.get(i);
            List<Shape> shapes = new ArrayList<>();
            for (int source : reads.get(i)) {
                if (source == Wiring.UNRESOLVED || (source >= 0 && outputs[source] == null)) {
                    return Optional.empty();
                }
                shapes.add(source == INPUT ? inputShape : outputs[source]);
            }
            List<String> from = shapes.stream().map(s -> "").toList();
            if (shapes.size() < layer.minInputs() || shapes.size() > layer.maxInputs()
                    || ModelRules.hasErrors(layer.checkDeclaration(i))
                    || ModelRules.hasErrors(layer.checkInputs(i, shapes, from))) {
                return Optional.empty();
            }
            inputs.add(shapes);
            outputs[i] = layer.outputShape(shapes);
        }
        // Values are buffers: a flatten's is the one it reads.
        int[] buffers = new int[count];
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] values = reads.get(i).clone();
            for (int j = 0; j < values.length; j++) {
                values[j] = values[j] == INPUT ? INPUT : buffers[values[j]];
            }
            sources.add(values);
            buffers[i] = layers.get(i).isView() ? values[0] : i;
        }
        // Readers of each value, not counting views (a flatten's readers read its source's buffers directly).
        List<List<Integer>> readersOf = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readersOf.add(new ArrayList<>());
        }
        List<Integer> inputReaders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (layers.get(i).isView()) {
                continue;
            }
            for (int value : sources.get(i)) {
                (value == INPUT ? inputReaders : readersOf.get(value)).add(i);
            }
        }
        // A value needs a gradient when a layer with weights made it or lies upstream of it.
        boolean[] needsGradient = new boolean[count];
        for (int i = 0; i < count; i++) {
            boolean upstream = false;
            for (int value : sources.get(i)) {
                upstream |= value != INPUT && needsGradient[value];
            }
            needsGradient[i] = Step.hasWeights(layers.get(i)) || upstream;
        }
        // The backward pass visits steps last to first: the first gradient sent to a value writes, the rest add.
        boolean[] written = new boolean[count];
        boolean[][] adds = new boolean[count][];
        for (int i = count - 1; i >= 0; i--) {
            int[] values = sources.get(i);
            adds[i] = new boolean[values.length];
            if (layers.get(i).isView()) {
                continue;
            }
            for (int j = 0; j < values.length; j++) {
                int value = values[j];
                if (value != INPUT && needsGradient[value]) {
                    adds[i][j] = written[value];
                    written[value] = true;
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LayerSpec layer = layers.get(i);
            int[] values = sources.get(i);
            List<Integer> valueList = new ArrayList<>();
            List<Boolean> gradientTo = new ArrayList<>();
            List<Boolean> addsGradient = new ArrayList<>();
            for (int j = 0; j < values.length; j++) {
                valueList.add(values[j]);
                gradientTo.add(values[j] != INPUT && needsGradient[values[j]]);
                addsGradient.add(adds[i][j]);
            }
            List<Integer> readers = layer.isView() ? List.of() : readersOf.get(i);
            boolean feedsProduct = buffers[i] == i
                    && readers.stream().anyMatch(reader -> layers.get(reader).multipliesItsInput());
            boolean reluMovesPastPooling = layer.canDeferBiasAndRelu() && readers.size() == 1
                    && layers.get(readers.get(0)).commutesWithBiasAndRelu();
            steps.add(new Step(i, layer, inputs.get(i), outputs[i], layer.parameterCount(inputs.get(i).get(0)),
                    valueList, buffers[i], feedsProduct, gradientTo, addsGradient, i == count - 1,
                    reluMovesPastPooling));
        }
        return Optional.of(new ModelPlan(spec, inputShape, steps));
    }

    /** Whether pooling step {@code step} applies the ReLU (and bias) of the convolution it reads. */
    public boolean poolingTakesRelu(Step step) {
        return step.layer().commutesWithBiasAndRelu() && step.source() != INPUT
                && steps.get(step.source()).reluMovesPastPooling();
    }

    /** Whether a dense layer reads the model's input, so it must also be where matrix products read it. */
    public boolean inputFeedsProduct() {
        return steps.stream().anyMatch(step -> step.layer().multipliesItsInput() && step.sources().contains(INPUT));
    }

    /**
     * Whether value {@code value} needs a branch buffer: a one-input layer that reads it adds its gradient to one
     * another reader wrote, and its kernels write gradients rather than add them. Merges add in place.
     */
    public boolean needsBranch(int value) {
        return steps.stream().anyMatch(step -> step.runs() && step.layer().maxInputs() == 1
                && step.source() == value && step.addsGradientToInput());
    }

    /**
     * For each step, the names of the layers (or the input) it reads, as declared: a layer that names none reads
     * the one before it. What a summary's "Connected to" shows.
     */
    public List<List<String>> connections() {
        List<List<String>> connections = new ArrayList<>();
        for (Step step : steps) {
            List<String> names = spec.readsOf(step.index());
            connections.add(!names.isEmpty() ? names : List.of(step.index() == 0 ? spec.inputName()
                    : steps.get(step.index() - 1).layer().name()));
        }
        return connections;
    }

    /** The values in one input sample. */
    public int inputSize() {
        return Math.toIntExact(inputShape.size());
    }

    /** The values in one output sample. */
    public int outputSize() {
        return Math.toIntExact(output().output().size());
    }

    /** The output layer's step. */
    public Step output() {
        return steps.get(steps.size() - 1);
    }

    /**
     * The values per sample of the largest working buffer: the input, a layer's output, or a convolution's patch
     * matrix. It bounds the batch size: a batch's buffers are Java arrays.
     */
    public long largestSampleBuffer() {
        long largest = inputShape.size();
        for (Step step : steps) {
            largest = Math.max(largest, step.layer().workingValues(step.input(), step.output()));
        }
        return largest;
    }

    /** The total number of trainable parameters. */
    public long parameterCount() {
        return steps.stream().mapToLong(Step::parameterCount).sum();
    }
}
