package dev.fusenet.processor;

import static java.util.Map.entry;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.FlattenSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.RandomBrightnessSpec;
import dev.fusenet.model.RandomContrastSpec;
import dev.fusenet.model.RandomFlipSpec;
import dev.fusenet.model.RandomRotationSpec;
import dev.fusenet.model.RandomTranslationSpec;
import dev.fusenet.model.RandomZoomSpec;
import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.UpSampling2DSpec;
import dev.fusenet.model.ZeroPadding2DSpec;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How one kind of layer is written into a compiled model's class: its field, its working memory, and its steps
 * in the forward and backward passes. {@link ModelWriter} lays out the class and calls these in the plan's order;
 * a new layer kind is a new implementation, registered in {@code WRITERS}.
 */
abstract class LayerWriter {

    static final String COMPILED = "dev.fusenet.runtime.compiled";
    static final ClassName LAYER_BUFFERS = ClassName.get(COMPILED, "LayerBuffers");
    static final ClassName ACTIVATION_KERNELS = ClassName.get(COMPILED, "ActivationKernels");
    static final ClassName SHAPE = ClassName.get("dev.fusenet.model", "Shape");
    static final ClassName WINDOW = ClassName.get("dev.fusenet.model", "Window");

    final ModelPlan.Step step;
    final Names names;

    LayerWriter(ModelPlan.Step step, Names names) {
        this.step = step;
        this.names = names;
    }

    /** {@code Window.of(3, 3, 1, 1, Padding.SAME)}, with the dilation's two values after the padding if dilated. */
    static CodeBlock windowOf(dev.fusenet.model.Window window) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.of($L, $L, $L, $L, $T.$L", WINDOW, window.height(),
                window.width(), window.strideHeight(), window.strideWidth(), dev.fusenet.annotations.Padding.class,
                window.padding());
        if (window.dilated()) {
            code.add(", $L, $L", window.dilationHeight(), window.dilationWidth());
        }
        return code.add(")").build();
    }

    /**
     * The writer of {@code step}'s kind; {@code reluOf} names the convolution whose ReLU a pooling step applies
     * ({@code ModelPlan.Step.reluMovesPastPooling}), or is null.
     */
    static LayerWriter of(ModelPlan.Step step, Names names, boolean fusedLoss, String reluOf) {
        Factory factory = WRITERS.get(step.layer().getClass());
        if (factory == null) {
            throw new IllegalArgumentException("no writer registered for " + step.layer().kind());
        }
        return factory.make(step, names, fusedLoss, reluOf);
    }

    /** Makes a kind's writer for a plan's step. */
    @FunctionalInterface
    private interface Factory {
        LayerWriter make(ModelPlan.Step step, Names names, boolean fusedLoss, String reluOf);
    }

    /** The processor's registration of the layer kinds' writers: a new kind adds one line. */
    private static final java.util.Map<Class<? extends LayerSpec>, Factory> WRITERS = java.util.Map.ofEntries(
            entry(DenseSpec.class, (step, names, fusedLoss, reluOf) -> new DenseWriter(step, names, fusedLoss && step.last())),
            entry(Conv2DSpec.class, (step, names, fusedLoss, reluOf) -> new Conv2DWriter(step, names)),
            entry(Pooling2DSpec.class, (step, names, fusedLoss, reluOf) -> new Pooling2DWriter(step, names, reluOf)),
            entry(DropoutSpec.class, (step, names, fusedLoss, reluOf) -> new DropoutWriter(step, names)),
            entry(FlattenSpec.class, (step, names, fusedLoss, reluOf) -> new FlattenWriter(step, names)),
            entry(MergeSpec.class, (step, names, fusedLoss, reluOf) -> new MergeWriter(step, names)),
            entry(ConcatenateSpec.class, (step, names, fusedLoss, reluOf) -> new ConcatenateWriter(step, names)),
            entry(ActivationLayerSpec.class, (step, names, fusedLoss, reluOf) -> new ActivationLayerWriter(step, names)),
            entry(BatchNormalizationSpec.class, (step, names, fusedLoss, reluOf) -> new BatchNormalizationWriter(step, names)),
            entry(GlobalPooling2DSpec.class, (step, names, fusedLoss, reluOf) -> new GlobalPooling2DWriter(step, names)),
            entry(RescalingSpec.class, (step, names, fusedLoss, reluOf) -> new RescalingWriter(step, names)),
            entry(ZeroPadding2DSpec.class, (step, names, fusedLoss, reluOf) -> new ZeroPadding2DWriter(step, names)),
            entry(Cropping2DSpec.class, (step, names, fusedLoss, reluOf) -> new Cropping2DWriter(step, names)),
            entry(UpSampling2DSpec.class, (step, names, fusedLoss, reluOf) -> new UpSampling2DWriter(step, names)),
            entry(LayerNormalizationSpec.class,
                    (step, names, fusedLoss, reluOf) -> new LayerNormalizationWriter(step, names)),
            entry(DepthwiseConv2DSpec.class, (step, names, fusedLoss, reluOf) -> new DepthwiseConv2DWriter(step, names)),
            entry(SeparableConv2DSpec.class, (step, names, fusedLoss, reluOf) -> new SeparableConv2DWriter(step, names)),
            entry(Conv2DTransposeSpec.class, (step, names, fusedLoss, reluOf) -> new Conv2DTransposeWriter(step, names)),
            entry(RandomFlipSpec.class, (step, names, fusedLoss, reluOf) -> new RandomFlipWriter(step, names)),
            entry(RandomRotationSpec.class, (step, names, fusedLoss, reluOf) -> new RandomRotationWriter(step, names)),
            entry(RandomZoomSpec.class, (step, names, fusedLoss, reluOf) -> new RandomZoomWriter(step, names)),
            entry(RandomTranslationSpec.class,
                    (step, names, fusedLoss, reluOf) -> new RandomTranslationWriter(step, names)),
            entry(RandomContrastSpec.class, (step, names, fusedLoss, reluOf) -> new RandomContrastWriter(step, names)),
            entry(RandomBrightnessSpec.class,
                    (step, names, fusedLoss, reluOf) -> new RandomBrightnessWriter(step, names)));

    /** The layer's field: the runtime object that holds its weights and kernels. */
    abstract FieldSpec field();

    /** What the seeded constructor does for this layer (draw weights or a dropout key), if anything. */
    CodeBlock initialise() {
        return CodeBlock.builder().build();
    }

    /** Adds this layer's working memory to the {@code Buffers} class and its constructor. */
    void addBuffers(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        type.addField(FieldSpec.builder(LAYER_BUFFERS, field().name(), javax.lang.model.element.Modifier.FINAL)
                .addJavadoc("$L's outputs and gradients, $L.", field().name(), rowsShape(step.output()))
                .build());
        constructor.addStatement("$L = new $T(rows, $L)", field().name(), LAYER_BUFFERS, step.output().size());
    }

    /** This layer's forward pass; {@code training} decides dropout's behaviour. */
    abstract void forward(CodeBlock.Builder body, boolean training);

    /**
     * This layer's backward pass on one shard's rows, from the gradient with respect to its outputs: the
     * gradient with respect to its pre-activations and its input.
     */
    abstract void backward(CodeBlock.Builder body);

    /**
     * For a layer with weights: part {@code part} of its weight gradients, over the whole batch, and with
     * {@code apply} the optimizer's update of that part.
     */
    void update(CodeBlock.Builder body, boolean apply) {
    }

    /** For a kind that needs the whole batch in training: its forward up to the barrier, this shard's part. */
    void forwardBeforeBarrier(CodeBlock.Builder body) {
        throw new IllegalStateException(step.layer().kind() + " has no barrier");
    }

    /** For a kind that needs the whole batch: on the caller, the shards' parts combined, forward or backward. */
    void meet(CodeBlock.Builder body, boolean backward) {
        throw new IllegalStateException(step.layer().kind() + " has no barrier");
    }

    /** For a kind that needs the whole batch: its forward after the barrier. */
    void forwardAfterBarrier(CodeBlock.Builder body) {
        throw new IllegalStateException(step.layer().kind() + " has no barrier");
    }

    /** For a kind that needs the whole batch: its backward up to the barrier, this shard's part of the sums. */
    void backwardBeforeBarrier(CodeBlock.Builder body) {
        throw new IllegalStateException(step.layer().kind() + " has no barrier");
    }

    /** For a kind that needs the whole batch: its backward after the barrier, its input's gradient. */
    void backwardAfterBarrier(CodeBlock.Builder body) {
        throw new IllegalStateException(step.layer().kind() + " has no barrier");
    }

    /** {@code Conv2D(32, 3×3, RELU)}: the layer in the class comment's table. */
    abstract String describe();

    /** The field's name. */
    final String name() {
        return names.field(step.index());
    }

    /** After the forward pass: where a following dense layer's product reads the outputs. */
    final void pushIfMultiplied(CodeBlock.Builder body) {
        if (step.feedsProduct()) {
            body.addStatement("b.$L.pushActivations(shard)", name());
        }
    }

    /** The heap array that holds this layer's input: the batch {@code x}, or the previous layer's outputs. */
    final String inputValues() {
        return step.source() == ModelPlan.INPUT ? "x" : "b." + names.field(step.source()) + ".a";
    }

    /** The buffers that hold this layer's input. */
    final String inputBuffers() {
        return step.source() == ModelPlan.INPUT ? "b.input" : "b." + names.field(step.source());
    }

    /**
     * The array where this layer's input gradient goes: the input's own, or, where another layer reading the same
     * input wrote its gradient there first, the input's branch buffer, added to it afterwards ({@link #addBranch}).
     */
    final String inputGradient() {
        return gradientBuffers() + ".gradient";
    }

    /** The buffers where this layer's input gradient goes: the input's, or its branch (see {@link #inputGradient}). */
    final String gradientBuffers() {
        return "b." + names.field(step.source()) + (step.addsGradientToInput() ? "Branch" : "");
    }

    /** Where the input gradient went to the branch buffer: adds it to the gradient the input's other readers sent. */
    final void addBranch(CodeBlock.Builder body) {
        if (step.layer().maxInputs() == 1 && step.passesGradient() && step.addsGradientToInput()) {
            String input = names.field(step.source());
            body.add("// $L: $L has other readers, so this gradient adds to theirs\n", name(), input);
            body.addStatement("b.$L.addGradient(b.$LBranch, from, to)", input, input);
        }
    }

    /** Points this layer's view of the batch at {@code x}, where it reads the model's input; before the shards run. */
    void bindBatch(CodeBlock.Builder body) {
    }

    /** The layers this step reads, as the generated code names them ({@code x} for the model's input). */
    final List<String> sourceNames() {
        return step.sources().stream().map(source -> source == ModelPlan.INPUT ? "x" : names.field(source)).toList();
    }

    /** The {@code Buffers} field that lists the values a merge reads. */
    final String inputsField() {
        return name() + "Inputs";
    }

    /** For a kind that reads several values: their arrays as one field; the model's input's slot bound per batch. */
    final void addInputsField(TypeSpec.Builder type, MethodSpec.Builder constructor) {
        List<String> sources = sourceNames();
        type.addField(FieldSpec.builder(float[][].class, inputsField(), javax.lang.model.element.Modifier.FINAL)
                .addJavadoc("The values $L reads: $L.", name(), String.join(", ", sources))
                .build());
        CodeBlock values = sources.stream().map(s -> CodeBlock.of(s.equals("x") ? "null" : s + ".a"))
                .collect(CodeBlock.joining(", "));
        constructor.addStatement("$L = new float[][] {$L}", inputsField(), values);
    }

    /** Points the {@link #addInputsField} slots that read the model's input at the batch {@code x}. */
    final void bindInputsField(CodeBlock.Builder body) {
        List<String> sources = sourceNames();
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k).equals("x")) {
                body.addStatement("b.$L[$L] = x", inputsField(), k);
            }
        }
    }

    /**
     * A feature map's bias and activation in one pass over its (rows · positions, channels) values, after the
     * product or loops that wrote {@code z}: what every convolution kind ends its forward with.
     */
    final void mapActivation(CodeBlock.Builder body, dev.fusenet.annotations.Activation activation) {
        Shape out = step.output();
        int positions = out.dim(0) * out.dim(1);
        body.addStatement("$T.$L(b.$L.z, $L.biasBuffer(), b.$L.a, from * $L, to * $L, $L)", ACTIVATION_KERNELS,
                ModelWriter.kernelName(activation), name(), name(), name(), positions, positions, out.dim(2));
    }

    /** The gradient through a feature map's activation, in place: a convolution kind's backward starts here. */
    final void mapActivationBackward(CodeBlock.Builder body, dev.fusenet.annotations.Activation activation) {
        if (activation == dev.fusenet.annotations.Activation.LINEAR) {
            body.add("// $L: linear, so the gradient with respect to z is the one with respect to the outputs\n",
                    name());
            return;
        }
        Shape out = step.output();
        int positions = out.dim(0) * out.dim(1);
        body.add("// $L: through $L → $L\n", name(), word(activation), rowsShape(out));
        body.addStatement("$T.$LBackward(b.$L.z, b.$L.a, b.$L.gradient, from * $L, to * $L, $L)", ACTIVATION_KERNELS,
                ModelWriter.kernelName(activation), name(), name(), name(), positions, positions, out.dim(2));
    }

    /** The layer whose output this layer reads, for comments. */
    final String inputName() {
        return step.source() == ModelPlan.INPUT ? "x" : names.field(step.source());
    }

    /** {@code (rows, 26, 26, 32)}. */
    static String rowsShape(Shape shape) {
        return shape.dims().stream().map(String::valueOf).collect(Collectors.joining(", ", "(rows, ", ")"));
    }

    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** Names of the generated code: each layer's field, unique and clear of the code's own names. */
    static final class Names {

        private final List<String> fields;

        Names(List<String> fields) {
            this.fields = List.copyOf(fields);
        }

        String field(int index) {
            return fields.get(index);
        }
    }
}
