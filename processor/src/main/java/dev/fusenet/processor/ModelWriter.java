package dev.fusenet.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
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
import dev.fusenet.model.ModelPlan;
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
    private static final ClassName INPUT_LAYER = ClassName.get(COMPILED, "InputLayer");
    private static final ClassName LAYER_BUFFERS = ClassName.get(COMPILED, "LayerBuffers");
    private static final ClassName DENSE_KERNELS = ClassName.get(COMPILED, "DenseKernels");
    private static final ClassName ACTIVATION_KERNELS = ClassName.get(COMPILED, "ActivationKernels");
    private static final ClassName LOSS_KERNELS = ClassName.get(COMPILED, "LossKernels");
    private static final ClassName SUPPORT = ClassName.get(COMPILED, "CompiledModelSupport");
    private static final ClassName NETWORK = SUPPORT.nestedClass("Network");
    private static final ClassName BUFFER_CACHE = ClassName.get(COMPILED, "BatchBufferCache");
    private static final ClassName SHARDS = ClassName.get(COMPILED, "Shards");
    private static final ClassName INFERENCE_BUFFERS = ClassName.get(COMPILED, "InferenceBuffers");
    private static final ClassName BUFFERS = ClassName.get("", "Buffers");
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
            "weights", "gradients", "computeGradients", "shard", "part", "from", "to", "losses", "backpropagate", "update", "infer", "inferenceBuffers",
            "LARGEST_SAMPLE_BUFFER",
            "rows", "metrics", "b", "loss", "m", "outputs", "seed", "random", "options", "path", "DEFAULT_SEED",
            "CONNECTIONS",
            "Buffers");

    private final Elements elements;

    ModelWriter(Elements elements) {
        this.elements = elements;
    }

    JavaFile write(Declaration declaration) {
        TypeElement type = declaration.type();
        ModelSpec spec = declaration.spec();
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        ClassName modelType = ClassName.get(type);
        ClassName generated = ClassName.get(packageName, DeclarationRules.generatedName(type));
        ModelPlan plan = ModelPlan.of(spec);
        NameAllocator allocator = new NameAllocator();
        List<LayerWriter> stages = writers(plan, allocator);
        ClassName buffers = generated.nestedClass("Buffers");

        TypeSpec.Builder builder = TypeSpec.classBuilder(generated)
                .addOriginatingElement(type)
                .addJavadoc(classComment(plan, stages))
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
        builder.addField(FieldSpec.builder(long.class, "LARGEST_SAMPLE_BUFFER", Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("Values per sample of the largest working buffer; a batch's buffers are Java arrays, so "
                        + "it bounds the batch size.")
                .initializer("$LL", plan.largestSampleBuffer())
                .build());
        String inputField = declaration.input().map(site -> addInput(builder, site, spec, allocator)).orElse(null);
        if (!spec.isChain()) {
            CodeBlock connections = plan.connections().stream()
                    .map(names -> CodeBlock.of("$T.of($L)", LIST, names.stream().map(n -> CodeBlock.of("$S", n))
                            .collect(CodeBlock.joining(", "))))
                    .collect(CodeBlock.joining(",\n"));
            builder.addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, ParameterizedTypeName.get(LIST,
                            ClassName.get(String.class))), "CONNECTIONS", Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL)
                    .addJavadoc("For each layer, the layers it reads, as the summary's \"Connected to\" shows them.")
                    .initializer("$T.of(\n$>$>$L)$<$<", LIST, connections)
                    .build());
        }
        for (LayerWriter stage : stages) {
            builder.addField(stage.field());
        }
        builder.addField(GRADIENT_OPTIMIZER, "optimizer", Modifier.PRIVATE, Modifier.FINAL);
        builder.addField(SUPPORT, "support", Modifier.PRIVATE, Modifier.FINAL);
        builder.addField(FieldSpec.builder(ParameterizedTypeName.get(BUFFER_CACHE, buffers), "buffers",
                        Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Working memory of training, made once for each batch size.")
                .initializer("new $T<>($T::new)", BUFFER_CACHE, buffers)
                .build());
        builder.addField(FieldSpec.builder(ParameterizedTypeName.get(INFERENCE_BUFFERS, buffers), "inferenceBuffers",
                        Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Working memory of inference, one set per call in progress: calls on many threads share "
                        + "no buffers.")
                .initializer("new $T<>($T::new)", INFERENCE_BUFFERS, buffers)
                .build());

        builder.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A model with fresh weights drawn from {@link #DEFAULT_SEED}.")
                .addStatement("this(DEFAULT_SEED)")
                .build());
        builder.addMethod(seededConstructor(plan, stages, inputField));
        for (LayerWriter stage : stages) {
            builder.addMethod(layerMethod(declaration, stage));
            if (!site(declaration, stage).method().getParameters().isEmpty()) {
                builder.addMethod(MethodSpec.methodBuilder(stage.step.layer().name())
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc("The layer $L, without naming what it reads.", stage.step.layer().name())
                        .returns(LAYER)
                        .addStatement("return $L", stage.name())
                        .build());
            }
        }
        builder.addMethod(trainStep(plan, stages));
        if (plan.trainingPhases().size() == 1) {
            builder.addMethod(backpropagate(plan, stages));
        } else {
            List<ModelPlan.Phase> phases = plan.trainingPhases();
            for (int p = 0; p < phases.size(); p++) {
                builder.addMethod(phase(plan, stages, phases.get(p), p));
            }
        }
        builder.addMethod(update(plan, stages));
        builder.addMethod(computeGradients(plan, stages));
        builder.addMethod(gradients(plan, stages));
        builder.addMethod(forward(plan, stages));
        builder.addMethod(infer(plan, stages));
        addModelMethods(builder);
        if (!spec.isChain()) {
            builder.addMethod(delegate("connections", ParameterizedTypeName.get(LIST, ParameterizedTypeName.get(LIST,
                    ClassName.get(String.class))), "return CONNECTIONS", false).build());
        }
        builder.addType(buffersType(buffers, plan, stages));

        return JavaFile.builder(packageName, builder.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private static List<LayerWriter> writers(ModelPlan plan, NameAllocator allocator) {
        OWN_NAMES.forEach(name -> allocator.newName(name, "own:" + name));
        List<String> fields = new ArrayList<>();
        for (ModelPlan.Step step : plan.steps()) {
            fields.add(allocator.newName(step.layer().name(), step));
        }
        LayerWriter.Names names = new LayerWriter.Names(fields);
        boolean fused = fusedLoss(plan.spec().training().loss());
        return plan.steps().stream().map(step -> LayerWriter.of(step, names, fused,
                plan.poolingTakesRelu(step) ? names.field(step.source()) : null)).toList();
    }

    // ------------------------------------------------------------------ comments

    private static CodeBlock classComment(ModelPlan plan, List<LayerWriter> stages) {
        TrainingSpec training = plan.spec().training();
        int nameWidth = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        int describeWidth = stages.stream().mapToInt(s -> s.describe().length()).max().orElse(0);
        int inputWidth = stages.stream().mapToInt(s -> LayerWriter.rowsShape(s.step.input()).length()).max()
                .orElse(0);
        int outputWidth = stages.stream().mapToInt(s -> LayerWriter.rowsShape(s.step.output()).length()).max()
                .orElse(0);
        boolean graph = !plan.spec().isChain();
        String table = stages.stream()
                .map(s -> (String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + describeWidth + "s  %-"
                        + inputWidth + "s → %-" + outputWidth + "s", s.name(), s.describe(),
                        LayerWriter.rowsShape(s.step.input()), LayerWriter.rowsShape(s.step.output()))
                        + (graph ? "  ← " + reads(plan, s.step) : "")).stripTrailing())
                .collect(Collectors.joining("\n"));
        String metrics = training.metrics().isEmpty() ? "no metrics"
                : training.metrics().stream().map(Enum::name).collect(Collectors.joining(", "));
        return CodeBlock.builder()
                .add("The compiled {@link $L}: its training code, written for exactly this architecture.\n",
                        plan.spec().name())
                .add("\n<pre>\n$L\n</pre>\n\n", table)
                .add("$L trainable parameters.\n", String.format(Locale.ROOT, "%,d", plan.parameterCount()))
                .add("Trained with $L on $L, reporting $L. {@code rows} is the batch size.\n",
                        training.optimizer(), training.loss(), metrics)
                .add("Written by fusenet's annotation processor from {@code $L}; do not edit.\n",
                        plan.spec().name())
                .build();
    }

    /** {@code conv2, conv1}: the layers a step reads, as the declaration names them, for the class comment. */
    private static String reads(ModelPlan plan, ModelPlan.Step step) {
        List<String> names = plan.spec().readsOf(step.index());
        if (names.isEmpty()) {
            return step.index() == 0 ? plan.spec().inputName() : plan.steps().get(step.index() - 1).layer().name();
        }
        return String.join(", ", names);
    }

    // ------------------------------------------------------------------ fields, constructors, layer methods

    private static MethodSpec seededConstructor(ModelPlan plan, List<LayerWriter> stages, String inputField) {
        ModelSpec spec = plan.spec();
        TrainingSpec training = spec.training();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("A model with fresh weights drawn from {@code seed}, layer by layer in declaration "
                        + "order;\nthe same seed trains to the same weights.")
                .addParameter(long.class, "seed")
                .addStatement("$T random = new $T(seed)", SPLITTABLE_RANDOM, SPLITTABLE_RANDOM);
        for (LayerWriter stage : stages) {
            constructor.addCode(stage.initialise());
        }
        constructor.addStatement("optimizer = $L", optimizer(training));
        String layerList = stages.stream().map(LayerWriter::name).collect(Collectors.joining(", "));
        CodeBlock metrics = training.metrics().stream().map(m -> CodeBlock.of("$T.$L", Metric.class, m))
                .collect(CodeBlock.joining(", "));
        CodeBlock weightedMetrics = training.weightedMetrics().stream().map(m -> CodeBlock.of("$T.$L", Metric.class, m))
                .collect(CodeBlock.joining(", "));
        CodeBlock graph = spec.isChain() ? CodeBlock.of("")
                : CodeBlock.of(",\n$L, CONNECTIONS", inputField == null
                        ? CodeBlock.of("new $T($S, $T.of($L))", INPUT_LAYER, spec.inputName(), LayerWriter.SHAPE,
                                Conv2DWriter.dims(plan.inputShape()))
                        : CodeBlock.of("$L", inputField));
        constructor.addStatement("support = new $T($S, new int[] {$L}, $L, LARGEST_SAMPLE_BUFFER,\n$>$>$T.$L, $T.of($L), "
                        + "$T.of($L), $L, $L,\n$T.of($L),\noptimizer, seed, this$L)$<$<", SUPPORT, spec.name(),
                Conv2DWriter.dims(plan.inputShape()), plan.outputSize(), Loss.class,
                training.loss(), LIST, metrics, LIST, weightedMetrics, training.fromLogits(),
                Double.toString(training.labelSmoothing()), LIST, layerList, graph);
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

    /** The {@code @Input} method: its field, a view of the input's name and shape, and the method returning it. */
    private static String addInput(TypeSpec.Builder builder, Declaration.LayerSite site, ModelSpec spec,
                                   NameAllocator allocator) {
        String name = site.method().getSimpleName().toString();
        String field = allocator.newName(name, site);
        builder.addField(FieldSpec.builder(INPUT_LAYER, field, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L(): the model's input, $L.", name, LayerWriter.rowsShape(spec.inputShape()
                        .orElseThrow()))
                .initializer("new $T($S, $T.of($L))", INPUT_LAYER, name, LayerWriter.SHAPE,
                        Conv2DWriter.dims(spec.inputShape().orElseThrow()))
                .build());
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(LAYER)
                .addStatement("return $L", field);
        builder.addMethod(method.build());
        return field;
    }

    private static Declaration.LayerSite site(Declaration declaration, LayerWriter stage) {
        String layerName = stage.step.layer().name();
        return declaration.layers().stream()
                .filter(s -> s.method().getSimpleName().contentEquals(layerName))
                .findFirst().orElseThrow();
    }

    private static MethodSpec layerMethod(Declaration declaration, LayerWriter stage) {
        String layerName = stage.step.layer().name();
        Declaration.LayerSite site = site(declaration, stage);
        MethodSpec.Builder method = MethodSpec.methodBuilder(layerName)
                .addAnnotation(Override.class)
                .returns(LAYER)
                .addStatement("return $L", stage.name());
        for (var parameter : site.method().getParameters()) {
            method.addParameter(LAYER, parameter.getSimpleName().toString());
        }
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

    private static MethodSpec trainStep(ModelPlan plan, List<LayerWriter> stages) {
        TrainingSpec training = plan.spec().training();
        String output = stages.get(stages.size() - 1).name();
        String metricInput = training.fromLogits() ? "z" : "a";
        CodeBlock body = CodeBlock.builder()
                .addStatement("$T b = buffers.forRows(rows)", BUFFERS)
                .addStatement("b.x = x")
                .add(bindBatch(stages))
                .addStatement("b.y = y")
                .addStatement("b.weights = weights")
                .add(runBackpropagation(plan, stages, true))
                .addStatement("double loss = b.loss()")
                .beginControlFlow("for (int m = 0; m < metrics.size(); m++)")
                .addStatement("metrics.get(m).update(y, b.$L.$L, rows, $L)", output, metricInput, plan.outputSize())
                .endControlFlow()
                .add("// Update: $L on every weight, as one optimizer step; each shard takes a part of every weight\n",
                        training.optimizer())
                .addStatement("optimizer.beginStep()")
                .addStatement("$T.run(b.update)", SHARDS)
                .addStatement("optimizer.endStep()")
                .addStatement("return loss")
                .build();
        return MethodSpec.methodBuilder("trainStep")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("One training step on the first {@code rows} samples of {@code x} ($L each) and {@code y},"
                        + "\neach row's loss weighted by {@code weights} (null for none): forward, loss, backward and"
                        + "\nupdate. Returns the batch's mean loss. {@code fit} calls it; once a batch size has been"
                        + "\nseen, it allocates nothing.", sampleWords(plan))
                .returns(double.class)
                .addParameter(float[].class, "x")
                .addParameter(float[].class, "y")
                .addParameter(float[].class, "weights")
                .addParameter(int.class, "rows")
                .addParameter(ParameterizedTypeName.get(LIST, PREDICTION_METRIC), "metrics")
                .addCode(body)
                .build();
    }

    /** Points the merges that read the model's input at the batch: once per call, before the shards run. */
    private static CodeBlock bindBatch(List<LayerWriter> stages) {
        CodeBlock.Builder body = CodeBlock.builder();
        stages.forEach(stage -> stage.bindBatch(body));
        return body.build();
    }

    /** The start of a shard's method: its rows of the batch, none for a shard of an empty share. */
    private static CodeBlock shardRows(boolean training) {
        CodeBlock.Builder rows = CodeBlock.builder()
                .addStatement("int rows = b.rows")
                .addStatement("int from = $T.from(shard, rows)", SHARDS)
                .addStatement("int to = $T.to(shard, rows)", SHARDS);
        rows.beginControlFlow("if (from == to)");
        if (training) {
            rows.addStatement("b.losses[shard] = 0");
        }
        return rows.addStatement("return").endControlFlow().addStatement("float[] x = b.x").build();
    }

    /**
     * Forward, loss and backward on both shards: one task where no layer needs the whole batch, else each phase
     * in turn, the shards meeting between them where a layer combines their parts of its statistics.
     */
    private static CodeBlock runBackpropagation(ModelPlan plan, List<LayerWriter> stages, boolean commented) {
        List<ModelPlan.Phase> phases = plan.trainingPhases();
        CodeBlock.Builder body = CodeBlock.builder();
        if (phases.size() == 1) {
            if (commented) {
                body.add("// Forward, loss and backward: each shard of the batch on its own core\n");
            }
            return body.addStatement("$T.run(b.backpropagate)", SHARDS).build();
        }
        body.add("// Forward, loss and backward in $L phases, each shard on its own core; the shards meet between "
                + "them\n", phases.size());
        for (int p = 0; p < phases.size(); p++) {
            ModelPlan.Phase phase = phases.get(p);
            body.addStatement("$T.run(b.phase$L)", SHARDS, p + 1);
            if (phase.meetsAt() >= 0) {
                stages.get(phase.meetsAt()).meet(body, phase.meetsBackward());
            }
        }
        return body.build();
    }

    /** Training phase {@code index} on one shard's rows, as {@link ModelPlan#trainingPhases} lists its work. */
    private static MethodSpec phase(ModelPlan plan, List<LayerWriter> stages, ModelPlan.Phase phase, int index) {
        TrainingSpec training = plan.spec().training();
        CodeBlock.Builder body = CodeBlock.builder().add(shardRows(phase.computesLoss()));
        if (phase.computesLoss()) {
            body.addStatement("float[] y = b.y");
        }
        if (index == 0 && plan.inputFeedsProduct()) {
            body.addStatement("b.input.load(x, shard)");
        }
        for (ModelPlan.Task task : phase.tasks()) {
            LayerWriter stage = task.step() >= 0 ? stages.get(task.step()) : null;
            switch (task.work()) {
                case FORWARD -> stage.forward(body, true);
                case FORWARD_BEFORE_BARRIER -> stage.forwardBeforeBarrier(body);
                case FORWARD_AFTER_BARRIER -> stage.forwardAfterBarrier(body);
                case LOSS -> {
                    body.add("\n// Loss: this shard's part of the batch's mean, and its gradient\n");
                    lossStatement(body, training, stages.get(stages.size() - 1).name(), plan.outputSize());
                    body.add("\n// Backward\n");
                }
                case BACKWARD -> {
                    stage.backward(body);
                    stage.addBranch(body);
                }
                case BACKWARD_BEFORE_BARRIER -> stage.backwardBeforeBarrier(body);
                case BACKWARD_AFTER_BARRIER -> {
                    stage.backwardAfterBarrier(body);
                    stage.addBranch(body);
                }
            }
        }
        String ends = phase.meetsAt() < 0 ? "to the end of the backward pass"
                : "until the shards meet for " + stages.get(phase.meetsAt()).name() + "'s "
                + (phase.meetsBackward() ? "backward" : "forward") + " statistics";
        return MethodSpec.methodBuilder("phase" + (index + 1))
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Phase $L of the training step on shard {@code shard}'s rows of the batch in {@code b},\n"
                        + "$L.", index + 1, ends)
                .addParameter(BUFFERS, "b")
                .addParameter(int.class, "shard")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec backpropagate(ModelPlan plan, List<LayerWriter> stages) {
        TrainingSpec training = plan.spec().training();
        CodeBlock.Builder body = CodeBlock.builder().add(shardRows(true)).addStatement("float[] y = b.y");
        if (plan.inputFeedsProduct()) {
            body.addStatement("b.input.load(x, shard)");
        }
        body.add("\n// Forward\n");
        for (LayerWriter stage : stages) {
            stage.forward(body, true);
        }
        body.add("\n// Loss: this shard's part of the batch's mean, and its gradient\n");
        lossStatement(body, training, stages.get(stages.size() - 1).name(), plan.outputSize());
        body.add("\n// Backward: each layer turns the gradient with respect to its outputs into the one with "
                + "respect to its\n// pre-activations and its inputs; the weight gradients are the update's\n");
        for (int i = stages.size() - 1; i >= 0; i--) {
            LayerWriter stage = stages.get(i);
            if (stage.step.hasWeights() || stage.step.passesGradient()) {
                stage.backward(body);
                stage.addBranch(body);
            }
        }
        return MethodSpec.methodBuilder("backpropagate")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Forward, loss and backward of shard {@code shard}'s rows of the batch in {@code b}.")
                .addParameter(BUFFERS, "b")
                .addParameter(int.class, "shard")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec update(ModelPlan plan, List<LayerWriter> stages) {
        CodeBlock.Builder body = CodeBlock.builder();
        for (LayerWriter stage : stages) {
            if (stage.step.hasWeights()) {
                stage.update(body, true);
            }
        }
        return MethodSpec.methodBuilder("update")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Part {@code part} of every weight: its gradient over the whole batch in {@code b}, and "
                        + "the optimizer's update.")
                .addParameter(BUFFERS, "b")
                .addParameter(int.class, "part")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec gradients(ModelPlan plan, List<LayerWriter> stages) {
        CodeBlock.Builder body = CodeBlock.builder();
        for (LayerWriter stage : stages) {
            if (stage.step.hasWeights()) {
                stage.update(body, false);
            }
        }
        return MethodSpec.methodBuilder("gradients")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Part {@code part} of every weight's gradient over the whole batch in {@code b}, left on "
                        + "the heap; no update.")
                .addParameter(BUFFERS, "b")
                .addParameter(int.class, "part")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec computeGradients(ModelPlan plan, List<LayerWriter> stages) {
        CodeBlock body = CodeBlock.builder()
                .addStatement("$T b = buffers.forRows(rows)", BUFFERS)
                .addStatement("b.x = x")
                .add(bindBatch(stages))
                .addStatement("b.y = y")
                .addStatement("b.weights = weights")
                .add(runBackpropagation(plan, stages, false))
                .addStatement("double loss = b.loss()")
                .addStatement("$T.run(b.gradients)", SHARDS)
                .addStatement("return loss")
                .build();
        return MethodSpec.methodBuilder("computeGradients")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("As {@link #trainStep} without the update: forward, loss and backward on the first {@code "
                        + "rows}\nsamples, each weight's gradient left in its layer. Returns the batch's mean loss.")
                .returns(double.class)
                .addParameter(float[].class, "x")
                .addParameter(float[].class, "y")
                .addParameter(float[].class, "weights")
                .addParameter(int.class, "rows")
                .addCode(body)
                .build();
    }


    /** The loss of the output layer's activations, with its gradient into the output layer's buffer. */
    private static void lossStatement(CodeBlock.Builder body, TrainingSpec training, String o, int units) {
        String smoothing = training.labelSmoothing() == 0 ? "0f" : training.labelSmoothing() + "f";
        switch (training.loss()) {
            case CATEGORICAL_CROSSENTROPY -> {
                body.add("// softmax and categorical cross-entropy in one pass: p = softmax(z), gradient (p - y) / "
                        + "rows\n");
                body.addStatement("b.losses[shard] = $T.softmaxCategoricalCrossentropy(\n$>$>b.$L.z, y, b.$L.a, "
                        + "b.$L.gradient, from, to, rows, $L, $L, b.weights)$<$<", FUSED_LOSSES, o, o, o, units,
                        smoothing);
            }
            case SPARSE_CATEGORICAL_CROSSENTROPY -> {
                body.add("// softmax and sparse categorical cross-entropy in one pass: p = softmax(z), gradient "
                        + "(p - onehot(y)) / rows\n");
                body.addStatement("b.losses[shard] = $T.softmaxSparseCategoricalCrossentropy(\n$>$>b.$L.z, y, "
                        + "b.$L.a, b.$L.gradient, from, to, rows, $L, b.weights)$<$<", FUSED_LOSSES, o, o, o, units);
            }
            case BINARY_CROSSENTROPY -> {
                body.add("// sigmoid and binary cross-entropy in one pass: p = sigmoid(z), gradient (p - y) / "
                        + "(rows · $L)\n", units);
                body.addStatement("b.losses[shard] = $T.sigmoidBinaryCrossentropy(\n$>$>b.$L.z, y, b.$L.a, "
                        + "b.$L.gradient, from, to, rows, $L, $L, b.weights)$<$<", FUSED_LOSSES, o, o, o, units,
                        smoothing);
            }
            default -> {
                body.add("// $L, and its gradient with respect to $L's outputs\n",
                        training.loss().name().toLowerCase(Locale.ROOT).replace('_', ' '), o);
                body.addStatement("b.losses[shard] = $T.$L(y, b.$L.a, b.$L.gradient, from, to, rows, $L, b.weights)",
                        LOSS_KERNELS, lossKernel(training.loss()), o, o, units);
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
            case RELU6 -> "relu6";
            case HARD_SIGMOID -> "hardSigmoid";
            case HARD_SILU -> "hardSilu";
        };
    }

    // ------------------------------------------------------------------ inference

    /** {@code 784 values}, or {@code (28, 28, 1) = 784 values} for images. */
    private static String sampleWords(ModelPlan plan) {
        return (plan.inputShape().rank() == 1 ? "" : plan.inputShape() + " = ") + plan.inputSize() + " values";
    }

    private static MethodSpec forward(ModelPlan plan, List<LayerWriter> stages) {
        String output = stages.get(stages.size() - 1).name();
        CodeBlock body = CodeBlock.builder()
                .addStatement("$T b = inferenceBuffers.borrow(rows)", BUFFERS)
                .beginControlFlow("try")
                .addStatement("b.x = x")
                .add(bindBatch(stages))
                .addStatement("$T.run(b.infer, rows)", SHARDS)
                .addStatement("$T.arraycopy(b.$L.a, 0, outputs, 0, rows * $L)", System.class, output,
                        plan.outputSize())
                .nextControlFlow("finally")
                .addStatement("inferenceBuffers.release(rows, b)")
                .endControlFlow()
                .build();
        String what = plan.spec().training().fromLogits() ? "logits" : "outputs";
        return MethodSpec.methodBuilder("forward")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Inference on the first {@code rows} samples of {@code x}: the model's $L,\n(rows, $L), "
                        + "into {@code outputs}. Calls on many threads at once share no buffers.", what,
                        plan.outputSize())
                .addParameter(float[].class, "x")
                .addParameter(int.class, "rows")
                .addParameter(float[].class, "outputs")
                .addCode(body)
                .build();
    }

    private static MethodSpec infer(ModelPlan plan, List<LayerWriter> stages) {
        CodeBlock.Builder body = CodeBlock.builder().add(shardRows(false));
        if (plan.inputFeedsProduct()) {
            body.addStatement("b.input.load(x, shard)");
        }
        for (LayerWriter stage : stages) {
            stage.forward(body, false);
        }
        return MethodSpec.methodBuilder("infer")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("The inference forward pass of shard {@code shard}'s rows of the batch in {@code b}.")
                .addParameter(BUFFERS, "b")
                .addParameter(int.class, "shard")
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
        ClassName dataset = ClassName.get("dev.fusenet.runtime.data", "Dataset");
        builder.addMethod(delegate("fit", HISTORY, "return support.fit(data, options)", false)
                .addParameter(dataset, "data")
                .addParameter(ParameterizedTypeName.get(CONSUMER, FIT_OPTIONS), "options")
                .build());
        builder.addMethod(delegate("evaluate", EVALUATION, "return support.evaluate(data)", false)
                .addParameter(dataset, "data")
                .build());
        builder.addMethod(delegate("predict", TENSOR, "return support.predict(data)", false)
                .addParameter(dataset, "data")
                .build());
        builder.addMethod(delegate("evaluate", EVALUATION, "return support.evaluate(x, y)", false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .build());
        builder.addMethod(delegate("evaluate", EVALUATION, "return support.evaluate(x, y, sampleWeight)", false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .addParameter(TENSOR, "sampleWeight")
                .build());
        ClassName gradients = ClassName.get(RUNTIME, "Gradients");
        builder.addMethod(delegate("computeGradients", gradients, "return support.computeGradients(x, y, null)", false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .build());
        builder.addMethod(delegate("computeGradients", gradients, "return support.computeGradients(x, y, sampleWeight)",
                false)
                .addParameter(TENSOR, "x")
                .addParameter(TENSOR, "y")
                .addParameter(TENSOR, "sampleWeight")
                .build());
        builder.addMethod(delegate("applyGradients", TypeName.VOID, "support.applyGradients(gradients)", false)
                .addParameter(ParameterizedTypeName.get(LIST, TENSOR), "gradients")
                .build());
        ClassName optimizerState = ClassName.get(RUNTIME, "OptimizerState");
        builder.addMethod(delegate("getOptimizerState", optimizerState, "return support.getOptimizerState()", false)
                .build());
        builder.addMethod(delegate("setOptimizerState", TypeName.VOID, "support.setOptimizerState(state)", false)
                .addParameter(optimizerState, "state")
                .build());
        builder.addMethod(delegate("predict", TENSOR, "return support.predict(x)", false)
                .addParameter(TENSOR, "x")
                .build());
        builder.addMethod(delegate("predictor", ClassName.get(RUNTIME, "Predictor"), "return support.predictor()",
                false).build());
        builder.addMethod(delegate("summary", ClassName.get(String.class), "return support.summary()", false)
                .build());
        builder.addMethod(delegate("layers", ParameterizedTypeName.get(LIST, LAYER), "return support.layers()",
                false).build());
        builder.addMethod(delegate("name", ClassName.get(String.class), "return support.name()", false).build());
        builder.addMethod(delegate("inputShape", ArrayTypeName.of(int.class), "return support.inputShape()", false)
                .build());
        builder.addMethod(delegate("loss", ClassName.get(Loss.class), "return support.loss()", false).build());
        builder.addMethod(delegate("newMetrics", ParameterizedTypeName.get(LIST, PREDICTION_METRIC),
                "return support.newMetrics()", false).build());
        builder.addMethod(delegate("getWeights", ParameterizedTypeName.get(LIST, TENSOR),
                "return support.getWeights()", false).build());
        builder.addMethod(delegate("setWeights", TypeName.VOID, "support.setWeights(weights)", false)
                .addParameter(ParameterizedTypeName.get(LIST, TENSOR), "weights")
                .build());
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

    private static TypeSpec buffersType(ClassName buffers, ModelPlan plan, List<LayerWriter> stages) {
        ClassName task = SHARDS.nestedClass("Task");
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addParameter(int.class, "rows")
                .addStatement("this.rows = rows");
        TypeSpec.Builder type = TypeSpec.classBuilder(buffers)
                .addJavadoc("The working memory of a batch of {@code rows} samples: each layer's outputs and "
                        + "gradients, the batch,\nand the shards' tasks on them.")
                .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(int.class, "rows", Modifier.FINAL).build())
                .addField(FieldSpec.builder(float[].class, "x")
                        .addJavadoc("The batch being worked on: inputs and labels.")
                        .build())
                .addField(float[].class, "y")
                .addField(FieldSpec.builder(float[].class, "weights")
                        .addJavadoc("The rows' sample weights, or null for none.")
                        .build())
                .addField(FieldSpec.builder(double[].class, "losses", Modifier.FINAL)
                        .addJavadoc("Each shard's part of the batch's mean loss.")
                        .initializer("new double[$T.COUNT]", SHARDS)
                        .build());
        List<ModelPlan.Phase> phases = plan.trainingPhases();
        if (phases.size() == 1) {
            type.addField(FieldSpec.builder(task, "backpropagate", Modifier.FINAL)
                    .initializer("shard -> backpropagate(this, shard)")
                    .build());
        } else {
            for (int p = 1; p <= phases.size(); p++) {
                type.addField(FieldSpec.builder(task, "phase" + p, Modifier.FINAL)
                        .initializer("shard -> phase$L(this, shard)", p)
                        .build());
            }
        }
        type.addField(FieldSpec.builder(task, "update", Modifier.FINAL)
                        .initializer("part -> update(this, part)")
                        .build())
                .addField(FieldSpec.builder(task, "gradients", Modifier.FINAL)
                        .initializer("part -> gradients(this, part)")
                        .build())
                .addField(FieldSpec.builder(task, "infer", Modifier.FINAL)
                        .initializer("shard -> infer(this, shard)")
                        .build());
        if (plan.inputFeedsProduct()) {
            type.addField(FieldSpec.builder(LAYER_BUFFERS, "input", Modifier.FINAL)
                    .addJavadoc("The batch's inputs, (rows, $L), where the first product reads them.",
                            plan.inputSize())
                    .build());
            constructor.addStatement("input = new $T(rows, $L)", LAYER_BUFFERS, plan.inputSize());
        }
        for (LayerWriter stage : stages) {
            stage.addBuffers(type, constructor);
            if (plan.needsBranch(stage.step.index())) {
                type.addField(FieldSpec.builder(LAYER_BUFFERS, stage.name() + "Branch", Modifier.FINAL)
                        .addJavadoc("Where a reader of $L puts its gradient before adding it to the others', $L.",
                                stage.name(), LayerWriter.rowsShape(stage.step.output()))
                        .build());
                constructor.addStatement("$LBranch = new $T(rows, $L)", stage.name(), LAYER_BUFFERS,
                        stage.step.output().size());
            }
        }
        return type.addMethod(constructor.build())
                .addMethod(MethodSpec.methodBuilder("loss")
                        .addJavadoc("The batch's mean loss: the sum of the shards' parts.")
                        .returns(double.class)
                        .addStatement("double loss = 0")
                        .beginControlFlow("for (double part : losses)")
                        .addStatement("loss += part")
                        .endControlFlow()
                        .addStatement("return loss")
                        .build())
                .build();
    }
}
