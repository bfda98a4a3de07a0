package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomTranslationSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomTranslation}: each training sample shifted down by a fraction of its height and right by a fraction
 * of its width, each drawn from its range.
 */
public final class RandomTranslationLayer extends RandomGeometryLayer {

    private final double heightLower;
    private final double heightUpper;
    private final double widthLower;
    private final double widthUpper;

    public RandomTranslationLayer(String name, Shape image, double heightLower, double heightUpper,
                                  double widthLower, double widthUpper, FillMode fillMode,
                                  Interpolation interpolation, double fillValue) {
        super(name, image, fillMode, interpolation, fillValue);
        this.heightLower = heightLower;
        this.heightUpper = heightUpper;
        this.widthLower = widthLower;
        this.widthUpper = widthUpper;
    }

    @Override
    protected void resample(Direction direction, float[] source, float[] target, int row, long stepKey) {
        double down = Draws.between(heightLower, heightUpper, Draws.uniform(stepKey, row, 0)) * height;
        double right = Draws.between(widthLower, widthUpper, Draws.uniform(stepKey, row, 1)) * width;
        apply(direction, source, target, row, 1, 0, -right, 0, 1, -down);
    }

    @Override
    public String type() {
        return "RandomTranslation";
    }

    static RandomTranslationLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomTranslationSpec spec = (RandomTranslationSpec) step.layer();
        double[] height = spec.heightRange();
        double[] width = spec.widthRange();
        RandomTranslationLayer made = new RandomTranslationLayer(spec.name(), step.output(), height[0], height[1],
                width[0], width[1], spec.fillMode(), spec.interpolation(), spec.fillValue());
        made.initialise(random);
        return made;
    }
}
