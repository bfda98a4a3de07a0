package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomRotationSpec;

/** Writes a {@code @RandomRotation}: the angles' range in radians. */
final class RandomRotationWriter extends ImageAugmentationWriter {

    private final RandomRotationSpec spec;

    RandomRotationWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomRotationLayer");
        this.spec = (RandomRotationSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        double[] angles = spec.angles();
        return CodeBlock.of("$L, $L, $T.$L, $T.$L, $L", Double.toString(angles[0]), Double.toString(angles[1]),
                FillMode.class, spec.fillMode(), Interpolation.class, spec.interpolation(),
                Double.toString(spec.fillValue()));
    }

    @Override
    String describe() {
        return "RandomRotation(" + spec.factor() + " of a turn, " + word(spec.fillMode()) + ")";
    }
}
