package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.Window;
import javax.lang.model.element.Modifier;

/** Writes a {@code @MaxPooling2D} or {@code @AveragePooling2D} layer. */
final class Pooling2DWriter extends LayerWriter {

    private final Pooling2DSpec pooling;
    private final Window window;
    private final boolean max;

    Pooling2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.pooling = (Pooling2DSpec) step.layer();
        this.window = pooling.window();
        this.max = pooling.type() == Pooling2DSpec.Kind.MAX;
    }

    private ClassName type() {
        return ClassName.get(COMPILED, max ? "MaxPooling2DLayer" : "AveragePooling2DLayer");
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(type(), name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L, strides $L×$L, $L.", pooling.name(), describe(), window.strideHeight(),
                        window.strideWidth(), pooling.padding())
                .initializer("new $T($S, $T.of($L),\n$>$>$T.of($L, $L, $L, $L, $T.$L))$<$<", type(), pooling.name(),
                        SHAPE, Conv2DWriter.dims(step.input()), WINDOW, window.height(), window.width(),
                        window.strideHeight(), window.strideWidth(), Padding.class, pooling.padding())
                .build();
    }

    @Override
    String describe() {
        return pooling.kind() + "(" + window.describe() + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L of $L windows of $L $L → $L\n", name(), max ? "maximum" : "mean", window.describe(),
                inputName(), rowsShape(step.input()), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        if (max) {
            body.add("// $L: each window's gradient goes to the input that won it → $L\n", name(),
                    rowsShape(step.input()));
            body.addStatement("$L.backward($L, b.$L, $L, from, to)", name(), inputValues(), name(),
                    inputGradient());
        } else {
            body.add("// $L: each window's gradient is shared evenly by its inputs → $L\n", name(),
                    rowsShape(step.input()));
            body.addStatement("$L.backward(b.$L.gradient, $L, from, to)", name(), name(), inputGradient());
        }
    }
}
