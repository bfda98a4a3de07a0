package dev.fusenet.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.Window;
import javax.lang.model.element.Modifier;

/**
 * Writes a {@code @SeparableConv2D} layer: the depthwise stage into its middle values, the 1×1 product into the
 * outputs, then bias and activation in one pass over (rows · positions, filters).
 */
final class SeparableConv2DWriter extends LayerWriter {

    private static final ClassName LAYER = ClassName.get(COMPILED, "SeparableConv2DLayer");
    private static final ClassName WORK = LAYER.nestedClass("Work");

    private final SeparableConv2DSpec spec;
    private final Window window;
    private final Shape middle;

    SeparableConv2DWriter(ModelPlan.Step step, Names names) {
        super(step, names);
        this.spec = (SeparableConv2DSpec) step.layer();
        this.window = spec.window();
        this.middle = spec.depthwiseShape(step.input());
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
                .addJavadoc("$L(): $L, strides $L×$L, $L$L; depthwise kernel ($L, $L, $L, $L), pointwise kernel "
                                + "(1, 1, $L, $L)$L.", spec.name(), describe(), window.strideHeight(),
                        window.strideWidth(), spec.padding(), window.dilationWords(), window.height(), window.width(),
                        step.input().dim(2), spec.depthMultiplier(), middle.dim(2), spec.filters(),
                        spec.useBias() ? ", bias (" + spec.filters() + ")" : ", no bias")
                .initializer("new $T($S, $T.of($L), $L,\n$>$>$L, $L, $L, $T.$L)$<$<", LAYER, spec.name(), SHAPE,
                        Conv2DWriter.dims(step.input()), spec.filters(), windowOf(window), spec.depthMultiplier(),
                        spec.useBias(), Activation.class, spec.activation())
                .build();
    }

    @Override
    CodeBlock initialise() {
        return CodeBlock.of("$L.initialise($T.$L, $T.$L, $T.$L, random);\n", name(), Initializer.class,
                spec.depthwiseInitializer(), Initializer.class, spec.pointwiseInitializer(), Initializer.class,
                spec.biasInitializer());
    }

    @Override
    String describe() {
        return "SeparableConv2D(" + spec.filters() + ", " + window.describe() + ", " + spec.activation() + ")";
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
                .addJavadoc("$L's middle values $L and their gradient, and the 1×1 stage's patches.", name(),
                        rowsShape(middle))
                .build());
        constructor.addStatement("$L = new $T(rows, $L, $L)", work(), WORK, positions(), middle.dim(2));
    }

    @Override
    void forward(CodeBlock.Builder body, boolean training) {
        body.add("// $L: each channel's $L windows of $L $L · its kernels → $L, then · (1, 1, $L, $L)$L, $L → $L\n",
                name(), window.describe(), inputName(), rowsShape(step.input()), rowsShape(middle), middle.dim(2),
                spec.filters(), spec.useBias() ? " + (" + spec.filters() + ")" : "", word(spec.activation()),
                rowsShape(step.output()));
        body.addStatement("$L.forward($L, b.$L, b.$L, shard)", name(), inputValues(), work(), name());
        mapActivation(body, spec.activation());
        pushIfMultiplied(body);
    }

    @Override
    void backward(CodeBlock.Builder body) {
        String f = name();
        mapActivationBackward(body, spec.activation());
        body.add("// $L: the 1×1 stage's gradients and the middle values' $L, then the depthwise stage's$L\n", f,
                rowsShape(middle), step.passesGradient() ? " and " + inputName() + "'s " + rowsShape(step.input())
                        : "; the model's input needs no gradient");
        body.addStatement("$L.backward($L, b.$L, b.$L, $L, shard)", f, inputValues(), work(), f,
                step.passesGradient() ? inputGradient() : "null");
    }

    @Override
    void update(CodeBlock.Builder body, boolean apply) {
        body.add("// $L: depthwise and pointwise kernel gradients$L, the shards' sums added up$L\n", name(),
                spec.useBias() ? " and the bias's" : "", apply ? ", and the update" : "");
        body.addStatement("$L.weightGradient(b.$L, b.$L, part)", name(), work(), name());
        if (apply) {
            body.addStatement("$L.update(optimizer, part)", name());
        }
    }
}
