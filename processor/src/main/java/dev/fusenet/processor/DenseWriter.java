package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.ModelPlan;
import javax.lang.model.element.Modifier;

/** Writes a {@code @Dense} layer: a product through OpenBLAS, the bias and activation in one pass. */
final class DenseWriter extends LayerWriter {

    private static final ClassName DENSE_LAYER = ClassName.get(COMPILED, "DenseLayer");
    private static final ClassName DENSE_KERNELS = ClassName.get(COMPILED, "DenseKernels");

    private final DenseSpec dense;
    /** Whether the loss takes this layer's pre-activations, fusing its activation with the loss. */
    private final boolean fusedWithLoss;

    DenseWriter(ModelPlan.Step step, Names names, boolean fusedWithLoss) {
        super(step, names);
        this.dense = (DenseSpec) step.layer();
        this.fusedWithLoss = fusedWithLoss;
    }

    private int inputs() {
        return (int) step.input().size();
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(DENSE_LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L; kernel ($L, $L)$L.", dense.name(), describe(), inputs(), dense.units(),
                        dense.useBias() ? ", bias (" + dense.units() + ")" : ", no bias")
                .initializer("new $T($S, $L, $L, $L, $T.$L)", DENSE_LAYER, dense.name(), inputs(), dense.units(),
                        dense.useBias(), Activation.class, dense.activation())
                .build();
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise($T.$L, $T.$L, random);\n", name(), Initializer.class,
                dense.kernelInitializer(), Initializer.class, dense.biasInitializer());
    }

    @Override
    String describe() {
        return "Dense(" + dense.units() + ", " + dense.activation() + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        String bias = dense.useBias() ? " + (" + dense.units() + ")" : "";
        body.add("// $L: (rows, $L) · ($L, $L)$L, $L → (rows, $L)\n", name(), inputs(), inputs(), dense.units(),
                bias, word(dense.activation()), dense.units());
        body.addStatement("$T.forward($L, $L, b.$L, shard)", DENSE_KERNELS, inputBuffers(), name(), name());
        if (training && fusedWithLoss) {
            body.addStatement("$T.addBias(b.$L.z, $L.biasBuffer(), from, to, $L)", ACTIVATION_KERNELS, name(),
                    name(), dense.units());
        } else {
            body.addStatement("$T.$L(b.$L.z, $L.biasBuffer(), b.$L.a, from, to, $L)", ACTIVATION_KERNELS,
                    ModelWriter.kernelName(dense.activation()), name(), name(), name(), dense.units());
        }
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        String f = name();
        if (fusedWithLoss) {
            body.add("// $L: the fused loss gave the gradient with respect to z\n", f);
        } else if (dense.activation() == Activation.LINEAR) {
            body.add("// $L: linear, so the gradient with respect to z is the one with respect to the outputs\n", f);
        } else {
            body.add("// $L: through $L → (rows, $L)\n", f, word(dense.activation()), dense.units());
            body.addStatement("$T.$LBackward(b.$L.z, b.$L.a, b.$L.gradient, from, to, $L)", ACTIVATION_KERNELS,
                    ModelWriter.kernelName(dense.activation()), f, f, f, dense.units());
        }
        if (step.passesGradient()) {
            body.add("// $L: $L's gradient (rows, $L) = dz · kernelᵀ\n", f, inputName(), inputs());
        } else {
            body.add("// $L: the model's input needs no gradient\n", f);
        }
        body.addStatement("$T.backward($L, $L, b.$L, shard, $L)", DENSE_KERNELS,
                step.passesGradient() ? gradientBuffers() : inputBuffers(), f, f, step.passesGradient());
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: kernel gradient ($L, $L) = $Lᵀ · dz$L$L\n", name(), inputs(), dense.units(),
                inputName(), dense.useBias() ? ", bias gradient (" + dense.units() + ")" : "",
                apply ? ", and the update" : "");
        body.addStatement("$T.weightGradient($L, $L, b.$L, part)", DENSE_KERNELS, inputBuffers(), name(), name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
