package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Window;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @Conv2DTranspose} layer: the input's pixels times the kernel's transpose, spread onto the output
 * windows (col2im), then bias and activation in one pass over (rows · positions, filters).
 */
final class Conv2DTransposeWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "Conv2DTransposeLayer");
    private static final ClassName WORK = LAYER.nestedClass("Work");

    private final Conv2DTransposeSpec spec;
    private final Window window;

    Conv2DTransposeWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (Conv2DTransposeSpec) step.layer();
        this.window = spec.window();
    }

    private int positions() {
        return step.output().dim(0) * step.output().dim(1);
    }

    private String work() {
        return name() + "Work";
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L, strides $L×$L, $L; kernel ($L, $L, $L, $L)$L.", spec.name(), describe(),
                        window.strideHeight(), window.strideWidth(), spec.padding(), window.height(), window.width(),
                        spec.filters(), step.input().dim(2),
                        spec.useBias() ? ", bias (" + spec.filters() + ")" : ", no bias")
                .initializer("new $T($S, $T.of($L), $L,\n$>$>$T.of($L, $L, $L, $L, $T.$L), $T.of($L), $L, $T.$L)$<$<",
                        LAYER, spec.name(), SHAPE, Conv2DWriter.dims(step.input()), spec.filters(), WINDOW,
                        window.height(), window.width(), window.strideHeight(), window.strideWidth(), Padding.class,
                        spec.padding(), SHAPE, Conv2DWriter.dims(step.output()), spec.useBias(), Activation.class,
                        spec.activation())
                .build();
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise($T.$L, $T.$L, random);\n", name(), Initializer.class,
                spec.kernelInitializer(), Initializer.class, spec.biasInitializer());
    }

    @Override
    String describe() {
        return "Conv2DTranspose(" + spec.filters() + ", " + window.describe() + ", " + spec.activation() + ")";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        type.addField(FieldSpec.builder(LAYER_BUFFERS, name(), Modifier.FINAL)
                .addJavadoc("$L's outputs and gradients, $L, one row per position: (rows · $L, $L).", name(),
                        rowsShape(step.output()), positions(), spec.filters())
                .build());
        constructor.addStatement("$L = new $T(rows, $L, $L)", name(), LAYER_BUFFERS, step.output().size(),
                spec.filters());
        type.addField(FieldSpec.builder(WORK, work(), Modifier.FINAL)
                .addJavadoc("$L's input rows and their gradient off-heap, and its windows ($L values each).", name(),
                        spec.patchSize())
                .build());
        constructor.addStatement("$L = new $T(rows, $L, $L, $L)", work(), WORK,
                step.input().dim(0) * step.input().dim(1), step.input().dim(2), spec.patchSize());
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: each pixel of $L $L · kernelᵀ ($L, $L), spread onto its $L window of the output$L, $L → $L\n",
                name(), inputName(), rowsShape(step.input()), step.input().dim(2), spec.patchSize(),
                window.describe(), spec.useBias() ? " + (" + spec.filters() + ")" : "", word(spec.activation()),
                rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L, b.$L, shard)", name(), inputValues(), work(), name());
        mapActivation(body, spec.activation());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        String f = name();
        mapActivationBackward(body, spec.activation());
        body.add("// $L: the gradient's windows gathered; their transpose · $L for the kernel's$L\n", f, inputName(),
                step.passesGradient() ? ", · kernel for " + inputName() + "'s " + rowsShape(step.input())
                        : "; the model's input needs no gradient");
        body.addStatement("$L.backward($L, b.$L, b.$L, $L, shard)", f, inputValues(), work(), f,
                step.passesGradient() ? inputGradient() : "null");
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: kernel gradient, the shards' parts added up$L$L\n", name(),
                spec.useBias() ? ", bias gradient (" + spec.filters() + ")" : "", apply ? ", and the update" : "");
        body.addStatement("$L.weightGradient(b.rows, part)", name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
