package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes a {@code @GlobalAveragePooling2D} or {@code @GlobalMaxPooling2D}: each channel over the whole map. */
final class GlobalPooling2DWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "GlobalPooling2DLayer");
    private static final ClassName KIND = ClassName.get("dev.fusenet.model", "GlobalPooling2DSpec", "Kind");

    private final GlobalPooling2DSpec spec;

    GlobalPooling2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (GlobalPooling2DSpec) step.layer();
    }

    private String operation() {
        return spec.type() == GlobalPooling2DSpec.Kind.MAX ? "maximum" : "mean";
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L's channels.", spec.name(), describe(), inputName())
                .initializer("new $T($S, $T.$L, $T.of($L), $L)", LAYER, spec.name(), KIND, spec.type(), SHAPE,
                        Conv2DWriter.dims(step.input()), spec.keepdims())
                .build();
    }

    @Override
    String describe() {
        return spec.kind() + (spec.keepdims() ? "(keepdims)" : "");
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: the $L of each channel of $L $L over its $L positions → $L\n", name(), operation(),
                inputName(), rowsShape(step.input()), step.input().dim(0) * step.input().dim(1),
                rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add(spec.type() == GlobalPooling2DSpec.Kind.MAX
                        ? "// $L: each channel's gradient to the first position holding its maximum → $L\n"
                        : "// $L: each channel's gradient spread evenly over the positions → $L\n", name(),
                rowsShape(step.input()));
        body.addStatement("$L.backward($L, b.$L.a, b.$L.gradient, $L, from, to)", name(), inputValues(), name(),
                name(), inputGradient());
    }
}
