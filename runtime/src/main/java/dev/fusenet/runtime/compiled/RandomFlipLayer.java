package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomFlipSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomFlip}: each training sample flipped left to right and/or top to bottom, each with probability 1/2.
 * A flip reads whole pixels, so the resampling copies values exactly.
 */
public final class RandomFlipLayer extends RandomGeometryLayer {

    private final boolean horizontal;
    private final boolean vertical;

    public RandomFlipLayer(String name, Shape image, FlipMode mode) {
        super(name, image, FillMode.NEAREST, Interpolation.NEAREST, 0);
        this.horizontal = mode != FlipMode.VERTICAL;
        this.vertical = mode != FlipMode.HORIZONTAL;
    }

    @Override
    protected void resample(Direction direction, float[] source, float[] target, int row, long stepKey) {
        boolean flipX = horizontal && Draws.uniform(stepKey, row, 0) < 0.5;
        boolean flipY = vertical && Draws.uniform(stepKey, row, 1) < 0.5;
        apply(direction, source, target, row, flipX ? -1 : 1, 0, flipX ? width - 1 : 0,
                0, flipY ? -1 : 1, flipY ? height - 1 : 0);
    }

    @Override
    public String type() {
        return "RandomFlip";
    }

    static RandomFlipLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomFlipSpec spec = (RandomFlipSpec) step.layer();
        RandomFlipLayer made = new RandomFlipLayer(spec.name(), step.output(), spec.mode());
        made.initialise(random);
        return made;
    }
}
