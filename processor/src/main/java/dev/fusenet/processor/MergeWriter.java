package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.ModelPlan;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes an element-wise merge ({@code @Add}, {@code @Subtract}, {@code @Multiply}, {@code @Average},
 * {@code @Maximum}, {@code @Minimum}): one pass over the inputs' values forward, and backward one statement per
 * input that needs a gradient, written or added in place.
 */
final class MergeWriter extends LayerWriter {

    private static final ClassName MERGE_LAYER = ClassName.get(COMPILED, "MergeLayer");
    private static final ClassName MERGE_SPEC = ClassName.get("dev.fusenet.model", "MergeSpec");

    private final MergeSpec merge;

    MergeWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.merge = (MergeSpec) step.layer();
    }

    private int units() {
        return Math.toIntExact(step.output().size());
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(MERGE_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L of $L.", merge.name(), describe(), String.join(", ", sourceNames()))
                .initializer("new $T($S, $T.Operation.$L, $T.of($L), $L)", MERGE_LAYER, merge.name(), MERGE_SPEC,
                        merge.operation(), SHAPE, Conv2DWriter.dims(step.output()), step.sources().size())
                .build();
    }

    @Override
    String describe() {
        return merge.kind() + "()";
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
        body.add("// $L: $L → $L\n", name(), formula(), rowsShape(step.output()));
        body.addStatement("$L.forward(b.$L, b.$L.a, from * $L, to * $L)", name(), inputsField(), name(), units(),
                units());
        pushIfMultiplied(body);
    }

    /** {@code conv2 + conv1}: what the merge computes, for the comment. */
    private String formula() {
        List<String> sources = sourceNames();
        return switch (merge.operation()) {
            case ADD -> String.join(" + ", sources);
            case SUBTRACT -> sources.get(0) + " - " + sources.get(1);
            case MULTIPLY -> String.join(" ⊙ ", sources);
            case AVERAGE -> "(" + String.join(" + ", sources) + ") / " + sources.size();
            case MAXIMUM, MINIMUM -> merge.operation().name().toLowerCase(Locale.ROOT).substring(0, 3) + "("
                    + String.join(", ", sources) + ")";
        };
    }

    @Override
    void backward(CodeBlock.Builder body) {
        List<String> sources = sourceNames();
        for (int k = 0; k < sources.size(); k++) {
            if (!step.gradientTo().get(k)) {
                continue;
            }
            boolean add = step.addsGradient().get(k);
            body.add("// $L: $L's gradient $L $L\n", name(), sources.get(k), add ? "+=" : "=", gradientWords(k));
            body.addStatement("$L.gradientTo($L, b.$L, b.$L.gradient, b.$L.gradient, $L, from * $L, to * $L)", name(),
                    k, inputsField(), name(), sources.get(k), add, units(), units());
        }
    }

    private String gradientWords(int k) {
        return switch (merge.operation()) {
            case ADD -> "the output's gradient";
            case SUBTRACT -> k == 0 ? "the output's gradient" : "minus the output's gradient";
            case MULTIPLY -> "the output's gradient times the other inputs";
            case AVERAGE -> "the output's gradient / " + step.sources().size();
            case MAXIMUM, MINIMUM -> "the output's gradient where it held the " + merge.operation().name()
                    .toLowerCase(Locale.ROOT);
        };
    }
}
