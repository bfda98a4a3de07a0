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

    /** The convolution before, whose ReLU and bias this layer applies after its maximum, or null. */
    private final String reluOf;
    private final int channels;

    Pooling2DWriter(ModelPlan.Step step, Names names, String reluOf) {
        super(step, names);
        this.reluOf = reluOf;
        this.channels = step.output().dim(2);
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

    private int positions() {
        return step.output().dim(0) * step.output().dim(1);
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        if (reluOf != null) {
            body.add("// $L: maximum of $L windows of $L's products $L,\n//   then $L's bias and ReLU → $L\n",
                    name(), window.describe(), reluOf, rowsShape(step.input()), reluOf, rowsShape(step.output()));
            body.addStatement("$L.forward(b.$L.z, b.$L.z, from, to)", name(), reluOf, name());
            body.addStatement("$T.relu(b.$L.z, $L.biasBuffer(), b.$L.a, from * $L, to * $L, $L)",
                    ACTIVATION_KERNELS, name(), reluOf, name(), positions(), positions(), channels);
        } else {
            body.add("// $L: $L of $L windows of $L $L → $L\n", name(), max ? "maximum" : "mean",
                    window.describe(), inputName(), rowsShape(step.input()), rowsShape(step.output()));
            body.addStatement("$L.forward($L, b.$L.a, from, to)", name(), inputValues(), name());
        }
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        if (reluOf != null) {
            body.add("// $L: through $L's ReLU, then each window's gradient to the product that won it\n//   → $L\n",
                    name(), reluOf, rowsShape(step.input()));
            body.addStatement("$T.reluBackward(b.$L.z, b.$L.a, b.$L.gradient, from * $L, to * $L, $L)",
                    ACTIVATION_KERNELS, name(), name(), name(), positions(), positions(), channels);
            body.addStatement("$L.backward(b.$L.z, b.$L.z, b.$L, $L, from, to)", name(), reluOf, name(), name(),
                    inputGradient());
        } else if (max) {
            body.add("// $L: each window's gradient goes to the input that won it → $L\n", name(),
                    rowsShape(step.input()));
            body.addStatement("$L.backward($L, b.$L.a, b.$L, $L, from, to)", name(), inputValues(), name(),
                    name(), inputGradient());
        } else {
            body.add("// $L: each window's gradient is shared evenly by its inputs → $L\n", name(),
                    rowsShape(step.input()));
            body.addStatement("$L.backward(b.$L.gradient, $L, from, to)", name(), name(), inputGradient());
        }
    }
}
