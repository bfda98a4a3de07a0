package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.RescalingSpec;
import javax.lang.model.element.Modifier;

/** Writes a {@code @Rescaling}: {@code x · scale + offset} on every value of the layer it reads. */
final class RescalingWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "RescalingLayer");

    private final RescalingSpec spec;

    RescalingWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (RescalingSpec) step.layer();
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L on $L's values.", spec.name(), describe(), inputName())
                .initializer("new $T($S, $L, $L, $T.of($L))", LAYER, spec.name(), Double.toString(spec.scale()),
                        Double.toString(spec.offset()), SHAPE, Conv2DWriter.dims(step.output()))
                .build();
    }

    @Override
    String describe() {
        return "Rescaling(" + spec.scale() + (spec.offset() != 0 ? ", offset " + spec.offset() : "") + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L · $L$L → $L\n", name(), inputName(), spec.scale(),
                spec.offset() != 0 ? " + " + spec.offset() : "", rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        body.add("// $L: $L's gradient = the output's · $L → $L\n", name(), inputName(), spec.scale(),
                rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, $L, from, to)", name(), name(), inputGradient());
    }
}
