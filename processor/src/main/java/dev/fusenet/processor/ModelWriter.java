package dev.fusenet.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Step three of the processor: writes {@code Compiled<Name>} for a valid declaration. The class holds the weights
 * of each layer in a field named after its layer method, and a training step that is straight-line code for this
 * one architecture: every shape a constant, every buffer made once per batch size, the bias added in the same pass
 * as the activation, softmax or sigmoid fused with their cross-entropy, and no gradient for the model's input.
 * Everything that does not depend on the architecture (batching, the fit loop, evaluation, saving) is
 * {@code CompiledModelSupport} in the runtime, and the arithmetic is the runtime's kernels, so the generated code
 * reads as the model's data flow. The output is deterministic: the same declaration gives the same bytes.
 */
final class ModelWriter {

    static final String PROCESSOR = "dev.fusenet.processor.FusenetProcessor";

    private static final String RUNTIME = "dev.fusenet.runtime";
    private static final String COMPILED = RUNTIME + ".compiled";
    private static final ClassName MODEL = ClassName.get(RUNTIME, "Model");
    private static final ClassName LAYER = ClassName.get(RUNTIME, "Layer");
    private static final ClassName TENSOR = ClassName.get(RUNTIME, "Tensor");
    private static final ClassName EVALUATION = ClassName.get(RUNTIME, "Evaluation");
    private static final ClassName FIT_OPTIONS = ClassName.get(RUNTIME, "FitOptions");
    private static final ClassName HISTORY = ClassName.get(RUNTIME + ".training", "History");
    private static final ClassName PREDICTION_METRIC = ClassName.get(RUNTIME + ".metrics", "PredictionMetric");
    private static final ClassName GRADIENT_OPTIMIZER = ClassName.get(RUNTIME + ".optimizers", "GradientOptimizer");
    private static final ClassName FUSED_LOSSES = ClassName.get(RUNTIME + ".losses", "FusedLosses");
    private static final ClassName DENSE_LAYER = ClassName.get(COMPILED, "DenseLayer");
    private static final ClassName DROPOUT_LAYER = ClassName.get(COMPILED, "DropoutLayer");
    private static final ClassName LAYER_BUFFERS = ClassName.get(COMPILED, "LayerBuffers");
    private static final ClassName DENSE_KERNELS = ClassName.get(COMPILED, "DenseKernels");
    private static final ClassName ACTIVATION_KERNELS = ClassName.get(COMPILED, "ActivationKernels");
    private static final ClassName LOSS_KERNELS = ClassName.get(COMPILED, "LossKernels");
    private static final ClassName SUPPORT = ClassName.get(COMPILED, "CompiledModelSupport");
    private static final ClassName NETWORK = SUPPORT.nestedClass("Network");
    private static final ClassName BUFFER_CACHE = ClassName.get(COMPILED, "BatchBufferCache");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final ClassName SPLITTABLE_RANDOM = ClassName.get("java.util", "SplittableRandom");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName CONSUMER = ClassName.get("java.util.function", "Consumer");
    private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
    private static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");

    /** The seed of the no-argument constructor. */
    static final long DEFAULT_SEED = ModelSpec.DEFAULT_SEED;

    /** Names the generated code uses for its own members and locals, which layer fields must not shadow. */
    private static final List<String> OWN_NAMES = List.of("optimizer", "support", "buffers", "input", "x", "y",
            "rows", "metrics", "b", "loss", "m", "outputs", "seed", "random", "options", "path", "DEFAULT_SEED",
            "Buffers");

    private final Elements elements;

    ModelWriter(Elements elements) {
        this.elements = elements;
    }

    /** One layer as the generated code sees it. */
    private record Stage(LayerSpec spec, String field, String inputBuffers, int inputs, int units, boolean first,
                         boolean last, boolean feedsDense) {

        DenseSpec dense() {
            return (DenseSpec) spec;
        }

        boolean isDense() {
            return spec instanceof DenseSpec;
        }

        /** The (rows, units) shape comment of this layer's output. */
        String outputShape() {
            return "(rows, " + units + ")";
        }

        String describe() {
            return spec instanceof DenseSpec d ? "Dense(" + d.units() + ", " + d.activation() + ")"
                    : "Dropout(" + ((DropoutSpec) spec).rate() + ")";
        }
    }

    JavaFile write(Declaration declaration) {
        TypeElement type = declaration.type();
        ModelSpec spec = declaration.spec();
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        ClassName modelType = ClassName.get(type);
        ClassName generated = ClassName.get(packageName, DeclarationRules.generatedName(type));
        List<Stage> stages = stages(spec);
        ClassName buffers = generated.nestedClass("Buffers");

        TypeSpec.Builder builder = TypeSpec.classBuilder(generated)
                .addOriginatingElement(type)
                .addJavadoc(classComment(spec, stages))
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", PROCESSOR)
                        .addMember("comments", "$S", "from " + type.getQualifiedName())
                        .build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        if (type.getKind() == ElementKind.INTERFACE) {
            builder.addSuperinterface(modelType);
        } else {
            builder.superclass(modelType);
        }
        builder.addSuperinterface(MODEL).addSuperinterface(NETWORK);

        builder.addField(FieldSpec.builder(long.class, "DEFAULT_SEED", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("The seed of {@link #$L()}.", generated.simpleName())
                .initializer("$LL", DEFAULT_SEED)
                .build());
        for (Stage stage : stages) {
            builder.addField(layerField(stage));
        }
        builder.addField(GRADIENT_OPTIMIZER, "optimizer", Modifier.PRIVATE, Modifier.FINAL);
        builder.addField(SUPPORT, "support", Modifier.PRIVATE, Modifier.FINAL);
        builder.addField(FieldSpec.builder(ParameterizedTypeName.get(BUFFER_CACHE, buffers), "buffers",
                        Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Working memory, made once for each batch size.")
                .initializer("new $T<>($T::new)", BUFFER_CACHE, buffers)
                .build());

        builder.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A model with fresh weights drawn from {@link #DEFAULT_SEED}.")
                .addStatement("this(DEFAULT_SEED)")
                .build());
        builder.addMethod(seededConstructor(spec, stages));
        for (Stage stage : stages) {
            builder.addMethod(layerMethod(declaration, stage));
        }
        builder.addMethod(trainStep(spec, stages));
        builder.addMethod(forward(spec, stages));
        addModelMethods(builder);
        builder.addType(buffersType(buffers, spec, stages));

        return JavaFile.builder(packageName, builder.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private static List<Stage> stages(ModelSpec spec) {
        NameAllocator names = new NameAllocator();
        OWN_NAMES.forEach(name -> names.newName(name, "own:" + name));
        List<Stage> stages = new ArrayList<>();
        int width = spec.inputSize();
        String previous = "input";
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String field = names.newName(layer.name(), layer);
            int units = layer instanceof DenseSpec dense ? dense.units() : width;
            boolean feedsDense = i + 1 < layers.size() && layers.get(i + 1) instanceof DenseSpec;
            stages.add(new Stage(layer, field, previous, width, units, i == 0, i == layers.size() - 1, feedsDense));
            previous = field;
            width = units;
        }
        return stages;
    }

    // ------------------------------------------------------------------ comments

    private static CodeBlock classComment(ModelSpec spec, List<Stage> stages) {
        TrainingSpec training = spec.training();
        int nameWidth = stages.stream().mapToInt(s -> s.field().length()).max().orElse(0);
        int describeWidth = stages.stream().mapToInt(s -> s.describe().length()).max().orElse(0);
        String table = stages.stream()
                .map(s -> String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + describeWidth + "s  (rows, %d) → "
                        + "(rows, %d)", s.field(), s.describe(), s.inputs(), s.units()))
                .collect(Collectors.joining("\n"));
        String metrics = training.metrics().isEmpty() ? "no metrics"
                : training.metrics().stream().map(Enum::name).collect(Collectors.joining(", "));
        return CodeBlock.builder()
                .add("The compiled {@link $L}: its training code, written for exactly this architecture.\n",
                        spec.name())
                .add("\n<pre>\n$L\n</pre>\n\n", table)
                .add("Trained with $L on $L, reporting $L. {@code rows} is the batch size.\n",
                        training.optimizer(), training.loss(), metrics)
                .add("Written by fusenet's annotation processor from {@code $L}; do not edit.\n", spec.name())
                .build();
    }

    private static String weightShapes(Stage stage) {
        DenseSpec dense = stage.dense();
        return "kernel (" + stage.inputs() + ", " + dense.units() + ")"
                + (dense.useBias() ? ", bias (" + dense.units() + ")" : ", no bias");
    }

    // ------------------------------------------------------------------ fields, constructors, layer methods

    private static FieldSpec layerField(Stage stage) {
        if (stage.spec() instanceof DenseSpec dense) {
            return FieldSpec.builder(DENSE_LAYER, stage.field(), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L(): $L; $L.", dense.name(), stage.describe(), weightShapes(stage))
                    .initializer("new $T($S, $L, $L, $L, $T.$L)", DENSE_LAYER, dense.name(), stage.inputs(),
                            dense.units(), dense.useBias(), Activation.class, dense.activation())
                    .build();
        }
        DropoutSpec dropout = (DropoutSpec) stage.spec();
        return FieldSpec.builder(DROPOUT_LAYER, stage.field(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): $L on $L values per sample.", dropout.name(), stage.describe(), stage.units())
                .initializer("new $T($S, $L, $L)", DROPOUT_LAYER, dropout.name(), stage.units(),
                        Double.toString(dropout.rate()))
                .build();
    }

    private static MethodSpec seededConstructor(ModelSpec spec, List<Stage> stages) {
        TrainingSpec training = spec.training();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A model with fresh weights drawn from {@code seed}, layer by layer in declaration "
                        + "order;\nthe same seed trains to the same weights.")
                .addParameter(long.class, "seed")
                .addStatement("$T random = new $T(seed)", SPLITTABLE_RANDOM, SPLITTABLE_RANDOM);
        for (Stage stage : stages) {
            if (stage.spec() instanceof DenseSpec dense) {
                constructor.addStatement("$L.initialise($T.$L, $T.$L, random)", stage.field(), Initializer.class,
                        dense.kernelInitializer(), Initializer.class, dense.biasInitializer());
            } else {
                constructor.addStatement("$L.initialise(random)", stage.field());
            }
        }
        constructor.addStatement("optimizer = $L", optimizer(training));
        String layerList = stages.stream().map(Stage::field).collect(Collectors.joining(", "));
        CodeBlock metrics = training.metrics().stream().map(m -> CodeBlock.of("$T.$L", Metric.class, m))
                .collect(CodeBlock.joining(", "));
        constructor.addStatement("support = new $T($S, $L, $L, $T.$L,\n$>$>$T.of($L), $L, $L, $T.of($L), optimizer, "
                        + "seed, this)$<$<", SUPPORT, spec.name(), spec.inputSize(), spec.outputSize(), Loss.class,
                training.loss(), LIST, metrics, training.fromLogits(), Double.toString(training.labelSmoothing()), LIST,
                layerList);
        return constructor.build();
    }


    /** {@code new RMSprop()}, or with the hyperparameters the declaration set: {@code new SGD(s -> s.momentum(0.9))}. */
    private static CodeBlock optimizer(TrainingSpec training) {
        ClassName type = ClassName.get(RUNTIME + ".optimizers", optimizerClass(training.optimizer()));
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("learningRate", training.learningRate());
        numbers.put("rho", training.rho());
        numbers.put("momentum", training.momentum());
        numbers.put("beta1", training.beta1());
        numbers.put("beta2", training.beta2());
        numbers.put("epsilon", training.epsilon());
        numbers.put("weightDecay", training.weightDecay());
        numbers.forEach((name, value) -> {
            if (!Double.isNaN(value)) {
                settings.put(name, Double.toString(value));
            }
        });
        if (training.nesterov()) {
            settings.put("nesterov", true);
        }
        if (training.centered()) {
            settings.put("centered", true);
        }
        if (training.amsgrad()) {
            settings.put("amsgrad", true);
        }
        if (settings.isEmpty()) {
            return CodeBlock.of("new $T()", type);
        }
        String calls = settings.entrySet().stream().map(e -> "." + e.getKey() + "(" + e.getValue() + ")")
                .collect(Collectors.joining());
        return CodeBlock.of("new $T(settings -> settings$L)", type, calls);
    }

    static String optimizerClass(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> "SGD";
            case RMSPROP -> "RMSprop";
            case ADAM -> "Adam";
            case ADAGRAD -> "Adagrad";
            case ADADELTA -> "Adadelta";
            case ADAMAX -> "Adamax";
            case NADAM -> "Nadam";
            case ADAMW -> "AdamW";
        };
    }

    private static MethodSpec layerMethod(Declaration declaration, Stage stage) {
        Declaration.LayerSite site = declaration.layers().stream()
                .filter(s -> s.method().getSimpleName().contentEquals(stage.spec().name()))
                .findFirst().orElseThrow();
        MethodSpec.Builder method = MethodSpec.methodBuilder(stage.spec().name())
                .addAnnotation(Override.class)
                .returns(LAYER)
                .addStatement("return $L", stage.field());
        for (Modifier modifier : site.method().getModifiers()) {
            if (modifier == Modifier.PUBLIC || modifier == Modifier.PROTECTED) {
                method.addModifiers(modifier);
            }
        }
        if (declaration.type().getKind() == ElementKind.INTERFACE) {
            method.addModifiers(Modifier.PUBLIC);
        }
        return method.build();
    }

    // ------------------------------------------------------------------ the training step

    private static boolean fusedLoss(Loss loss) {
        return loss == Loss.CATEGORICAL_CROSSENTROPY || loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY
                || loss == Loss.BINARY_CROSSENTROPY;
    }

    private static MethodSpec trainStep(ModelSpec spec, List<Stage> stages) {
        TrainingSpec training = spec.training();
        boolean fused = fusedLoss(training.loss());
        Stage output = stages.get(stages.size() - 1);
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$T b = buffers.forRows(rows)", ClassName.get("", "Buffers"))
                .addStatement("b.input.load(x)")
                .add("\n// Forward\n");
        for (Stage stage : stages) {
            if (stage.last() && fused) {
                denseProduct(body, stage);
                body.addStatement("$T.addBias(b.$L.z, $L.biasBuffer(), rows, $L)", ACTIVATION_KERNELS,
                        stage.field(), stage.field(), stage.units());
            } else {
                forwardStage(body, stage, true);
            }
        }
        body.add("\n// Loss\n");
        lossStatement(body, training, output);
        String metricInput = training.fromLogits() ? "z" : "a";
        body.beginControlFlow("for (int m = 0; m < metrics.size(); m++)")
                .addStatement("metrics.get(m).update(y, b.$L.$L, rows, $L)", output.field(), metricInput,
                        output.units())
                .endControlFlow();
        body.add("\n// Backward: each layer turns the gradient with respect to its outputs into its weights' "
                + "gradients\n// and the gradient with respect to its inputs\n");
        for (int i = stages.size() - 1; i >= 0; i--) {
            backwardStage(body, stages.get(i), fused);
        }
        body.add("\n// Update: $L on every weight, as one optimizer step\n", training.optimizer());
        body.addStatement("optimizer.beginStep()");
        for (Stage stage : stages) {
            if (stage.isDense()) {
                body.addStatement("$L.update(optimizer)", stage.field());
            }
        }
        body.addStatement("optimizer.endStep()");
        body.addStatement("return loss");
        return MethodSpec.methodBuilder("trainStep")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("One training step on the first {@code rows} samples of {@code x} ($L values each) and "
                        + "{@code y}: forward,\nloss, backward and update. Returns the batch's mean loss. {@code fit} "
                        + "calls it; once a batch size has\nbeen seen, it allocates nothing.", spec.inputSize())
                .returns(double.class)
                .addParameter(float[].class, "x")
                .addParameter(float[].class, "y")
                .addParameter(int.class, "rows")
                .addParameter(ParameterizedTypeName.get(LIST, PREDICTION_METRIC), "metrics")
                .addCode(body.build())
                .build();
    }

    private static void denseProduct(CodeBlock.Builder body, Stage stage) {
        DenseSpec dense = stage.dense();
        String bias = dense.useBias() ? " + (" + dense.units() + ")" : "";
        body.add("// $L: (rows, $L) · ($L, $L)$L, $L → $L\n", stage.field(), stage.inputs(), stage.inputs(),
                dense.units(), bias, activationWord(stage), stage.outputShape());
        body.addStatement("$T.forward(b.$L, $L, b.$L)", DENSE_KERNELS, stage.inputBuffers(), stage.field(),
                stage.field());
    }

    private static String activationWord(Stage stage) {
        return stage.dense().activation().name().toLowerCase(Locale.ROOT);
    }

    /** The forward pass of one layer; {@code training} decides dropout's behaviour. */
    private static void forwardStage(CodeBlock.Builder body, Stage stage, boolean training) {
        if (stage.spec() instanceof DenseSpec dense) {
            denseProduct(body, stage);
            body.addStatement("$T.$L(b.$L.z, $L.biasBuffer(), b.$L.a, rows, $L)", ACTIVATION_KERNELS,
                    kernelName(dense.activation()), stage.field(), stage.field(), stage.field(), dense.units());
        } else {
            body.add("// $L: $L → $L$L\n", stage.field(), stage.describe(), stage.outputShape(),
                    training ? "" : ", passing values through at inference");
            if (training) {
                body.addStatement("$L.forwardTraining(\n$>$>b.$L.a, b.$L.mask, b.$L.a, rows * $L, "
                                + "optimizer.iterations())$<$<",
                        stage.field(), stage.inputBuffers(), stage.field(), stage.field(), stage.units());
            } else {
                body.addStatement("$L.forwardInference(b.$L.a, b.$L.a, rows * $L)", stage.field(),
                        stage.inputBuffers(), stage.field(), stage.units());
            }
        }
        if (stage.feedsDense()) {
            body.addStatement("b.$L.pushActivations()", stage.field());
        }
    }

    /** The loss of the output layer's activations, with its gradient into the output layer's buffer. */
    private static void lossStatement(CodeBlock.Builder body, TrainingSpec training, Stage output) {
        String o = output.field();
        int units = output.units();
        String smoothing = training.labelSmoothing() == 0 ? "0f" : training.labelSmoothing() + "f";
        switch (training.loss()) {
            case CATEGORICAL_CROSSENTROPY -> {
                body.add("// softmax and categorical cross-entropy in one pass: p = softmax(z), gradient (p - y) / "
                        + "rows\n");
                body.addStatement("double loss = $T.softmaxCategoricalCrossentropy(\n$>$>b.$L.z, y, b.$L.a, "
                        + "b.$L.gradient, rows, $L, $L)$<$<", FUSED_LOSSES, o, o, o, units, smoothing);
            }
            case SPARSE_CATEGORICAL_CROSSENTROPY -> {
                body.add("// softmax and sparse categorical cross-entropy in one pass: p = softmax(z), gradient "
                        + "(p - onehot(y)) / rows\n");
                body.addStatement("double loss = $T.softmaxSparseCategoricalCrossentropy(\n$>$>b.$L.z, y, b.$L.a, "
                        + "b.$L.gradient, rows, $L)$<$<", FUSED_LOSSES, o, o, o, units);
            }
            case BINARY_CROSSENTROPY -> {
                body.add("// sigmoid and binary cross-entropy in one pass: p = sigmoid(z), gradient (p - y) / "
                        + "(rows · $L)\n", units);
                body.addStatement("double loss = $T.sigmoidBinaryCrossentropy(\n$>$>b.$L.z, y, b.$L.a, "
                        + "b.$L.gradient, rows, $L, $L)$<$<", FUSED_LOSSES, o, o, o, units, smoothing);
            }
            default -> {
                body.add("// $L, and its gradient with respect to $L's outputs\n",
                        training.loss().name().toLowerCase(Locale.ROOT).replace('_', ' '), o);
                body.addStatement("double loss = $T.$L(y, b.$L.a, b.$L.gradient, rows, $L)", LOSS_KERNELS,
                        lossKernel(training.loss()), o, o, units);
            }
        }
    }

    private static String lossKernel(Loss loss) {
        return switch (loss) {
            case MEAN_SQUARED_ERROR -> "meanSquaredError";
            case MEAN_ABSOLUTE_ERROR -> "meanAbsoluteError";
            case KL_DIVERGENCE -> "klDivergence";
            case COSINE_SIMILARITY -> "cosineSimilarity";
            case HUBER -> "huber";
            case HINGE -> "hinge";
            case CATEGORICAL_CROSSENTROPY, SPARSE_CATEGORICAL_CROSSENTROPY, BINARY_CROSSENTROPY ->
                    throw new IllegalArgumentException(loss + " is fused with its activation");
        };
    }

    private static void backwardStage(CodeBlock.Builder body, Stage stage, boolean fused) {
        String f = stage.field();
        if (stage.spec() instanceof DenseSpec dense) {
            if (stage.last() && fused) {
                body.add("// $L: the fused loss gave the gradient with respect to z\n", f);
            } else if (dense.activation() == Activation.LINEAR) {
                body.add("// $L: linear, so the gradient with respect to z is the one with respect to the outputs\n",
                        f);
            } else {
                body.add("// $L: through $L → $L\n", f, activationWord(stage), stage.outputShape());
                body.addStatement("$T.$LBackward(b.$L.z, b.$L.a, b.$L.gradient, rows, $L)", ACTIVATION_KERNELS,
                        kernelName(dense.activation()), f, f, f, dense.units());
            }
            String inputGradient = stage.first() ? "; the model's input needs no gradient"
                    : ", " + stage.inputBuffers() + "'s gradient (rows, " + stage.inputs() + ")";
            body.add("// $L: kernel gradient ($L, $L) = $Lᵀ · dz$L$L\n", f, stage.inputs(), dense.units(),
                    stage.first() ? "x" : stage.inputBuffers(),
                    dense.useBias() ? ", bias gradient (" + dense.units() + ")" : "", inputGradient);
            body.addStatement("$T.backward(b.$L, $L, b.$L, $L)", DENSE_KERNELS, stage.inputBuffers(), f, f,
                    !stage.first());
        } else {
            body.add("// $L: the gradient flows through the kept values only → (rows, $L)\n", f, stage.units());
            body.addStatement("$L.backward(b.$L.gradient, b.$L.mask, b.$L.gradient, rows * $L)", f, f, f,
                    stage.inputBuffers(), stage.units());
        }
    }

    static String kernelName(Activation activation) {
        return switch (activation) {
            case LINEAR -> "linear";
            case RELU -> "relu";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case SOFTMAX -> "softmax";
            case LEAKY_RELU -> "leakyRelu";
            case ELU -> "elu";
            case GELU -> "gelu";
            case SWISH -> "swish";
        };
    }

    // ------------------------------------------------------------------ inference

    private static MethodSpec forward(ModelSpec spec, List<Stage> stages) {
        Stage output = stages.get(stages.size() - 1);
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$T b = buffers.forRows(rows)", ClassName.get("", "Buffers"))
                .addStatement("b.input.load(x)");
        for (Stage stage : stages) {
            forwardStage(body, stage, false);
        }
        body.addStatement("$T.arraycopy(b.$L.a, 0, outputs, 0, rows * $L)", System.class, output.field(),
                output.units());
        String what = spec.training().fromLogits() ? "logits" : "outputs";
        return MethodSpec.methodBuilder("forward")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Inference on the first {@code rows} samples of {@code x}: the model's $L,\n(rows, $L), "
                        + "into {@code outputs}.", what, output.units())
                .addParameter(float[].class, "x")
                .addParameter(int.class, "rows")
                .addParameter(float[].class, "outputs")
                .addCode(body.build())
                .build();
    }

    // ------------------------------------------------------------------ Model, through CompiledModelSupport

    private static void addModelMethods(TypeSpec.Builder builder) {
        builder.addMethod(delegate("fit", HISTORY, "return support.fit(x, y, options)", false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .addParameter(ParameterizedTypeName.get(CONSUMER, FIT_OPTIONS), "options")
                .build());
        builder.addMethod(delegate("evaluate", EVALUATION, "return support.evaluate(x, y)", false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .build());
        builder.addMethod(delegate("predict", TENSOR, "return support.predict(x)", false)
                .addParameter(TENSOR, "x")
                .build());
        builder.addMethod(delegate("summary", ClassName.get(String.class), "return support.summary()", false)
                .build());
        builder.addMethod(delegate("layers", ParameterizedTypeName.get(LIST, LAYER), "return support.layers()",
                false).build());
        builder.addMethod(delegate("save", TypeName.VOID, "support.save(path)", true)
                .addParameter(PATH, "path")
                .build());
        builder.addMethod(delegate("load", TypeName.VOID, "support.load(path)", true)
                .addParameter(PATH, "path")
                .build());
        builder.addMethod(MethodSpec.methodBuilder("optimizer")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The optimizer this model trains with, and its state.")
                .returns(GRADIENT_OPTIMIZER)
                .addStatement("return optimizer")
                .build());
    }

    private static MethodSpec.Builder delegate(String name, TypeName returns, String statement, boolean io) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addStatement(statement);
        if (io) {
            method.addException(IO_EXCEPTION);
        }
        return method;
    }

    // ------------------------------------------------------------------ buffers

    private static TypeSpec buffersType(ClassName buffers, ModelSpec spec, List<Stage> stages) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addParameter(int.class, "rows")
                .addStatement("input = new $T(rows, $L)", LAYER_BUFFERS, spec.inputSize());
        TypeSpec.Builder type = TypeSpec.classBuilder(buffers)
                .addJavadoc("The working memory of a batch of {@code rows} samples: each layer's outputs and "
                        + "gradients.")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addField(FieldSpec.builder(LAYER_BUFFERS, "input", Modifier.FINAL)
                        .addJavadoc("The batch's inputs, (rows, $L).", spec.inputSize())
                        .build());
        for (Stage stage : stages) {
            type.addField(FieldSpec.builder(LAYER_BUFFERS, stage.field(), Modifier.FINAL)
                    .addJavadoc("$L's outputs and gradients, $L.", stage.field(), stage.outputShape())
                    .build());
            constructor.addStatement("$L = new $T(rows, $L)", stage.field(), LAYER_BUFFERS, stage.units());
        }
        return type.addMethod(constructor.build()).build();
    }
}
