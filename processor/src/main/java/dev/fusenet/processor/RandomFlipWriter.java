package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomFlipSpec;

/** Writes a {@code @RandomFlip}. */
final class RandomFlipWriter extends ImageAugmentationWriter {

    private final RandomFlipSpec spec;

    RandomFlipWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomFlipLayer");
        this.spec = (RandomFlipSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        return CodeBlock.of("$T.$L", FlipMode.class, spec.mode());
    }

    @Override
    String describe() {
        return "RandomFlip(" + word(spec.mode()) + ")";
    }
}
