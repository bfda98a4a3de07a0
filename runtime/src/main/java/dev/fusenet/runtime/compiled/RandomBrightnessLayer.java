package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomBrightnessSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomBrightness}: one amount drawn per training sample added to all its values, clipped to the value
 * range; the gradient passes where a value was not clipped.
 */
public final class RandomBrightnessLayer extends ImageAugmentationLayer {

    private final double lower;
    private final double upper;
    private final float min;
    private final float max;

    /** Amounts from {@code [lower, upper]} in pixel values, results clipped to {@code [min, max]}. */
    public RandomBrightnessLayer(String name, Shape image, double lower, double upper, double min, double max) {
        super(name, image);
        this.lower = lower;
        this.upper = upper;
        this.min = (float) min;
        this.max = (float) max;
    }

    @Override
    public void forwardTraining(float[] in, float[] mask, float[] out, int from, int to, long step) {
        long stepKey = stepKey(step);
        for (int row = from; row < to; row++) {
            float delta = (float) Draws.between(lower, upper, Draws.uniform(stepKey, row, 0));
            for (int i = row * size; i < (row + 1) * size; i++) {
                float v = in[i] + delta;
                boolean inside = v >= min && v <= max;
                out[i] = inside ? v : v < min ? min : max;
                mask[i] = inside ? 1f : 0f;
            }
        }
    }

    @Override
    public void backward(float[] outGradient, float[] mask, float[] inGradient, int from, int to, long step) {
        for (int i = from * size; i < to * size; i++) {
            inGradient[i] = outGradient[i] * mask[i];
        }
    }

    @Override
    public String type() {
        return "RandomBrightness";
    }

    static RandomBrightnessLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomBrightnessSpec spec = (RandomBrightnessSpec) step.layer();
        double[] deltas = spec.deltas();
        RandomBrightnessLayer made = new RandomBrightnessLayer(spec.name(), step.output(), deltas[0], deltas[1],
                spec.valueRange().get(0), spec.valueRange().get(1));
        made.initialise(random);
        return made;
    }
}
