package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.UpSampling2DSpec;
import javax.lang.model.element.Modifier;

/** Writes an {@code @UpSampling2D}: each pixel repeated over a block. */
final class UpSampling2DWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "UpSampling2DLayer");

    private final UpSampling2DSpec spec;

    UpSampling2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (UpSampling2DSpec) step.layer();
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L's feature maps.", spec.name(), describe(), inputName())
                .initializer("new $T($S, $T.of($L), $L, $L)", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.input()), spec.heightFactor(), spec.widthFactor())
                .build();
    }

    @Override
    String describe() {
        return "UpSampling2D(" + spec.heightFactor() + "×" + spec.widthFactor() + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: each pixel of $L $L repeated $L×$L (nearest) → $L\n", name(), inputName(),
                rowsShape(step.input()), spec.heightFactor(), spec.widthFactor(), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: $L's gradient, each pixel's the sum over its block → $L\n", name(), inputName(),
                rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, $L, from, to)", name(), name(), inputGradient());
    }
}
