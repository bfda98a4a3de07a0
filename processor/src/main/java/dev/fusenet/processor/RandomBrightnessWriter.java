package dev.fusenet.processor;

import com.palantir.javapoet.CodeBlock;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RandomBrightnessSpec;

/** Writes a {@code @RandomBrightness}: the added amounts' range in pixel values and the value range. */
final class RandomBrightnessWriter extends ImageAugmentationWriter {

    private final RandomBrightnessSpec spec;

    RandomBrightnessWriter(ModelPlan.Step step, Names names) {
        super(step, names, "RandomBrightnessLayer");
        this.spec = (RandomBrightnessSpec) step.layer();
    }

    @Override
    CodeBlock arguments() {
        double[] deltas = spec.deltas();
        return CodeBlock.of("$L, $L, $L, $L", Double.toString(deltas[0]), Double.toString(deltas[1]),
                Double.toString(spec.valueRange().get(0)), Double.toString(spec.valueRange().get(1)));
    }

    @Override
    String describe() {
        return "RandomBrightness(+" + range(spec.deltas()) + ", clipped to " + spec.valueRange() + ")";
    }
}
