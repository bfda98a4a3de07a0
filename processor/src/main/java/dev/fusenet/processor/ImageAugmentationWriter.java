package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/**
 * Writes an augmentation layer: this step's draws transform the batch while training, the values pass through at
 * inference, and the backward runs the same step's transform backwards. A kind gives its runtime class, its
 * constructor's arguments after the name and shape, and its description.
 */
abstract class ImageAugmentationWriter extends LayerWriter {

    private final ClassName layer;

    ImageAugmentationWriter(ModelPlan.Step step, Names names, String runtimeClass) {
        super(step, names);
        this.layer = ClassName.get(COMPILED, runtimeClass);
    }

    /** The runtime constructor's arguments after the name and the image shape. */
    abstract CodeBlock arguments();

    @Override
    final FieldSpec field() {
        return FieldSpec.builder(layer, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L on $L's images, while training only.", step.layer().name(), describe(),
                        inputName())
                .initializer("new $T($S, $T.of($L), $L)", layer, step.layer().name(), SHAPE,
                        Conv2DWriter.dims(step.output()), arguments())
                .build();
    }

    @Override
    final CodeBlock initialise() {
        return CodeBlock.of("$L.initialise(random);\n", name());
    }

    @Override
    final void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: $L → $L$L\n", name(), describe(), rowsShape(step.output()),
                training ? ", this step's draws" : ", passing images through at inference");
        if (training) {
            body.addStatement("$L.forwardTraining($L, b.$L.mask, b.$L.a, from, to, optimizer.iterations())", name(),
                    inputValues(), name(), name());
        } else {
            body.addStatement("$L.forwardInference($L, b.$L.a, from, to)", name(), inputValues(), name());
        }
        pushIfMultiplied(body);
    }

    @Override
    final void backward(CodeBlock.Builder body) {
        body.add("// $L: the gradient through this step's transform → $L\n", name(), rowsShape(step.input()));
        body.addStatement("$L.backward(b.$L.gradient, b.$L.mask, $L, from, to, optimizer.iterations())", name(),
                name(), name(), inputGradient());
    }

    /** {@code [lower, upper]} as the describe strings show ranges. */
    static String range(double[] range) {
        return "[" + range[0] + ", " + range[1] + "]";
    }
}
