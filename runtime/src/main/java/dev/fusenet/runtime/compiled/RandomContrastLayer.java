package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomContrastSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomContrast}: each training sample's channel {@code c} becomes {@code (x - mean_c) · k + mean_c}, the
 * mean over the sample's pixels and {@code k} drawn per sample, clipped to the value range. The mask keeps which
 * values were not clipped, for the backward: {@code ∂L/∂x = k · g + (1 - k) · mean_c(g)} over the unclipped
 * values' gradient {@code g}.
 */
public final class RandomContrastLayer extends ImageAugmentationLayer {

    private final double lower;
    private final double upper;
    private final float min;
    private final float max;

    /** Contrast factors from {@code [lower, upper]}, values clipped to {@code [min, max]}. */
    public RandomContrastLayer(String name, Shape image, double lower, double upper, double min, double max) {
        super(name, image);
        this.lower = lower;
        this.upper = upper;
        this.min = (float) min;
        this.max = (float) max;
    }

    private float factor(long stepKey, int row) {
        return (float) Draws.between(lower, upper, Draws.uniform(stepKey, row, 0));
    }

    @Override
    public void forwardTraining(float[] in, float[] mask, float[] out, int from, int to, long step) {
        long stepKey = stepKey(step);
        for (int row = from; row < to; row++) {
            float k = factor(stepKey, row);
            int base = row * size;
            for (int c = 0; c < channels; c++) {
                float mean = channelMean(in, base, c);
                for (int i = base + c; i < base + size; i += channels) {
                    float v = (in[i] - mean) * k + mean;
                    boolean inside = v >= min && v <= max;
                    out[i] = inside ? v : v < min ? min : max;
                    mask[i] = inside ? 1f : 0f;
                }
            }
        }
    }

    @Override
    public void backward(float[] outGradient, float[] mask, float[] inGradient, int from, int to, long step) {
        long stepKey = stepKey(step);
        for (int row = from; row < to; row++) {
            float k = factor(stepKey, row);
            int base = row * size;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int i = base + c; i < base + size; i += channels) {
                    sum += outGradient[i] * mask[i];
                }
                float spread = (float) ((1 - k) * sum / (size / channels));
                for (int i = base + c; i < base + size; i += channels) {
                    inGradient[i] = k * outGradient[i] * mask[i] + spread;
                }
            }
        }
    }

    /** The mean of channel {@code c} over one sample's pixels, summed in float64. */
    private float channelMean(float[] values, int base, int c) {
        double sum = 0;
        for (int i = base + c; i < base + size; i += channels) {
            sum += values[i];
        }
        return (float) (sum / (size / channels));
    }

    @Override
    public String type() {
        return "RandomContrast";
    }

    static RandomContrastLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomContrastSpec spec = (RandomContrastSpec) step.layer();
        double[] contrasts = spec.contrasts();
        RandomContrastLayer made = new RandomContrastLayer(spec.name(), step.output(), contrasts[0], contrasts[1],
                spec.valueRange().get(0), spec.valueRange().get(1));
        made.initialise(random);
        return made;
    }
}
