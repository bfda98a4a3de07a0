package dev.fusenet.runtime.compiled;

import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalisation of a compiled model over the last axis, as Keras's: in training, {@code x̂ = (x - mean) ·
 * rsqrt(variance + epsilon)} with the batch's mean and biased variance per channel, {@code y = x̂ · gamma + beta},
 * and the moving statistics updated as {@code moving · momentum + batch · (1 - momentum)}; at inference the same
 * with the moving statistics. The backward is the usual one of the normalisation over the batch,
 * {@code dx = gamma · rsqrt(variance + epsilon) · (dy - mean(dy) - x̂ · mean(dy · x̂))}, {@code dgamma = Σ dy · x̂},
 * {@code dbeta = Σ dy}.
 *
 * <p>The batch's sums are the shards' parts (in float64, so {@code E[x²] - E[x]²} keeps its digits) added in shard
 * order on the caller between the phases: the same bits on one core or two. Each position's channels are one row,
 * as the activations see them.
 */
public final class BatchNormalizationLayer implements WholeBatchLayer {

    private final String name;
    private final Shape shape;
    private final int channels;
    private final int positions;
    private final float momentum;
    private final double epsilon;
    /** The trained scale and offset, or null where the spec has none. */
    private final Weight gamma;
    private final Weight beta;
    private final Weight movingMean;
    private final Weight movingVariance;
    private final List<Weight> weights = new ArrayList<>();

    public BatchNormalizationLayer(String name, Shape shape, double momentum, double epsilon, boolean center,
                                   boolean scale) {
        this.name = name;
        this.shape = shape;
        this.channels = BatchNormalizationSpec.channels(shape);
        this.positions = Math.toIntExact(shape.size() / channels);
        this.momentum = (float) momentum;
        this.epsilon = epsilon;
        long[] perChannel = {channels};
        this.gamma = scale ? new Weight("gamma", perChannel, true) : null;
        this.beta = center ? new Weight("beta", perChannel, true) : null;
        this.movingMean = new Weight("moving_mean", perChannel, false);
        this.movingVariance = new Weight("moving_variance", perChannel, false);
        if (gamma != null) {
            java.util.Arrays.fill(gamma.values, 1f);
            weights.add(gamma);
        }
        if (beta != null) {
            weights.add(beta);
        }
        java.util.Arrays.fill(movingVariance.values, 1f);
        weights.add(movingMean);
        weights.add(movingVariance);
    }

    /** One batch size's working memory: the shards' parts of the sums and the batch's statistics. */
    public static final class Statistics {
        final double[][] sums;
        final double[][] sumsOfSquares;
        final double[][] gradientSums;
        final double[][] gradientNormalisedSums;
        final float[] mean;
        final float[] inverse;
        final float[] meanGradient;
        final float[] meanGradientNormalised;
        /** rsqrt(moving variance + epsilon) per shard, at inference; each shard computes its own. */
        final float[][] movingInverse;

        /** Working memory for a layer of {@code channels} channels. */
        public Statistics(int channels) {
            sums = new double[Shards.COUNT][channels];
            sumsOfSquares = new double[Shards.COUNT][channels];
            gradientSums = new double[Shards.COUNT][channels];
            gradientNormalisedSums = new double[Shards.COUNT][channels];
            mean = new float[channels];
            inverse = new float[channels];
            meanGradient = new float[channels];
            meanGradientNormalised = new float[channels];
            movingInverse = new float[Shards.COUNT][channels];
        }
    }

    /** Fresh working memory for one batch size. */
    public Statistics statistics() {
        return new Statistics(channels);
    }

    // ------------------------------------------------------------------ training forward

    /** Shard {@code shard}'s sums of {@code x} and {@code x²} per channel over samples {@code [from, to)}. */
    public void partialMoments(float[] in, Statistics s, int shard, int from, int to) {
        double[] sum = s.sums[shard];
        double[] squares = s.sumsOfSquares[shard];
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(squares, 0);
        if (Products.VECTOR_API) {
            BatchNormalizationKernels.addMoments(in, sum, squares, from * positions, to * positions, channels);
        } else {
            addMomentsLoop(in, sum, squares, from * positions, to * positions, channels);
        }
    }

    // Each pass's loop, one value at a time: what BatchNormalizationKernels computes a vector at a time, and what
    // runs without the Vector API.

    static void addMomentsLoop(float[] in, double[] sum, double[] squares, int fromRow, int toRow, int channels) {
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < channels; c++) {
                double x = in[start + c];
                sum[c] += x;
                squares[c] += x * x;
            }
        }
    }

    static void addGradientSumsLoop(float[] gradient, float[] normalised, double[] sum, double[] products,
                                    int fromRow, int toRow, int channels) {
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < channels; c++) {
                double g = gradient[start + c];
                sum[c] += g;
                products[c] += g * normalised[start + c];
            }
        }
    }

    static void normaliseLoop(float[] in, float[] mean, float[] inverse, float[] gamma, float[] beta,
                              float[] normalised, float[] out, int fromRow, int toRow, int channels) {
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < channels; c++) {
                float xhat = (in[start + c] - mean[c]) * inverse[c];
                if (normalised != null) {
                    normalised[start + c] = xhat;
                }
                float y = gamma == null ? xhat : xhat * gamma[c];
                out[start + c] = beta == null ? y : y + beta[c];
            }
        }
    }

    static void inputGradientLoop(float[] gradient, float[] normalised, float[] gamma, float[] inverse,
                                  float[] meanGradient, float[] meanGradientNormalised, float[] inGradient,
                                  int fromRow, int toRow, int channels) {
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < channels; c++) {
                float factor = gamma == null ? inverse[c] : gamma[c] * inverse[c];
                int i = start + c;
                inGradient[i] = factor * (gradient[i] - meanGradient[c] - normalised[i] * meanGradientNormalised[c]);
            }
        }
    }

    /**
     * The batch's mean and {@code rsqrt(variance + epsilon)} per channel from the shards' sums, added in shard
     * order, and the moving statistics' update.
     */
    public void meetForward(Statistics s, int rows) {
        double count = (double) rows * positions;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double squares = 0;
            for (int shard = 0; shard < Shards.COUNT; shard++) {
                if (Shards.from(shard, rows) < Shards.to(shard, rows)) {
                    sum += s.sums[shard][c];
                    squares += s.sumsOfSquares[shard][c];
                }
            }
            double mean = sum / count;
            float variance = (float) Math.max(squares / count - mean * mean, 0);
            s.mean[c] = (float) mean;
            s.inverse[c] = (float) (1 / Math.sqrt(variance + epsilon));
            movingMean.values[c] = movingMean.values[c] * momentum + s.mean[c] * (1 - momentum);
            movingVariance.values[c] = movingVariance.values[c] * momentum + variance * (1 - momentum);
        }
    }

    /** Samples {@code [from, to)}: {@code x̂ = (x - mean) · inverse} into {@code normalised}, {@code y} into {@code out}. */
    public void normalise(float[] in, Statistics s, float[] normalised, float[] out, int from, int to) {
        normalise(in, s.mean, s.inverse, normalised, out, from, to);
    }

    private void normalise(float[] in, float[] mean, float[] inverse, float[] normalised, float[] out, int from,
                           int to) {
        float[] scale = gamma == null ? null : gamma.values;
        float[] offset = beta == null ? null : beta.values;
        if (Products.VECTOR_API) {
            BatchNormalizationKernels.normalise(in, mean, inverse, scale, offset, normalised, out, from * positions,
                    to * positions, channels);
        } else {
            normaliseLoop(in, mean, inverse, scale, offset, normalised, out, from * positions, to * positions,
                    channels);
        }
    }

    // ------------------------------------------------------------------ inference

    /** Samples {@code [from, to)} of shard {@code shard}, normalised with the moving statistics. */
    public void forwardInference(float[] in, Statistics s, int shard, float[] out, int from, int to) {
        float[] inverse = s.movingInverse[shard];
        for (int c = 0; c < channels; c++) {
            inverse[c] = (float) (1 / Math.sqrt(movingVariance.values[c] + epsilon));
        }
        normalise(in, movingMean.values, inverse, null, out, from, to);
    }

    // ------------------------------------------------------------------ training backward

    /** Shard {@code shard}'s sums of {@code dy} and {@code dy · x̂} per channel over samples {@code [from, to)}. */
    public void partialGradientSums(float[] gradient, float[] normalised, Statistics s, int shard, int from, int to) {
        double[] sum = s.gradientSums[shard];
        double[] products = s.gradientNormalisedSums[shard];
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(products, 0);
        if (Products.VECTOR_API) {
            BatchNormalizationKernels.addGradientSums(gradient, normalised, sum, products, from * positions,
                    to * positions, channels);
        } else {
            addGradientSumsLoop(gradient, normalised, sum, products, from * positions, to * positions, channels);
        }
    }

    /** The weight gradients ({@code dgamma = Σ dy · x̂}, {@code dbeta = Σ dy}) and the means the input's gradient uses. */
    public void meetBackward(Statistics s, int rows) {
        double count = (double) rows * positions;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double products = 0;
            for (int shard = 0; shard < Shards.COUNT; shard++) {
                if (Shards.from(shard, rows) < Shards.to(shard, rows)) {
                    sum += s.gradientSums[shard][c];
                    products += s.gradientNormalisedSums[shard][c];
                }
            }
            if (gamma != null) {
                gamma.gradient[c] = (float) products;
            }
            if (beta != null) {
                beta.gradient[c] = (float) sum;
            }
            s.meanGradient[c] = (float) (sum / count);
            s.meanGradientNormalised[c] = (float) (products / count);
        }
    }

    /** Samples {@code [from, to)}: {@code dx = gamma · inverse · (dy - mean(dy) - x̂ · mean(dy · x̂))}. */
    public void inputGradient(float[] gradient, float[] normalised, Statistics s, float[] inGradient, int from,
                              int to) {
        float[] scale = gamma == null ? null : gamma.values;
        if (Products.VECTOR_API) {
            BatchNormalizationKernels.inputGradient(gradient, normalised, scale, s.inverse, s.meanGradient,
                    s.meanGradientNormalised, inGradient, from * positions, to * positions, channels);
        } else {
            inputGradientLoop(gradient, normalised, scale, s.inverse, s.meanGradient, s.meanGradientNormalised,
                    inGradient, from * positions, to * positions, channels);
        }
    }

    // ------------------------------------------------------------------ the layer

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "BatchNormalization";
    }

    @Override
    public long[] outputShape() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public List<Weight> weights() {
        return weights;
    }

    /** The values per sample: positions × channels. */
    public int size() {
        return positions * channels;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    // ------------------------------------------------------------------ as the runtime DSL runs it

    @Override
    public Object workspace(ModelPlan.Step step, int rows) {
        return statistics();
    }

    @Override
    public void forward(StepMemory memory, int shard, int from, int to, boolean training) {
        forwardInference(memory.in(), (Statistics) memory.workspace, shard, memory.out.a, from, to);
    }

    @Override
    public void forwardBeforeBarrier(StepMemory memory, int shard, int from, int to) {
        partialMoments(memory.in(), (Statistics) memory.workspace, shard, from, to);
    }

    @Override
    public void meetForward(StepMemory memory, int rows) {
        meetForward((Statistics) memory.workspace, rows);
    }

    @Override
    public void forwardAfterBarrier(StepMemory memory, int shard, int from, int to) {
        normalise(memory.in(), (Statistics) memory.workspace, memory.out.z, memory.out.a, from, to);
    }

    @Override
    public void backwardBeforeBarrier(StepMemory memory, int shard, int from, int to) {
        partialGradientSums(memory.out.gradient, memory.out.z, (Statistics) memory.workspace, shard, from, to);
    }

    @Override
    public void meetBackward(StepMemory memory, int rows) {
        meetBackward((Statistics) memory.workspace, rows);
    }

    @Override
    public void backwardAfterBarrier(StepMemory memory, int shard, int from, int to) {
        if (memory.step.passesGradient()) {
            inputGradient(memory.out.gradient, memory.out.z, (Statistics) memory.workspace,
                    memory.gradientTarget.gradient, from, to);
        }
    }

    /** The layer of a plan's batch-normalisation step. */
    static BatchNormalizationLayer of(ModelPlan.Step step, SplittableRandom random) {
        BatchNormalizationSpec spec = (BatchNormalizationSpec) step.layer();
        return new BatchNormalizationLayer(spec.name(), step.output(), spec.momentum(), spec.epsilon(), spec.center(),
                spec.scale());
    }
}
