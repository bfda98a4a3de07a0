package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Window;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @DepthwiseConv2D} layer: each channel's windows times its own kernels in direct loops, then bias
 * and activation in one pass over (rows · positions, channels · depthMultiplier).
 */
final class DepthwiseConv2DWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "DepthwiseConv2DLayer");

    private final DepthwiseConv2DSpec spec;
    private final Window window;

    DepthwiseConv2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (DepthwiseConv2DSpec) step.layer();
        this.window = spec.window();
    }

    private int units() {
        return step.output().dim(2);
    }

    private String kernelShape() {
        return "(" + window.height() + ", " + window.width() + ", " + step.input().dim(2) + ", "
                + spec.depthMultiplier() + ")";
    }

    @Override
    FieldSpec field() {
        return FieldSpec.builder(LAYER, name(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L, strides $L×$L, $L$L; depthwise kernel $L$L.", spec.name(), describe(),
                        window.strideHeight(), window.strideWidth(), spec.padding(), window.dilationWords(),
                        kernelShape(), spec.useBias() ? ", bias (" + units() + ")" : ", no bias")
                .initializer("new $T($S, $T.of($L),\n$>$>$L, $L, $L, $T.$L)$<$<", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.input()), windowOf(window), spec.depthMultiplier(), spec.useBias(),
                        Activation.class, spec.activation())
                .build();
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise($T.$L, $T.$L, random);\n", name(), Initializer.class,
                spec.depthwiseInitializer(), Initializer.class, spec.biasInitializer());
    }

    @Override
    String describe() {
        return "DepthwiseConv2D(" + window.describe() + (spec.depthMultiplier() != 1 ? ", ×" + spec.depthMultiplier()
                : "") + ", " + spec.activation() + ")";
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: each channel's $L windows of $L $L · its kernels $L$L, $L → $L\n", name(), window.describe(),
                inputName(), rowsShape(step.input()), kernelShape(), spec.useBias() ? " + (" + units() + ")" : "",
                word(spec.activation()), rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L.z, from, to)", name(), inputValues(), name());
        mapActivation(body, spec.activation());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        String f = name();
        mapActivationBackward(body, spec.activation());
        if (step.passesGradient()) {
            body.add("// $L: this shard's kernel and bias gradients, and $L's gradient $L, each pixel's summed over the "
                    + "windows that read it\n", f, inputName(), rowsShape(step.input()));
            body.addStatement("$L.backward($L, b.$L.gradient, $L, shard, from, to)", f, inputValues(), f,
                    inputGradient());
        } else {
            body.add("// $L: this shard's kernel and bias gradients; the model's input needs no gradient\n", f);
            body.addStatement("$L.backward($L, b.$L.gradient, null, shard, from, to)", f, inputValues(), f);
        }
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: depthwise kernel gradient $L$L, the shards' sums added up$L\n", name(), kernelShape(),
                spec.useBias() ? ", bias gradient (" + units() + ")" : "", apply ? ", and the update" : "");
        body.addStatement("$L.weightGradient(b.rows, part)", name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
