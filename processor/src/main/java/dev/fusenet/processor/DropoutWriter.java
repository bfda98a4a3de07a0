package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes a {@code @Dropout} layer: this step's mask while training, the values as they are at inference. */
final class DropoutWriter extends LayerWriter {

    private static final ClassName DROPOUT_LAYER = ClassName.get(COMPILED, "DropoutLayer");

    private final DropoutSpec dropout;

    DropoutWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.dropout = (DropoutSpec) step.layer();
    }

    private long size() {
        return step.output().size();
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(DROPOUT_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L on $L values per sample.", dropout.name(), describe(), size())
                .initializer("new $T($S, $L, $L)", DROPOUT_LAYER, dropout.name(), size(),
                        Double.toString(dropout.rate()))
                .build();
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise(random);\n", name());
    }

    @Override
    String describe() {
        return "Dropout(" + dropout.rate() + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L → $L$L\n", name(), describe(), rowsShape(step.output()),
                training ? "" : ", passing values through at inference");
        if (training) {
            body.addStatement("$L.forwardTraining(\n$>$>$L, b.$L.mask, b.$L.a, from * $L, to * $L, "
                    + "optimizer.iterations())$<$<", name(), inputValues(), name(), name(), size(), size());
        } else {
            body.addStatement("$L.forwardInference($L, b.$L.a, from * $L, to * $L)", name(), inputValues(), name(),
                    size(), size());
        }
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: the gradient flows through the kept values only → $L\n", name(), rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, b.$L.mask, $L, from * $L, to * $L)", name(), name(), name(),
                inputGradient(), size(), size());
    }
}
