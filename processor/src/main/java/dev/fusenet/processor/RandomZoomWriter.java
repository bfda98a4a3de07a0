package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomZoomSpec;

/** Writes a {@code @RandomZoom}: the zooms' ranges, the width's the height's when it keeps the aspect ratio. */
final class RandomZoomWriter extends ImageAugmentationWriter {

    private final RandomZoomSpec spec;

    RandomZoomWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomZoomLayer");
        this.spec = (RandomZoomSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        double[] height = spec.heightZooms();
        double[] width = spec.widthZooms().orElse(height);
        return CodeBlock.of("$L, $L, $L, $L, $L, $T.$L, $T.$L, $L", Double.toString(height[0]),
                Double.toString(height[1]), Double.toString(width[0]), Double.toString(width[1]),
                spec.widthZooms().isEmpty(), FillMode.class, spec.fillMode(), Interpolation.class,
                spec.interpolation(), Double.toString(spec.fillValue()));
    }

    @Override
    String describe() {
        return "RandomZoom(height " + spec.heightFactor() + (spec.widthFactor().isEmpty() ? ""
                : ", width " + spec.widthFactor()) + ", " + word(spec.fillMode()) + ")";
    }
}
