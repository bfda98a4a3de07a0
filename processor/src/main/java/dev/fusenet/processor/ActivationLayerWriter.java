package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes an {@code @ActivationLayer}: the activation's kernels over the values of the layer it reads. */
final class ActivationLayerWriter extends LayerWriter {

    private static final ClassName ACTIVATION_LAYER = ClassName.get(COMPILED, "ActivationLayer");
    private static final ClassName ACTIVATION = ClassName.get("dev.fusenet.annotations", "Activation");

    private final ActivationLayerSpec spec;

    ActivationLayerWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (ActivationLayerSpec) step.layer();
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(ACTIVATION_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L on $L's outputs.", spec.name(), describe(), inputName())
                .initializer("new $T($S, $T.$L, $T.of($L))", ACTIVATION_LAYER, spec.name(), ACTIVATION,
                        spec.activation(), SHAPE, Conv2DWriter.dims(step.output()))
                .build();
    }

    @Override
    String describe() {
        return "Activation(" + word(spec.activation()) + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L($L) → $L\n", name(), word(spec.activation()), inputName(), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.z, b.$L.a, from, to)", name(), inputValues(), name(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: the gradient through $L's derivative, to $L → $L\n", name(), word(spec.activation()),
                inputName(), rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.z, b.$L.a, b.$L.gradient, $L, from, to)", name(), name(), name(), name(),
                inputGradient());
    }
}
