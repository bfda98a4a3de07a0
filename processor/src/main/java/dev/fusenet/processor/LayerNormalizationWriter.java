package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @LayerNormalization} layer: each position's channels normalised on their own, the same in
 * training and at inference. Its pre-activation buffer {@code z} holds x̂, and {@code <name>Inverses} each row's
 * rsqrt(variance + ε), which the backward reads.
 */
final class LayerNormalizationWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "LayerNormalizationLayer");

    private final LayerNormalizationSpec spec;

    LayerNormalizationWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (LayerNormalizationSpec) step.layer();
    }

    private String inverses() {
        return name() + "Inverses";
    }

    private int channels() {
        return step.output().dim(step.output().rank() - 1);
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L's outputs, each row of $L channels on its own.", spec.name(), describe(),
                        inputName(), channels())
                .initializer("new $T($S, $T.of($L), $L, $L, $L)", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.output()), Double.toString(spec.epsilon()), spec.center(),
                        spec.scale())
                .build();
    }

    @Override
    String describe() {
        return "LayerNormalization(epsilon " + spec.epsilon() + ")";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        super.addBuffers(type, constructor);
        type.addField(FieldSpec.builder(float[].class, inverses(), Modifier.FINAL)
                .addJavadoc("$L's rsqrt(variance + ε) of each row of channels, (rows · $L).", name(),
                        step.output().size() / channels())
                .build());
        constructor.addStatement("$L = new float[rows * $L]", inverses(), step.output().size() / channels());
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: x̂ = ($L - its row's mean) / sqrt(its row's variance + $L), x̂ · gamma + beta → $L\n", name(),
                inputName(), spec.epsilon(), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.z, b.$L.a, b.$L, from, to)", name(), inputValues(), name(), name(),
                inverses());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        if (!step.passesGradient()) {
            return;
        }
        body.add("// $L: $L's gradient = rsqrt(variance + ε) · (g - mean(g) - x̂ · mean(g · x̂)), g = dy · gamma → $L\n",
                name(), inputName(), rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, b.$L.z, b.$L, $L, from, to)", name(), name(), name(),
                inverses(), inputGradient());
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: gamma's gradient Σ dy · x̂, beta's Σ dy, over the batch$L\n", name(),
                apply ? ", and the update" : "");
        body.addStatement("$L.weightGradient(b.$L.gradient, b.$L.z, b.rows, part)", name(), name(), name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
