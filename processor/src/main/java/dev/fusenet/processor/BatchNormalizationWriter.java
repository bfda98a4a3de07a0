package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @BatchNormalization} layer: in training its forward and backward each in two halves around the
 * shards' meeting (the batch's statistics, then the gradient's sums), at inference one pass with the moving
 * statistics. Its pre-activation buffer {@code z} holds the normalised values x̂ the backward reads.
 */
final class BatchNormalizationWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "BatchNormalizationLayer");
    private static final ClassName STATISTICS = LAYER.nestedClass("Statistics");

    private final BatchNormalizationSpec spec;

    BatchNormalizationWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (BatchNormalizationSpec) step.layer();
    }

    private String statistics() {
        return name() + "Statistics";
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L's outputs over their $L channels.", spec.name(), describe(), inputName(),
                        BatchNormalizationSpec.channels(step.output()))
                .initializer("new $T($S, $T.of($L), $L, $L, $L, $L)", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.output()), Double.toString(spec.momentum()),
                        Double.toString(spec.epsilon()), spec.center(), spec.scale())
                .build();
    }

    @Override
    String describe() {
        return "BatchNormalization(momentum " + spec.momentum() + ", epsilon " + spec.epsilon() + ")";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        super.addBuffers(type, constructor);
        type.addField(FieldSpec.builder(STATISTICS, statistics(), Modifier.FINAL)
                .addJavadoc("$L's statistics: each shard's sums per channel, and the batch's.", name())
                .build());
        constructor.addStatement("$L = new $T($L)", statistics(), STATISTICS,
                BatchNormalizationSpec.channels(step.output()));
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: ($L - moving mean) / sqrt(moving variance + $L) · gamma + beta → $L\n", name(), inputName(),
                spec.epsilon(), rowsShape(step.output()));
        body.addStatement("$L.forwardInference($L, b.$L, shard, b.$L.a, from, to)", name(), inputValues(),
                statistics(), name());
        pushIfMultiplied(body);
    }

    @Override
    void forwardBeforeBarrier(CodeBlock.Builder body) {
        body.add("// $L: this shard's sums of $L and its squares per channel, for the batch's moments\n", name(),
                inputName());
        body.addStatement("$L.partialMoments($L, b.$L, shard, from, to)", name(), inputValues(), statistics());
    }

    @Override
    void meet(CodeBlock.Builder body, boolean backward) {
        if (backward) {
            body.add("// $L: the shards' sums of the gradient, in shard order: gamma's and beta's gradients\n",
                    name());
            body.addStatement("$L.meetBackward(b.$L, rows)", name(), statistics());
        } else {
            body.add("// $L: the batch's mean and variance from the shards' sums, in shard order, and the moving "
                    + "statistics\n", name());
            body.addStatement("$L.meetForward(b.$L, rows)", name(), statistics());
        }
    }

    @Override
    void forwardAfterBarrier(CodeBlock.Builder body) {
        body.add("// $L: x̂ = ($L - mean) / sqrt(variance + $L), x̂ · gamma + beta → $L\n", name(), inputName(),
                spec.epsilon(), rowsShape(step.output()));
        body.addStatement("$L.normalise($L, b.$L, b.$L.z, b.$L.a, from, to)", name(), inputValues(), statistics(),
                name(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        throw new IllegalStateException(name() + " runs its backward in two halves around a barrier");
    }

    @Override
    void backwardBeforeBarrier(CodeBlock.Builder body) {
        body.add("// $L: this shard's sums of the gradient and of gradient · x̂ per channel\n", name());
        body.addStatement("$L.partialGradientSums(b.$L.gradient, b.$L.z, b.$L, shard, from, to)", name(), name(),
                name(), statistics());
    }

    @Override
    void backwardAfterBarrier(CodeBlock.Builder body) {
        if (!step.passesGradient()) {
            return;
        }
        body.add("// $L: $L's gradient = gamma / sqrt(variance + ε) · (dy - mean(dy) - x̂ · mean(dy · x̂)) → $L\n",
                name(), inputName(), rowsShape(step.input()));
        body.addStatement("$L.inputGradient(b.$L.gradient, b.$L.z, b.$L, $L, from, to)", name(), name(), name(),
                statistics(), inputGradient());
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        if (apply) {
            body.add("// $L: gamma and beta, from the gradients the backward meeting summed\n", name());
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
