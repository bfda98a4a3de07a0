package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes a {@code @Flatten} layer: no code and no memory, only a comment where the view changes. */
final class FlattenWriter extends LayerWriter {

    private static final ClassName FLATTEN_LAYER = ClassName.get(COMPILED, "FlattenLayer");

    FlattenWriter(ModelPlan.Step step, Names names) {
        super(step, names);
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(FLATTEN_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L, a view of $L's outputs.", step.layer().name(), describe(), inputName())
                .initializer("new $T($S, $L)", FLATTEN_LAYER, step.layer().name(), step.output().size())
                .build();
    }

    @Override
    String describe() {
        return "Flatten()";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        // A view: the next layer reads the buffers of the layer before.
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L $L seen as $L, the same memory\n", name(), inputName(), rowsShape(step.input()),
                rowsShape(step.output()));
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: its gradient is $L's, seen as $L\n", name(), inputName(), rowsShape(step.input()));
    }
}
