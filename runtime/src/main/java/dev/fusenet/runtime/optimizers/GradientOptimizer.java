package dev.fusenet.runtime.optimizers;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.tensor.Shapes;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer: updates parameters from their gradients, as Keras's optimizers do, with Keras's defaults.
 *
 * <p>Each optimizer's formula exists once, as a fused kernel over raw float buffers:
 * {@link #update(float[], float[], float[][], int, int)}. Generated training code calls it directly, without
 * allocating, between {@link #beginStep()} and {@link #endStep()}:
 *
 * <pre>{@code
 * optimizer.beginStep();                                        // this step's learning rate and corrections
 * optimizer.update(kernel, kernelGradient, kernelSlots, 0, kernel.length);
 * optimizer.update(bias, biasGradient, biasSlots, 0, bias.length);
 * optimizer.endStep();                                          // iterations + 1
 * }</pre>
 *
 * <p>The tape path, {@link #applyGradients(List, List)}, runs the same kernel on each variable's values. Each
 * parameter has {@link #slotNames()} state buffers ("momentum", "velocity", ...), made by {@link #newSlots(int)}.
 * Arithmetic and state are float32; float16 and float64 variables are converted to float32 and back.
 */
public abstract class GradientOptimizer {

    /** Hyperparameters every optimizer has: the learning rate (or a schedule) and decoupled weight decay. */
    public abstract static class Settings<S extends Settings<S>> {
        private LearningRateSchedule learningRate;
        private double constantLearningRate;
        private double weightDecay;

        protected Settings(double defaultLearningRate, double defaultWeightDecay) {
            this.constantLearningRate = defaultLearningRate;
            this.weightDecay = defaultWeightDecay;
        }

        /** A constant learning rate. */
        public S learningRate(double learningRate) {
            this.constantLearningRate = learningRate;
            this.learningRate = null;
            return self();
        }

        /** A learning rate that changes with the step count. */
        public S learningRate(LearningRateSchedule schedule) {
            this.learningRate = schedule;
            return self();
        }

        /**
         * Decoupled weight decay: before each update, {@code p -= p · weightDecay · learningRate}
         * (Keras's {@code weight_decay}; Loshchilov and Hutter, 2017). 0 turns it off.
         */
        public S weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return self();
        }

        @SuppressWarnings("unchecked")
        private S self() {
            return (S) this;
        }
    }

    private final String name;
    private final LearningRateSchedule learningRate;
    /** What callbacks multiplied the schedule's rate by; exactly 1 otherwise, so the product is the rate's bits. */
    private double learningRateScale = 1.0;
    private final float weightDecay;
    private final Map<Variable, float[][]> variableSlots = new IdentityHashMap<>();
    private long iterations;
    private boolean inStep;
    /** The learning rate of the step in progress, set by {@link #beginStep()}. */
    protected float stepLearningRate;

    protected GradientOptimizer(String name, Settings<?> settings) {
        this.name = name;
        this.learningRate = settings.learningRate != null ? settings.learningRate
                : LearningRateSchedule.constant(Hyperparameters.requirePositive(name, "learningRate",
                        settings.constantLearningRate));
        this.weightDecay = (float) Hyperparameters.requireNonNegative(name, "weightDecay", settings.weightDecay);
    }

    /** The optimizer's name, as Keras's class name: {@code "RMSprop"}. */
    public String name() {
        return name;
    }

    /** How many updates this optimizer has made (Keras's {@code iterations}). */
    public long iterations() {
        return iterations;
    }

    /** Sets the update count, e.g. when restoring a saved optimizer; the schedule and corrections follow it. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(name + ": iterations must be zero or more, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** The learning rate the next update will use: the schedule's, times the scale callbacks set. */
    public double currentLearningRate() {
        return learningRate.at(iterations) * learningRateScale;
    }

    /**
     * Sets the learning rate the next update uses, as assigning Keras's {@code optimizer.learning_rate} (what
     * {@code ReduceLROnPlateau} and {@code LearningRateScheduler} do). A per-step schedule goes on from there:
     * the schedule's rate is multiplied by {@code rate / schedule(iterations)} from now on.
     *
     * @throws IllegalArgumentException for a rate that is not positive and finite
     */
    public void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(name + ": the learning rate must be positive and finite, got " + rate);
        }
        learningRateScale = rate / learningRate.at(iterations);
    }

    /** The factor callbacks have applied to the schedule's rate (1 unless one changed it); checkpoints keep it. */
    public double learningRateScale() {
        return learningRateScale;
    }

    /** Restores a factor {@link #learningRateScale()} gave, e.g. from a checkpoint. */
    public void setLearningRateScale(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(name + ": the learning-rate scale must be positive and finite, got "
                    + scale);
        }
        learningRateScale = scale;
    }

    public LearningRateSchedule learningRateSchedule() {
        return learningRate;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** The names of the per-parameter state buffers, in the order {@link #update} takes them. */
    public abstract List<String> slotNames();

    /** The value a state buffer starts at (0 unless the optimizer says otherwise, as Adagrad's accumulator). */
    protected float initialSlotValue(int slot) {
        return 0f;
    }

    /** Fresh state buffers for a parameter of {@code size} elements: {@code slots[slot][element]}. */
    public final float[][] newSlots(int size) {
        float[][] slots = new float[slotNames().size()][size];
        for (int slot = 0; slot < slots.length; slot++) {
            Arrays.fill(slots[slot], initialSlotValue(slot));
        }
        return slots;
    }

    /** Starts an update step: fixes this step's learning rate and the optimizer's per-step scalars. */
    public final void beginStep() {
        if (inStep) {
            throw new IllegalStateException(name + ": beginStep called twice without endStep");
        }
        inStep = true;
        stepLearningRate = (float) (learningRate.at(iterations) * learningRateScale);
        prepareStep(iterations + 1);
    }

    /** Computes the scalars of update number {@code step} (1 for the first), e.g. Adam's bias corrections. */
    protected void prepareStep(long step) {
    }

    /**
     * The fused update of elements {@code [offset, offset + length)} of one parameter, in place: weight decay,
     * then the optimizer's formula, reading the gradient and updating the state buffers. Allocates nothing.
     */
    public final void update(float[] parameter, float[] gradient, float[][] slots, int offset, int length) {
        if (!inStep) {
            throw new IllegalStateException(name + ": call beginStep() before update()");
        }
        int end = offset + length;
        if (weightDecay != 0f) {
            float decay = 1f - weightDecay * stepLearningRate;
            for (int i = offset; i < end; i++) {
                parameter[i] *= decay;
            }
        }
        apply(parameter, gradient, slots, offset, end);
    }

    /** The optimizer's formula over elements {@code [from, to)}. */
    protected abstract void apply(float[] parameter, float[] gradient, float[][] slots, int from, int to);

    /** Ends the update step: the iteration count goes up by one. */
    public final void endStep() {
        if (!inStep) {
            throw new IllegalStateException(name + ": endStep called without beginStep");
        }
        inStep = false;
        iterations++;
    }

    /**
     * One update of each variable from its gradient, as Keras's {@code optimizer.apply_gradients}: the tape path.
     *
     * @throws IllegalArgumentException when the lists differ in length or a gradient's shape differs from its
     *     variable's; no variable is changed then
     */
    public void applyGradients(List<Variable> variables, List<Tensor> gradients) {
        if (variables.size() != gradients.size()) {
            throw new IllegalArgumentException(name + ".applyGradients: " + variables.size() + " variables but "
                    + gradients.size() + " gradients");
        }
        for (int i = 0; i < variables.size(); i++) {
            Variable variable = variables.get(i);
            Tensor gradient = gradients.get(i);
            if (!Arrays.equals(variable.shape(), gradient.shape())) {
                throw new IllegalArgumentException(name + ".applyGradients: the gradient of " + variable.name()
                        + " is " + Shapes.format(gradient.shape()) + " but the variable is "
                        + Shapes.format(variable.shape()));
            }
        }
        beginStep();
        try {
            for (int i = 0; i < variables.size(); i++) {
                Variable variable = variables.get(i);
                Tensor value = variable.value();
                int length = Math.toIntExact(value.size());
                // The update writes a new array: a variable's value never changes in place, so a tensor read from
                // it earlier keeps its values (as TensorFlow's reads do). It stays on the heap, where the next
                // step's kernels read it, instead of a new off-heap buffer that only a garbage collection frees.
                float[] values = new float[length];
                value.copyInto(values);
                Tensor gradient = gradients.get(i);
                float[] gradientValues = gradient.dtype() == DType.FLOAT32 ? gradient.readFloats()
                        : gradient.toFloatArray();
                float[][] slots = variableSlots.computeIfAbsent(variable, v -> newSlots(length));
                update(values, gradientValues, slots, 0, length);
                DType dtype = variable.dtype();
                variable.assign(dtype == DType.FLOAT32 ? Tensor.wrap(values, variable.shape())
                        : Tensor.of(values, variable.shape()).reshape(variable.shape()).castTo(dtype));
            }
        } finally {
            endStep();
        }
    }

    /** The state buffers this optimizer keeps for {@code variable} on the tape path (null before its first update). */
    public float[][] slotsOf(Variable variable) {
        return variableSlots.get(variable);
    }

    @Override
    public String toString() {
        return name + "(learningRate=" + learningRate + ", weightDecay=" + weightDecay + ")";
    }
}
