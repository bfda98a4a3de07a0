package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomTranslationSpec;

/** Writes a {@code @RandomTranslation}: the shifts' ranges as fractions of the height and the width. */
final class RandomTranslationWriter extends ImageAugmentationWriter {

    private final RandomTranslationSpec spec;

    RandomTranslationWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomTranslationLayer");
        this.spec = (RandomTranslationSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        double[] height = spec.heightRange();
        double[] width = spec.widthRange();
        return CodeBlock.of("$L, $L, $L, $L, $T.$L, $T.$L, $L", Double.toString(height[0]),
                Double.toString(height[1]), Double.toString(width[0]), Double.toString(width[1]), FillMode.class,
                spec.fillMode(), Interpolation.class, spec.interpolation(), Double.toString(spec.fillValue()));
    }

    @Override
    String describe() {
        return "RandomTranslation(height " + spec.heightFactor() + ", width " + spec.widthFactor() + ", "
                + word(spec.fillMode()) + ")";
    }
}
