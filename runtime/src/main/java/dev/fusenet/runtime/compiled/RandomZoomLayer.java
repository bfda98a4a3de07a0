package dev.fusenet.runtime.compiled;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomZoomSpec;
import dev.fusenet.model.Shape;
import java.util.SplittableRandom;

/**
 * {@code RandomZoom}: each training sample scaled about its centre by zooms drawn from the height's and the width's
 * ranges (the width's draw is the height's when it has none), a zoom above 1 reading a larger window: zooming out.
 */
public final class RandomZoomLayer extends RandomGeometryLayer {

    private final double heightLower;
    private final double heightUpper;
    private final double widthLower;
    private final double widthUpper;
    private final boolean keepsAspect;

    /** Zoom ranges {@code [1 + lower, 1 + upper]}; {@code keepsAspect} to zoom the width as the height. */
    public RandomZoomLayer(String name, Shape image, double heightLower, double heightUpper, double widthLower,
                           double widthUpper, boolean keepsAspect, FillMode fillMode, Interpolation interpolation,
                           double fillValue) {
        super(name, image, fillMode, interpolation, fillValue);
        this.heightLower = heightLower;
        this.heightUpper = heightUpper;
        this.widthLower = widthLower;
        this.widthUpper = widthUpper;
        this.keepsAspect = keepsAspect;
    }

    @Override
    protected void resample(Direction direction, float[] source, float[] target, int row, long stepKey) {
        double zoomY = Draws.between(heightLower, heightUpper, Draws.uniform(stepKey, row, 0));
        double zoomX = keepsAspect ? zoomY : Draws.between(widthLower, widthUpper, Draws.uniform(stepKey, row, 1));
        apply(direction, source, target, row, zoomX, 0, (width - 1) / 2.0 * (1 - zoomX),
                0, zoomY, (height - 1) / 2.0 * (1 - zoomY));
    }

    @Override
    public String type() {
        return "RandomZoom";
    }

    static RandomZoomLayer of(ModelPlan.Step step, SplittableRandom random) {
        RandomZoomSpec spec = (RandomZoomSpec) step.layer();
        double[] height = spec.heightZooms();
        double[] width = spec.widthZooms().orElse(height);
        RandomZoomLayer made = new RandomZoomLayer(spec.name(), step.output(), height[0], height[1], width[0],
                width[1], spec.widthZooms().isEmpty(), spec.fillMode(), spec.interpolation(), spec.fillValue());
        made.initialise(random);
        return made;
    }
}
