package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Window;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @Conv2D} layer: the input's windows gathered into a patch matrix and multiplied by the kernel
 * ({@code Conv2DLayer}), then bias and activation in one pass over (rows · positions, filters).
 */
final class Conv2DWriter extends LayerWriter {

    private static final ClassName CONV_LAYER = ClassName.get(COMPILED, "Conv2DLayer");
    private static final ClassName PATCH_BUFFERS = ClassName.get(COMPILED, "PatchBuffers");

    private final Conv2DSpec conv;
    private final Window window;

    Conv2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.conv = (Conv2DSpec) step.layer();
        this.window = conv.window();
    }

    private int positions() {
        return step.output().dim(0) * step.output().dim(1);
    }

    private int patchSize() {
        return window.height() * window.width() * step.input().dim(2);
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(CONV_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L, strides $L×$L, $L$L; kernel ($L, $L, $L, $L)$L.", conv.name(), describe(),
                        window.strideHeight(), window.strideWidth(), conv.padding(), window.dilationWords(),
                        window.height(), window.width(), step.input().dim(2), conv.filters(),
                        conv.useBias() ? ", bias (" + conv.filters() + ")" : ", no bias")
                .initializer("new $T($S, $T.of($L), $L,\n$>$>$L, $L, $T.$L)$<$<", CONV_LAYER, conv.name(), SHAPE,
                        dims(step.input()), conv.filters(), windowOf(window), conv.useBias(), Activation.class,
                        conv.activation())
                .build();
    }

    static String dims(dev.fusenet.model.Shape shape) {
        return String.join(", ", shape.dims().stream().map(String::valueOf).toList());
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise($T.$L, $T.$L, random);\n", name(), Initializer.class,
                conv.kernelInitializer(), Initializer.class, conv.biasInitializer());
    }

    @Override
    String describe() {
        return "Conv2D(" + conv.filters() + ", " + window.describe() + ", " + conv.activation() + ")";
    }

    private String patches() {
        return name() + "Patches";
    }

    @Override
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        type.addField(FieldSpec.builder(LAYER_BUFFERS, name(), Modifier.FINAL)
                .addJavadoc("$L's outputs and gradients, $L, one row per position: (rows · $L, $L).", name(),
                        rowsShape(step.output()), positions(), conv.filters())
                .build());
        constructor.addStatement("$L = new $T(rows, $L, $L)", name(), LAYER_BUFFERS, step.output().size(),
                conv.filters());
        type.addField(FieldSpec.builder(PATCH_BUFFERS, patches(), Modifier.FINAL)
                .addJavadoc("$L's input windows as rows, (rows · $L, $L)$L, or a block of those rows at a time.",
                        name(), positions(), patchSize(), step.passesGradient() ? ", and their gradient" : "")
                .build());
        constructor.addStatement("$L = new $T(rows, $L, $L, $L)", patches(), PATCH_BUFFERS, positions(),
                patchSize(), step.passesGradient());
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        String bias = conv.useBias() ? " + (" + conv.filters() + ")" : "";
        body.add("// $L: $L windows of $L $L · ($L, $L)$L, $L → $L\n", name(), window.describe(), inputName(),
                rowsShape(step.input()), patchSize(), conv.filters(), bias, word(conv.activation()),
                rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L, b.$L, shard)", name(), inputValues(), patches(), name());
        if (step.reluMovesPastPooling()) {
            body.add("// $L: bias and ReLU after the max pooling: the same maximum, on a quarter of the values\n",
                    name());
        } else {
            mapActivation(body, conv.activation());
        }
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        String f = name();
        if (step.reluMovesPastPooling()) {
            body.add("// $L: the pooling layer gave the gradient with respect to z, through the ReLU\n", f);
        } else {
            mapActivationBackward(body, conv.activation());
        }
        if (step.passesGradient()) {
            body.add("// $L: $L's gradient $L = dz · kernelᵀ, summed back onto the pixels each window read\n", f,
                    inputName(), rowsShape(step.input()));
            body.addStatement("$L.backward($L, b.$L, b.$L, $L, shard)", f, inputValues(), patches(), f,
                    inputGradient());
        } else {
            body.add("// $L: the model's input needs no gradient\n", f);
            body.addStatement("$L.backward($L, b.$L, b.$L, shard)", f, inputValues(), patches(), f);
        }
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: kernel gradient ($L, $L), the shards' patchesᵀ · dz added up$L$L\n", name(),
                patchSize(), conv.filters(), conv.useBias() ? ", bias gradient (" + conv.filters() + ")" : "",
                apply ? ", and the update" : "");
        body.addStatement("$L.weightGradient(b.$L, b.$L, part)", name(), patches(), name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
