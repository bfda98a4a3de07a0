package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.ModelPlan;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @Concatenate}: forward, each sample's inputs copied block by block into the output; backward,
 * each input that needs a gradient gets its blocks of the output's gradient, written or added in place.
 */
final class ConcatenateWriter extends LayerWriter {

    private static final ClassName CONCATENATE_LAYER = ClassName.get(COMPILED, "ConcatenateLayer");
    private static final ClassName LIST = ClassName.get("java.util", "List");

    private final ConcatenateSpec concatenate;

    ConcatenateWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.concatenate = (ConcatenateSpec) step.layer();
    }

    @Override
    FieldSpec field() {
        CodeBlock shapes = step.inputs().stream().map(s -> CodeBlock.of("$T.of($L)", SHAPE, Conv2DWriter.dims(s)))
                .collect(CodeBlock.joining(", "));
        int axis = concatenate.sampleAxis(step.input().rank());
        return FieldSpec.builder(CONCATENATE_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L along axis $L.", concatenate.name(), describe(),
                        String.join(", ", sourceNames()), concatenate.axis())
                .initializer("new $T($S,\n$>$>$T.of($L), $L)$<$<", CONCATENATE_LAYER, concatenate.name(), LIST, shapes,
                        axis)
                .build();
    }

    @Override
    String describe() {
        return "Concatenate(" + concatenate.axis() + ")";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        super.addBuffers(type, constructor);
        addInputsField(type, constructor);
    }

    @Override
    void bindBatch(CodeBlock.Builder body) {
        bindInputsField(body);
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        List<String> parts = new ArrayList<>();
        List<String> sources = sourceNames();
        for (int k = 0; k < sources.size(); k++) {
            parts.add(sources.get(k) + " " + rowsShape(step.inputs().get(k)));
        }
        body.add("// $L: $L joined along axis $L → $L\n", name(), String.join(", ", parts), concatenate.axis(),
                rowsShape(step.output()));
        body.addStatement("$L.forward(b.$L, b.$L.a, from, to)", name(), inputsField(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        List<String> sources = sourceNames();
        for (int k = 0; k < sources.size(); k++) {
            if (!step.gradientTo().get(k)) {
                continue;
            }
            boolean add = step.addsGradient().get(k);
            body.add("// $L: $L's gradient $L its part of the output's\n", name(), sources.get(k), add ? "+=" : "=");
            body.addStatement("$L.gradientTo($L, b.$L.gradient, b.$L.gradient, $L, from, to)", name(), k, name(),
                    sources.get(k), add);
        }
    }
}
