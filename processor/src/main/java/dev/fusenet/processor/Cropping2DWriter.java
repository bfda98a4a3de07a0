package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes a {@code @Cropping2D}: the middle of each feature map. */
final class Cropping2DWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "Cropping2DLayer");

    private final Cropping2DSpec spec;

    Cropping2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (Cropping2DSpec) step.layer();
    }

    @Override
    FieldSpec field() {
        int[] sides = spec.sides();
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L's feature maps.", spec.name(), describe(), inputName())
                .initializer("new $T($S, $T.of($L), $L, $L, $L, $L)", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.input()), sides[0], sides[1], sides[2], sides[3])
                .build();
    }

    @Override
    String describe() {
        return "Cropping2D(" + java.util.Arrays.toString(spec.sides()) + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L $L without its border (top, bottom, left, right: $L) → $L\n", name(), inputName(),
                rowsShape(step.input()), java.util.Arrays.toString(spec.sides()), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: $L's gradient, the output's in the middle of zeros → $L\n", name(), inputName(),
                rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, $L, from, to)", name(), name(), inputGradient());
    }
}
