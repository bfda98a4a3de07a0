package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomRotationSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomRotation}: each training sample turned about its centre by an angle from {@code [lower, upper]}
 * radians, counter-clockwise for positive angles, with TensorFlow's rotation matrix.
 */
public final class RandomRotationLayer extends RandomGeometryLayer {

    private final double lower;
    private final double upper;

    public RandomRotationLayer(String name, Shape image, double lowerRadians, double upperRadians,
                               FillMode fillMode, Interpolation interpolation, double fillValue) {
        super(name, image, fillMode, interpolation, fillValue);
        this.lower = lowerRadians;
        this.upper = upperRadians;
    }

    @Override
    protected void resample(Direction direction, float[] source, float[] target, int row, long stepKey) {
        double angle = Draws.between(lower, upper, Draws.uniform(stepKey, row, 0));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // The centre ((width - 1) / 2, (height - 1) / 2) maps to itself.
        double xOffset = ((width - 1) - (cos * (width - 1) - sin * (height - 1))) / 2;
        double yOffset = ((height - 1) - (sin * (width - 1) + cos * (height - 1))) / 2;
        apply(direction, source, target, row, cos, -sin, xOffset, sin, cos, yOffset);
    }

    @Override
    public String type() {
        return "RandomRotation";
    }

    static RandomRotationLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomRotationSpec spec = (RandomRotationSpec) step.layer();
        double[] angles = spec.angles();
        RandomRotationLayer made = new RandomRotationLayer(spec.name(), step.output(), angles[0], angles[1],
                spec.fillMode(), spec.interpolation(), spec.fillValue());
        made.initialise(random);
        return made;
    }
}
