package dev.fusenet.runtime.compiled;

import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Layer normalisation of a compiled model over the last axis, as Keras's: each position's row of channels gets
 * {@code x̂ = (x - mean) · rsqrt(variance + epsilon)} from its own mean and biased variance (summed in float64),
 * then {@code y = x̂ · gamma + beta}. With {@code g = dy · gamma}, the input's gradient is
 * {@code rsqrt(variance + epsilon) · (g - mean(g) - x̂ · mean(g · x̂))} over the row; {@code dgamma = Σ dy · x̂} and
 * {@code dbeta = Σ dy} over every row of the batch, in row order, so the same bits on one core or two. The same in
 * training and at inference: it needs no meeting of the shards.
 */
public final class LayerNormalizationLayer implements InterpretedLayer {

    private final String name;
    private final Shape shape;
    private final int channels;
    private final int positions;
    private final double epsilon;
    private final Weight gamma;
    private final Weight beta;
    private final List<Weight> weights = new ArrayList<>();

    public LayerNormalizationLayer(String name, Shape shape, double epsilon, boolean center, boolean scale) {
        this.name = name;
        this.shape = shape;
        this.channels = shape.dim(shape.rank() - 1);
        this.positions = Math.toIntExact(shape.size() / channels);
        this.epsilon = epsilon;
        long[] perChannel = {channels};
        this.gamma = scale ? new Weight("gamma", perChannel, true) : null;
        this.beta = center ? new Weight("beta", perChannel, true) : null;
        if (gamma != null) {
            java.util.Arrays.fill(gamma.values, 1f);
            weights.add(gamma);
        }
        if (beta != null) {
            weights.add(beta);
        }
    }

    /** Working memory for batches of {@code rows}: each row's rsqrt(variance + epsilon), for the backward. */
    public float[] inverses(int rows) {
        return new float[Math.multiplyExact(rows, positions)];
    }

    /**
     * Samples {@code [from, to)}: {@code normalised = x̂}, {@code out = x̂ · gamma + beta}, and each row's inverse
     * standard deviation in {@code inverses}.
     */
    public void forward(float[] in, float[] normalised, float[] out, float[] inverses, int from, int to) {
        for (int row = from * positions, end = to * positions; row < end; row++) {
            int start = row * channels;
            double sum = 0;
            double squares = 0;
            for (int c = 0; c < channels; c++) {
                double v = in[start + c];
                sum += v;
                squares += v * v;
            }
            double mean = sum / channels;
            double variance = Math.max(squares / channels - mean * mean, 0);
            float inverse = (float) (1 / Math.sqrt(variance + epsilon));
            float centre = (float) mean;
            inverses[row] = inverse;
            for (int c = 0; c < channels; c++) {
                int i = start + c;
                float x = (in[i] - centre) * inverse;
                normalised[i] = x;
                out[i] = (gamma == null ? x : x * gamma.values[c]) + (beta == null ? 0f : beta.values[c]);
            }
        }
    }

    /** Samples {@code [from, to)}: the input's gradient, written, from the output's and the forward's x̂. */
    public void backward(float[] gradient, float[] normalised, float[] inverses, float[] inGradient, int from,
                         int to) {
        for (int row = from * positions, end = to * positions; row < end; row++) {
            int start = row * channels;
            double sum = 0;
            double products = 0;
            for (int c = 0; c < channels; c++) {
                double g = gamma == null ? gradient[start + c] : gradient[start + c] * gamma.values[c];
                sum += g;
                products += g * normalised[start + c];
            }
            float meanGradient = (float) (sum / channels);
            float meanProduct = (float) (products / channels);
            float inverse = inverses[row];
            for (int c = 0; c < channels; c++) {
                int i = start + c;
                float g = gamma == null ? gradient[i] : gradient[i] * gamma.values[c];
                inGradient[i] = inverse * (g - meanGradient - normalised[i] * meanProduct);
            }
        }
    }

    /**
     * Part {@code part} of the channels: {@code dgamma = Σ dy · x̂}, {@code dbeta = Σ dy} over the batch's
     * {@code rows} samples, every position, in order.
     */
    public void weightGradient(float[] gradient, float[] normalised, int rows, int part) {
        int first = Shards.from(part, channels);
        int last = Shards.to(part, channels);
        for (int c = first; c < last; c++) {
            double products = 0;
            double sum = 0;
            for (int row = 0, end = rows * positions; row < end; row++) {
                int i = row * channels + c;
                products += (double) gradient[i] * normalised[i];
                sum += gradient[i];
            }
            if (gamma != null) {
                gamma.gradient[c] = (float) products;
            }
            if (beta != null) {
                beta.gradient[c] = (float) sum;
            }
        }
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "LayerNormalization";
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public List<Weight> weights() {
        return weights;
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public Object workspace(ModelPlan.Step step, int rows) {
        return inverses(rows);
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forward(memory.in(), memory.out.z, memory.out.a, (float[]) memory.workspace, from, to);
    }

    @Override
    public void backward(StepMemory memory, int shard, int from, int to) {
        if (memory.step.passesGradient()) {
            backward(memory.out.gradient, memory.out.z, (float[]) memory.workspace, memory.gradientTarget.gradient,
                    from, to);
        }
    }

    @Override
    public void weightGradient(StepMemory memory, int part) {
        weightGradient(memory.out.gradient, memory.out.z, memory.out.rows, part);
    }

    /** The layer of a plan's layer-normalisation step. */
    static LayerNormalizationLayer of(ModelPlan.Step step, SplittableRandom random) {
        LayerNormalizationSpec spec = (LayerNormalizationSpec) step.layer();
        return new LayerNormalizationLayer(spec.name(), step.output(), spec.epsilon(), spec.center(), spec.scale());
    }
}
