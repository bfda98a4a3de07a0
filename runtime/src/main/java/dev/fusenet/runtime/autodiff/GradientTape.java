package dev.fusenet.runtime.autodiff;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.ops.Op;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records the operations on watched tensors and variables so that it can differentiate through them,
 * as TensorFlow's {@code tf.GradientTape}.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3.0f);
 * try (GradientTape tape = new GradientTape()) {
 *     tape.watch(x);
 *     Tensor y = x.square().mul(2).add(3);      // y = 2x² + 3
 *     Tensor dyDx = tape.gradient(y, x);         // 12.0
 * }
 * }</pre>
 *
 * <p>A tape records from construction until {@link #close()}; {@link #gradient} may be called inside or after
 * that block (declare the tape before a {@code try (tape)} to use it after). A non-scalar target is
 * differentiated as the sum of its elements. A non-persistent tape answers one {@code gradient} call and then
 * releases what it recorded; a {@linkplain #persistent() persistent} one answers any number. Tapes nest: the
 * backward computation of an inner tape is recorded by the outer ones, which gives higher derivatives.
 * A tape belongs to the thread that created it.
 */
public final class GradientTape implements AutoCloseable {

    /** One recorded op application. */
    private record Node(Op op, Tensor[] inputs, Tensor output) {
    }

    private final boolean persistent;
    private final boolean watchAccessedVariables;
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Variable, List<Tensor>> variableReads = new LinkedHashMap<>();
    private boolean recording;
    private boolean paused;
    private boolean released;

    /** A non-persistent tape that watches the trainable variables read while it records. */
    public GradientTape() {
        this(false, true);
    }

    /**
     * @param persistent whether {@link #gradient} may be called more than once
     * @param watchAccessedVariables whether trainable variables read while recording are watched automatically
     */
    public GradientTape(boolean persistent, boolean watchAccessedVariables) {
        this.persistent = persistent;
        this.watchAccessedVariables = watchAccessedVariables;
        this.recording = true;
        Recording.start(this);
    }

    /** A persistent tape: {@code tf.GradientTape(persistent=True)}. */
    public static GradientTape persistent() {
        return new GradientTape(true, true);
    }

    /**
     * Records the operations on these tensors from now on.
     *
     * @throws IllegalArgumentException for a tensor that is not floating-point (it has no gradient)
     * @throws IllegalStateException when the tape is closed
     */
    public void watch(Tensor... tensors) {
        requireRecording();
        for (Tensor tensor : tensors) {
            if (!tensor.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("GradientTape.watch: gradients are defined for floating-point "
                        + "tensors only, got " + tensor.dtype() + " " + Shapes.format(tensor.shape())
                        + "; cast it first, e.g. castTo(DType.FLOAT32)");
            }
            tracked.add(tensor);
        }
    }

    /** Records the operations on these variables' values from now on, even with automatic watching off. */
    public void watch(Variable... variables) {
        requireRecording();
        for (Variable variable : variables) {
            Tensor value = variable.peek();
            watch(value);
            noteRead(variable, value);
        }
    }

    private void requireRecording() {
        if (!recording) {
            throw new IllegalStateException("GradientTape.watch: this tape is closed and records nothing more; "
                    + "watch inside its try block, before computing with the tensor");
        }
    }

    /** The variables this tape has watched, in the order it first saw them. */
    public List<Variable> watchedVariables() {
        return List.copyOf(variableReads.keySet());
    }

    /**
     * d(target)/d(source), shaped and typed like the source: zeros where the tape recorded the source but the
     * target does not depend on it.
     *
     * @throws IllegalStateException when the tape has no record of the source or of the target (see
     *     {@link #gradient(Tensor, Tensor...)})
     */
    public Tensor gradient(Tensor target, Tensor source) {
        return gradient(target, new Tensor[] {source})[0];
    }

    /**
     * One gradient per source, shaped and typed like it: zeros where the tape recorded the source but the target
     * does not depend on it.
     *
     * <p>A source or target the tape has no record of is an error rather than zeros, because zeros there almost
     * always mean a mistake that would let an optimizer stop learning without a word: a tensor never watched, ops
     * run after {@link #close()} or on another thread. Pass {@link UnconnectedGradients#ZERO} to get zeros anyway.
     *
     * @throws IllegalStateException naming the source or target and what to do
     */
    public Tensor[] gradient(Tensor target, Tensor... sources) {
        for (int i = 0; i < sources.length; i++) {
            if (!tracked.contains(sources[i])) {
                throw unrecorded("source " + i + " " + describe(sources[i]) + " was never watched by this tape",
                        "call tape.watch(source) before computing with it, inside the tape's block and on its thread");
            }
        }
        requireRecordedTarget(target);
        return gradient(target, sources, UnconnectedGradients.ZERO);
    }

    /** One gradient per source; {@code unconnected} says what a source the target does not depend on gets. */
    public Tensor[] gradient(Tensor target, Tensor[] sources, UnconnectedGradients unconnected) {
        Map<Tensor, Tensor> gradients = backpropagate(target);
        Tensor[] result = new Tensor[sources.length];
        for (int i = 0; i < sources.length; i++) {
            result[i] = orUnconnected(gradients.get(sources[i]), sources[i], unconnected);
        }
        return result;
    }

    /** d(target)/d(variable), shaped and typed like the variable; the rules of {@link #gradient(Tensor, List)}. */
    public Tensor gradient(Tensor target, Variable source) {
        return gradient(target, List.of(source)).get(0);
    }

    /** One gradient per variable, shaped and typed like it; the rules of {@link #gradient(Tensor, List)}. */
    public Tensor[] gradient(Tensor target, Variable... sources) {
        return gradient(target, Arrays.asList(sources)).toArray(Tensor[]::new);
    }

    /**
     * One gradient per variable, in the list's order, as an optimizer takes them: zeros for a variable the tape
     * saw read but the target does not depend on.
     *
     * @throws IllegalStateException for a variable the tape never saw read (its value read before the tape was
     *     created, or on another thread, or a tape that does not watch accessed variables and was not told to
     *     {@link #watch(Variable...)} it) or a target it did not record; pass {@link UnconnectedGradients#ZERO}
     *     to get zeros anyway
     */
    public List<Tensor> gradient(Tensor target, List<Variable> sources) {
        for (Variable variable : sources) {
            if (!variableReads.containsKey(variable) && !variable.trainable()) {
                throw unrecorded("variable " + variable.name() + " is not trainable, and a tape watches only "
                        + "trainable variables when they are read", "call tape.watch(variable) to differentiate "
                        + "with respect to it");
            }
            if (!variableReads.containsKey(variable)) {
                String why = watchAccessedVariables
                        ? "was not read while this tape recorded"
                        : "was not watched, and this tape does not watch the variables it sees read";
                String fix = watchAccessedVariables
                        ? "read variable.value() inside the tape's block and on its thread (a value read before "
                                + "the tape was created is a constant to it), or call tape.watch(variable)"
                        : "call tape.watch(variable) before computing with it";
                throw unrecorded("variable " + variable.name() + " " + why, fix);
            }
        }
        requireRecordedTarget(target);
        return gradient(target, sources, UnconnectedGradients.ZERO);
    }

    /** One gradient per variable; {@code unconnected} says what a variable the target does not depend on gets. */
    public List<Tensor> gradient(Tensor target, List<Variable> sources, UnconnectedGradients unconnected) {
        Map<Tensor, Tensor> gradients = backpropagate(target);
        List<Tensor> result = new ArrayList<>(sources.size());
        for (Variable variable : sources) {
            Tensor sum = null;
            // A variable assigned while recording was read as several tensors: its gradient is their sum.
            for (Tensor read : variableReads.getOrDefault(variable, List.of())) {
                Tensor part = gradients.get(read);
                if (part != null) {
                    sum = sum == null ? part : sum.add(part);
                }
            }
            result.add(orUnconnected(sum, variable.peek(), unconnected));
        }
        return result;
    }

    /**
     * Stops recording until the returned handle is closed ({@code tape.stop_recording()}):
     * {@code try (var paused = tape.stopRecording()) { ... }}.
     */
    public Resumption stopRecording() {
        boolean wasPaused = paused;
        paused = true;
        return () -> paused = wasPaused;
    }

    /** Forgets everything recorded so far, as {@code tape.reset()}. */
    public void reset() {
        tracked.clear();
        nodes.clear();
        variableReads.clear();
        released = false;
    }

    /** Stops recording. The gradients of what was recorded can still be asked for. */
    @Override
    public void close() {
        if (recording) {
            recording = false;
            Recording.stop(this);
        }
    }

    /** What {@link #stopRecording()} returns: closing it resumes recording. */
    @FunctionalInterface
    public interface Resumption extends AutoCloseable {
        @Override
        void close();
    }

    void offer(Op op, Tensor[] inputs, Tensor output) {
        if (paused || !output.dtype().isFloatingPoint()) {
            return;
        }
        for (Tensor input : inputs) {
            if (tracked.contains(input)) {
                tracked.add(output);
                nodes.add(new Node(op, inputs.clone(), output));
                return;
            }
        }
    }

    void variableRead(Variable variable, Tensor value) {
        if (watchAccessedVariables && !paused) {
            tracked.add(value);
            noteRead(variable, value);
        }
    }

    private void noteRead(Variable variable, Tensor value) {
        List<Tensor> reads = variableReads.computeIfAbsent(variable, v -> new ArrayList<>());
        if (reads.stream().noneMatch(read -> read == value)) {
            reads.add(value);
        }
    }

    private Map<Tensor, Tensor> backpropagate(Tensor target) {
        if (released) {
            throw new IllegalStateException("GradientTape.gradient: this tape is not persistent and has already "
                    + "computed a gradient; create it with GradientTape.persistent() to ask for several");
        }
        Map<Tensor, Tensor> gradients = new IdentityHashMap<>();
        if (tracked.contains(target)) {
            gradients.put(target, target.onesLike());
            // The backward pass is not part of what this tape differentiates; outer tapes still record it.
            try (Resumption ignored = stopRecording()) {
                for (int i = nodes.size() - 1; i >= 0; i--) {
                    propagate(nodes.get(i), gradients);
                }
            }
        }
        if (!persistent) {
            released = true;
            nodes.clear();
        }
        return gradients;
    }

    private void propagate(Node node, Map<Tensor, Tensor> gradients) {
        Tensor upstream = gradients.get(node.output());
        if (upstream == null) {
            return;
        }
        Tensor[] inputs = node.inputs();
        boolean[] needed = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needed[i] = tracked.contains(inputs[i]);
        }
        Tensor[] inputGradients = node.op().backward(inputs, node.output(), upstream, needed);
        for (int i = 0; i < inputs.length; i++) {
            Tensor gradient = inputGradients[i];
            if (gradient == null || !tracked.contains(inputs[i])) {
                continue;
            }
            if (!Arrays.equals(gradient.shape(), inputs[i].shape())) {
                throw new IllegalStateException("fusenet bug: the backward of " + node.op().opName() + " gave a "
                        + Shapes.format(gradient.shape()) + " gradient for a " + Shapes.format(inputs[i].shape())
                        + " input");
            }
            gradients.merge(inputs[i], gradient.castTo(inputs[i].dtype()), Tensor::add);
        }
    }

    private void requireRecordedTarget(Tensor target) {
        if (!tracked.contains(target)) {
            throw unrecorded("the target " + describe(target) + " was not computed from anything this tape watched "
                    + "while it recorded: computed after close() or outside the tape's block, on another thread, "
                    + "while recording was stopped, or from constants only",
                    "compute it inside the tape's block from watched tensors or variables read there");
        }
    }

    private static IllegalStateException unrecorded(String what, String fix) {
        return new IllegalStateException("GradientTape.gradient: " + what + ", so the tape cannot tell its gradient "
                + "from zero; " + fix + ". Pass UnconnectedGradients.ZERO to get zeros for what it did not record.");
    }

    private static String describe(Tensor tensor) {
        return tensor.dtype() + " " + Shapes.format(tensor.shape());
    }

    private static Tensor orUnconnected(Tensor gradient, Tensor source, UnconnectedGradients unconnected) {
        if (gradient != null) {
            return gradient;
        }
        return unconnected == UnconnectedGradients.ZERO ? source.zerosLike() : null;
    }
}
