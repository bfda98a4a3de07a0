package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomContrastSpec;

/** Writes a {@code @RandomContrast}: the contrast factors' range and the value range. */
final class RandomContrastWriter extends ImageAugmentationWriter {

    private final RandomContrastSpec spec;

    RandomContrastWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomContrastLayer");
        this.spec = (RandomContrastSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        double[] contrasts = spec.contrasts();
        return CodeBlock.of("$L, $L, $L, $L", Double.toString(contrasts[0]), Double.toString(contrasts[1]),
                Double.toString(spec.valueRange().get(0)), Double.toString(spec.valueRange().get(1)));
    }

    @Override
    String describe() {
        return "RandomContrast(factor " + range(spec.contrasts()) + ", clipped to " + spec.valueRange() + ")";
    }
}
