package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a model declaration must follow, one method and one message each. {@link #check} applies them all
 * and returns every problem, so that one compile (or one DSL call) shows all of them.
 */
public final class ModelRules {

    /**
     * Names a layer cannot have: the no-argument methods of {@code Model}, {@code Object} and the compiled class,
     * which the compiled class declares with other return types.
     */
    public static final Set<String> RESERVED_LAYER_NAMES = Set.of("summary", "layers", "optimizer", "name",
            "inputShape", "loss", "newMetrics", "getWeights", "getOptimizerState", "toString", "hashCode", "getClass", "clone",
            "finalize", "notify", "notifyAll", "wait");

    private ModelRules() {
    }

    /** Every problem of {@code model}, errors and warnings, in rule order. */
    public static List<Problem> check(ModelSpec model) {
        List<Problem> problems = new ArrayList<>();
        modelNameIsAJavaName(model).ifPresent(problems::add);
        atLeastOneLayer(model).ifPresent(problems::add);
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            layerNameIsAJavaName(i, layer).ifPresent(problems::add);
            layerNameIsFree(i, layer).ifPresent(problems::add);
            layerNameIsUnique(model, i, layer).ifPresent(problems::add);
            inputShapePositive(i, layer).ifPresent(problems::add);
            inputShapeOnlyOnFirstLayer(model, i, layer).ifPresent(problems::add);
            softmaxOnlyOnTheLastLayer(model, i, layer).ifPresent(problems::add);
        }
        firstLayerDeclaresInputShape(model).ifPresent(problems::add);
        problems.addAll(inputDeclaration(model));
        List<Problem> wiring = readsNameLayersAbove(model);
        problems.addAll(wiring);
        problems.addAll(readCounts(model));
        if (wiring.isEmpty()) {
            everyLayerIsRead(model).ifPresent(problems::add);
        }
        problems.addAll(shapes(model));
        parameterCountFitsAnInt(model).ifPresent(problems::add);
        lastLayerIsDense(model).ifPresent(problems::add);
        crossentropyMatchesLastActivation(model).ifPresent(problems::add);
        binaryMetricNeedsOneUnit(model).ifPresent(problems::add);
        labelsAgreeBetweenLossAndMetrics(model).ifPresent(problems::add);
        labelSmoothingNeedsOneHotCrossentropy(model.training()).ifPresent(problems::add);
        problems.addAll(hyperparametersAreNumbers(model.training()));
        problems.addAll(hyperparameterRanges(model.training()));
        problems.addAll(hyperparametersBelongToTheOptimizer(model.training()));
        return problems;
    }

    /** Whether any problem is an error. */
    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    static Optional<Problem> atLeastOneLayer(ModelSpec model) {
        if (!model.layers().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(Problem.MODEL, null, "model " + model.name() + " has no layers; declare "
                + "them as abstract methods returning Layer, annotated @Dense, @Conv2D, @MaxPooling2D, "
                + "@AveragePooling2D, @Flatten or @Dropout, in order"));
    }

    static Optional<Problem> modelNameIsAJavaName(ModelSpec model) {
        if (isJavaName(model.name())) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(Problem.MODEL, "name", "model name \"" + model.name() + "\" is not a Java "
                + "name; it names the compiled interface (and the summary), so use letters, digits and _ (not "
                + "first a digit), e.g. mnist_net"));
    }

    private static boolean isJavaName(String name) {
        return name != null && javax.lang.model.SourceVersion.isName(name) && !name.contains(".");
    }

    static Optional<Problem> layerNameIsAJavaName(int index, LayerSpec layer) {
        String name = layer.name();
        if (isJavaName(name)) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "name", "layer name \"" + name + "\" is not a Java method name; "
                + "layer names become method names and checkpoint entries, so use letters, digits and _ "
                + "(not first a digit), e.g. hidden or dense_1"));
    }

    static Optional<Problem> layerNameIsFree(int index, LayerSpec layer) {
        String name = layer.name();
        if (!RESERVED_LAYER_NAMES.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, null, "a layer cannot be named " + name + "(): the compiled model "
                + "already has a method " + name + "() of its own; choose another name"));
    }

    static Optional<Problem> layerNameIsUnique(ModelSpec model, int index, LayerSpec layer) {
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            earlier.add(model.layers().get(i).name());
        }
        if (!new HashSet<>(earlier).contains(layer.name())) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(index, "name", "layer " + (index + 1) + " is named " + layer.name()
                + " like layer " + (earlier.indexOf(layer.name()) + 1) + "; each layer needs its own name, since "
                + "its weights are saved under it"));
    }

    /**
     * Each layer's own rules, then, in declaration order (which the graph reads top to bottom), the rules of each
     * layer on the shapes it receives from the layers it reads. A layer whose inputs are unknown (they, or a layer
     * before them, had an error) is not judged, so that one mistake does not show as a cascade of follow-on errors.
     */
    static List<Problem> shapes(ModelSpec model) {
        List<Problem> problems = new ArrayList<>();
        Optional<Shape> input = model.inputShape().filter(Shape::isPositive);
        if (input.isPresent()) {
            Optional<Problem> inputTooLarge = inputFitsAnArray(model, input.get());
            inputTooLarge.ifPresent(problems::add);
            input = inputTooLarge.isPresent() ? Optional.empty() : input;
        }
        List<int[]> sources = Wiring.sources(model);
        List<Optional<Shape>> outputs = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            List<Problem> declared = layer.checkDeclaration(i);
            problems.addAll(declared);
            outputs.add(Optional.empty());
            int[] reads = sources.get(i);
            if (hasErrors(declared) || reads.length < layer.minInputs() || reads.length > layer.maxInputs()) {
                continue;
            }
            List<Shape> shapes = new ArrayList<>();
            List<String> from = new ArrayList<>();
            for (int source : reads) {
                Optional<Shape> shape = source == Wiring.UNRESOLVED ? Optional.empty()
                        : source == ModelPlan.INPUT ? input : outputs.get(source);
                shape.ifPresent(shapes::add);
                from.add(source == Wiring.UNRESOLVED ? "" : Wiring.describe(model, source));
            }
            if (shapes.size() < reads.length) {
                continue;
            }
            List<Problem> onInput = layer.checkInputs(i, shapes, from);
            problems.addAll(onInput);
            if (hasErrors(onInput)) {
                continue;
            }
            Shape output = layer.outputShape(shapes);
            Optional<Problem> tooLarge = outputFitsAnArray(i, layer, output);
            tooLarge.ifPresent(problems::add);
            outputs.set(i, tooLarge.isPresent() ? Optional.empty() : Optional.of(output));
        }
        return problems;
    }

    /** The {@code @Input} declaration's own rules: a Java name of its own, positive sizes, no second input shape. */
    static List<Problem> inputDeclaration(ModelSpec model) {
        if (model.input().isEmpty()) {
            return List.of();
        }
        InputSpec input = model.input().get();
        List<Problem> problems = new ArrayList<>();
        if (!isJavaName(input.name())) {
            problems.add(Problem.error(Problem.INPUT, null, "input name \"" + input.name() + "\" is not a Java "
                    + "method name; layers name it as a parameter, so use letters, digits and _ (not first a "
                    + "digit), e.g. image"));
        }
        if (RESERVED_LAYER_NAMES.contains(input.name())) {
            problems.add(Problem.error(Problem.INPUT, null, "the input cannot be named " + input.name() + "(): the "
                    + "compiled model already has a method " + input.name() + "() of its own; choose another name"));
        }
        int clash = Wiring.indexOf(model, input.name());
        if (clash >= 0) {
            problems.add(Problem.error(clash, "name", "layer " + (clash + 1) + " is named " + input.name()
                    + " like the @Input; each needs its own name, since layers read them by name"));
        }
        if (input.shape().rank() == 0 || !input.shape().isPositive()) {
            problems.add(Problem.error(Problem.INPUT, "shape", "@Input shape sizes must be positive, got "
                    + DenseRules.braces(input.shape()) + "; it is one sample's shape without the batch axis, e.g. "
                    + "{28, 28, 1}"));
        }
        return problems;
    }

    /**
     * Each name a layer reads is the input or a layer declared above it: the graph reads top to bottom, which also
     * rules out cycles.
     */
    static List<Problem> readsNameLayersAbove(ModelSpec model) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            List<String> names = model.readsOf(i);
            String reader = model.layers().get(i).name();
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                if (names.subList(0, j).contains(name)) {
                    problems.add(Problem.error(i, Problem.read(j), reader + " reads " + name + " twice; a layer "
                            + "reads each layer once (a method cannot have two parameters of one name), so name "
                            + name + " once"));
                    continue;
                }
                if (Wiring.resolve(model, i, name) != Wiring.UNRESOLVED) {
                    continue;
                }
                int declared = Wiring.indexOf(model, name);
                String message;
                if (declared == i) {
                    message = reader + " reads itself; a layer reads layers declared above it, so name one of "
                            + "those";
                } else if (declared > i) {
                    message = reader + " reads " + name + ", which is declared below it; a layer reads only layers "
                            + "declared above it (the model reads top to bottom), so move " + name + "() above "
                            + reader + "()";
                } else {
                    String input = model.input().map(in -> ", or the @Input " + in.name()).orElse("");
                    message = reader + " reads " + name + ", which is no layer of " + model.name() + "; name a "
                            + "layer method declared above " + reader + "()" + input;
                }
                problems.add(Problem.error(i, Problem.read(j), message));
            }
        }
        return problems;
    }

    /** Each layer reads as many layers as its kind takes: one, or for a merge two or more (two for Subtract). */
    static List<Problem> readCounts(ModelSpec model) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            List<String> names = model.readsOf(i);
            int count = Math.max(names.size(), 1);
            String reader = layer.name() + "()";
            if (count > layer.maxInputs() && layer.maxInputs() == 1) {
                problems.add(Problem.error(i, null, "@" + layer.annotation() + " reads one layer, but " + reader
                        + " names " + count + " (" + String.join(", ", names) + "); merge them first with @Add or "
                        + "@Concatenate, and pass the merge to " + layer.name()));
            } else if (count > layer.maxInputs() || count < layer.minInputs()) {
                String wanted = layer.maxInputs() == layer.minInputs() ? "exactly " + layer.minInputs()
                        : layer.minInputs() + " or more";
                String read = names.isEmpty() ? "reads only the layer before it" : "reads " + count + " ("
                        + String.join(", ", names) + ")";
                problems.add(Problem.error(i, null, "@" + layer.annotation() + " merges " + wanted + " layers, but "
                        + reader + " " + read + "; name the layers it merges as its parameters, e.g. `Layer "
                        + layer.name() + "(Layer a, Layer b)`"));
            }
        }
        return problems;
    }

    /**
     * Every layer but the output is read by a later one: a layer nothing reads would be computed for nothing,
     * and its weights would never train.
     */
    static Optional<Problem> everyLayerIsRead(ModelSpec model) {
        int last = model.layers().size() - 1;
        boolean[] read = new boolean[model.layers().size()];
        for (int[] sources : Wiring.sources(model)) {
            for (int source : sources) {
                if (source >= 0) {
                    read[source] = true;
                }
            }
        }
        for (int i = 0; i < last; i++) {
            if (!read[i]) {
                String name = model.layers().get(i).name();
                return Optional.of(Problem.error(i, null, "nothing reads " + name + ": it is not the model's "
                        + "output (the last layer, " + model.layers().get(last).name() + ") and no later layer "
                        + "names it as a parameter, so it would be computed for nothing and its weights would "
                        + "never train; pass it to a later layer, or remove it"));
            }
        }
        return Optional.empty();
    }

    static Optional<Problem> outputFitsAnArray(int index, LayerSpec layer, Shape output) {
        return ArrayLimits.fitsABatch(layer.name() + ": its output " + output, output.size(),
                "use fewer units or filters, strides, or pooling").map(m -> Problem.error(index, null, m));
    }

    static Optional<Problem> inputFitsAnArray(ModelSpec model, Shape input) {
        return ArrayLimits.fitsABatch("the input " + input, input.size(), "use smaller samples")
                .map(m -> model.input().isPresent() ? Problem.error(Problem.INPUT, "shape", m)
                        : Problem.error(0, "inputShape", m));
    }

    static Optional<Problem> parameterCountFitsAnInt(ModelSpec model) {
        Optional<ModelPlan> plan = ModelPlan.tryOf(model);
        if (plan.isEmpty() || plan.get().parameterCount() <= Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(Problem.MODEL, null, String.format(java.util.Locale.ROOT, "model %s has "
                + "%,d parameters, more than an int counts (%,d); use fewer units or filters", model.name(),
                plan.get().parameterCount(), Integer.MAX_VALUE)));
    }

    static Optional<Problem> inputShapePositive(int index, LayerSpec layer) {
        if (layer.inputShape().isEmpty() || layer.inputShape().get().isPositive()) {
            return Optional.empty();
        }
        Shape shape = layer.inputShape().get();
        if (layer.multipliesItsInput() && shape.rank() == 1) {
            return Optional.of(Problem.error(index, "inputShape", "@Dense inputShape must be positive, got "
                    + shape.dim(0) + "; it is the number of input features, e.g. 28 * 28 for MNIST"));
        }
        return Optional.of(Problem.error(index, "inputShape", "@" + layer.annotation() + " inputShape sizes must be "
                + "positive, got " + DenseRules.braces(shape)));
    }

    static Optional<Problem> inputShapeOnlyOnFirstLayer(ModelSpec model, int index, LayerSpec layer) {
        if (layer.inputShape().isEmpty() || (index == 0 && model.input().isEmpty())) {
            return Optional.empty();
        }
        if (model.input().isPresent()) {
            return Optional.of(Problem.error(index, "inputShape", "inputShape is the short form of @Input for a "
                    + "chain, but " + model.name() + " declares @Input " + model.input().get().name() + "; remove "
                    + "inputShape from " + layer.name() + "()"));
        }
        return Optional.of(Problem.error(index, "inputShape", "inputShape belongs on the first layer only; "
                + layer.name() + "() takes its input from the layer before it, so remove inputShape here"));
    }

    static Optional<Problem> firstLayerDeclaresInputShape(ModelSpec model) {
        if (model.layers().isEmpty() || model.layers().get(0).inputShape().isPresent() || model.input().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(0, null, "the first layer needs inputShape, the shape of one sample: "
                + "e.g. @Dense(units = 512, activation = Activation.RELU, inputShape = 28 * 28), or "
                + "@Conv2D(filters = 32, kernelSize = 3, inputShape = {28, 28, 1}) for images"));
    }

    static Optional<Problem> lastLayerIsDense(ModelSpec model) {
        if (model.layers().isEmpty() || model.layers().get(model.layers().size() - 1).canBeTheOutput()) {
            return Optional.empty();
        }
        int last = model.layers().size() - 1;
        return Optional.of(Problem.error(last, null, "the last layer must be @Dense: the model's outputs come from "
                + "it; move " + model.layers().get(last).name() + "() before the output layer"));
    }

    static Optional<Problem> softmaxOnlyOnTheLastLayer(ModelSpec model, int index, LayerSpec layer) {
        Optional<DenseSpec> output = model.outputLayer();
        Activation activation = layer.activation();
        if (activation != Activation.SOFTMAX || output.isEmpty() || output.get() == layer) {
            return Optional.empty();
        }
        return Optional.of(Problem.warning(index, "activation", "SOFTMAX on " + layer.name() + "(), which is not "
                + "the last layer: softmax turns outputs into probabilities and belongs on the output layer; "
                + "use RELU or another activation here"));
    }

    static Optional<Problem> crossentropyMatchesLastActivation(ModelSpec model) {
        Optional<DenseSpec> output = model.outputLayer();
        if (output.isEmpty()) {
            return Optional.empty();
        }
        Loss loss = model.training().loss();
        Activation last = output.get().activation();
        boolean fromLogits = model.training().fromLogits();
        int index = model.layers().indexOf(output.get());
        boolean categorical = loss == Loss.CATEGORICAL_CROSSENTROPY || loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
        boolean binary = loss == Loss.BINARY_CROSSENTROPY;
        if (!categorical && !binary) {
            return fromLogits ? Optional.of(Problem.error(Problem.MODEL, "fromLogits", "fromLogits applies to the "
                    + "cross-entropy losses only, not " + loss)) : Optional.empty();
        }
        Activation expected = categorical ? Activation.SOFTMAX : Activation.SIGMOID;
        if (fromLogits && last != Activation.LINEAR) {
            return Optional.of(Problem.error(index, "activation", "fromLogits = true means the last layer outputs "
                    + "logits, but its activation is " + last + "; use LINEAR, or drop fromLogits and keep "
                    + expected));
        }
        if (!fromLogits && last != expected) {
            return Optional.of(Problem.error(index, "activation", "loss " + loss + " expects probabilities, but the "
                    + "last layer's activation is " + last + "; use " + expected + ", or LINEAR with "
                    + "@Compile(fromLogits = true) to pass logits"));
        }
        return Optional.empty();
    }

    static Optional<Problem> binaryMetricNeedsOneUnit(ModelSpec model) {
        TrainingSpec training = model.training();
        boolean binaryMetric = training.allMetrics().contains(Metric.BINARY_ACCURACY)
                || (training.allMetrics().contains(Metric.ACCURACY) && training.loss() == Loss.BINARY_CROSSENTROPY);
        if (training.loss() != Loss.BINARY_CROSSENTROPY || !binaryMetric || model.outputSize() <= 1) {
            return Optional.empty();
        }
        int index = model.layers().indexOf(model.outputLayer().orElseThrow());
        return Optional.of(Problem.error(index, "units", "loss BINARY_CROSSENTROPY with a binary accuracy needs one "
                + "output unit, but the last layer has " + model.outputSize() + "; for " + model.outputSize()
                + " classes use SOFTMAX with CATEGORICAL_CROSSENTROPY"));
    }

    static Optional<Problem> labelsAgreeBetweenLossAndMetrics(ModelSpec model) {
        Loss loss = model.training().loss();
        Map<String, List<Metric>> lists = new LinkedHashMap<>();
        lists.put("metrics", model.training().metrics());
        lists.put("weightedMetrics", model.training().weightedMetrics());
        for (Map.Entry<String, List<Metric>> list : lists.entrySet()) {
            List<Metric> metrics = list.getValue();
            if (loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
                for (Metric metric : List.of(Metric.CATEGORICAL_ACCURACY, Metric.TOP_K_CATEGORICAL_ACCURACY)) {
                    if (metrics.contains(metric)) {
                        return Optional.of(Problem.error(Problem.MODEL, list.getKey(), "metric " + metric
                                + " expects one-hot labels, but loss SPARSE_CATEGORICAL_CROSSENTROPY takes integer "
                                + "labels; use SPARSE_CATEGORICAL_ACCURACY or ACCURACY"));
                    }
                }
            } else if (metrics.contains(Metric.SPARSE_CATEGORICAL_ACCURACY)) {
                return Optional.of(Problem.error(Problem.MODEL, list.getKey(), "metric SPARSE_CATEGORICAL_ACCURACY "
                        + "expects integer labels, but loss " + loss + " takes " + (loss == Loss.CATEGORICAL_CROSSENTROPY
                        ? "one-hot labels; use CATEGORICAL_ACCURACY or ACCURACY"
                        : "labels shaped like the outputs; use SPARSE_CATEGORICAL_CROSSENTROPY as the loss")));
            }
        }
        return Optional.empty();
    }

    static Optional<Problem> labelSmoothingNeedsOneHotCrossentropy(TrainingSpec training) {
        Loss loss = training.loss();
        if (training.labelSmoothing() == 0 || loss == Loss.CATEGORICAL_CROSSENTROPY
                || loss == Loss.BINARY_CROSSENTROPY) {
            return Optional.empty();
        }
        String instead = loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY
                ? "; one-hot encode the labels and use CATEGORICAL_CROSSENTROPY to smooth them"
                : "; remove labelSmoothing";
        return Optional.of(Problem.error(Problem.MODEL, "labelSmoothing", "labelSmoothing applies to "
                + "CATEGORICAL_CROSSENTROPY and BINARY_CROSSENTROPY only, not " + loss + instead));
    }

    static List<Problem> hyperparameterRanges(TrainingSpec training) {
        List<Problem> problems = new ArrayList<>();
        String owner = "@Compile";
        set(training.learningRate()).flatMap(v -> Ranges.positive(owner, "learningRate", v))
                .ifPresent(m -> problems.add(Problem.error(Problem.MODEL, "learningRate", m)));
        for (String name : List.of("rho", "momentum", "beta1", "beta2")) {
            set(value(training, name)).flatMap(v -> Ranges.unitInterval(owner, name, v))
                    .ifPresent(m -> problems.add(Problem.error(Problem.MODEL, name, m)));
        }
        set(training.epsilon()).flatMap(v -> Ranges.positive(owner, "epsilon", v))
                .ifPresent(m -> problems.add(Problem.error(Problem.MODEL, "epsilon", m)));
        set(training.weightDecay()).flatMap(v -> Ranges.nonNegative(owner, "weightDecay", v))
                .ifPresent(m -> problems.add(Problem.error(Problem.MODEL, "weightDecay", m)));
        Ranges.fraction(owner, "labelSmoothing", training.labelSmoothing())
                .ifPresent(m -> problems.add(Problem.error(Problem.MODEL, "labelSmoothing", m)));
        return problems;
    }

    static List<Problem> hyperparametersAreNumbers(TrainingSpec training) {
        List<Problem> problems = new ArrayList<>();
        for (String name : TrainingSpec.OPTIMIZER_HYPERPARAMETERS) {
            if (training.notANumber().contains(name)) {
                problems.add(Problem.error(Problem.MODEL, name, "@Compile: " + name + " must be a number, got NaN; "
                        + "leave " + name + " out to use " + training.optimizer() + "'s default"));
            }
        }
        return problems;
    }

    static List<Problem> hyperparametersBelongToTheOptimizer(TrainingSpec training) {
        List<Problem> problems = new ArrayList<>();
        Optimizer optimizer = training.optimizer();
        for (String name : List.of("rho", "momentum", "beta1", "beta2", "epsilon", "nesterov", "centered",
                "amsgrad")) {
            boolean given = switch (name) {
                case "nesterov" -> training.nesterov();
                case "centered" -> training.centered();
                case "amsgrad" -> training.amsgrad();
                default -> !Double.isNaN(value(training, name));
            };
            Set<Optimizer> owners = OPTIMIZERS_OF.get(name);
            if (given && !owners.contains(optimizer)) {
                problems.add(Problem.error(Problem.MODEL, name, name + " does not apply to " + optimizer
                        + "; it is a hyperparameter of " + describe(owners)));
            }
        }
        return problems;
    }

    /** Which optimizers have each hyperparameter besides the learning rate and weight decay, which all have. */
    private static final java.util.Map<String, Set<Optimizer>> OPTIMIZERS_OF = java.util.Map.of(
            "rho", EnumSet.of(Optimizer.RMSPROP, Optimizer.ADADELTA),
            "momentum", EnumSet.of(Optimizer.SGD, Optimizer.RMSPROP),
            "beta1", EnumSet.of(Optimizer.ADAM, Optimizer.ADAMW, Optimizer.ADAMAX, Optimizer.NADAM),
            "beta2", EnumSet.of(Optimizer.ADAM, Optimizer.ADAMW, Optimizer.ADAMAX, Optimizer.NADAM),
            "epsilon", EnumSet.complementOf(EnumSet.of(Optimizer.SGD)),
            "nesterov", EnumSet.of(Optimizer.SGD),
            "centered", EnumSet.of(Optimizer.RMSPROP),
            "amsgrad", EnumSet.of(Optimizer.ADAM, Optimizer.ADAMW));

    private static String describe(Set<Optimizer> optimizers) {
        List<String> names = optimizers.stream().map(Enum::name).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static Optional<Double> set(double value) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value);
    }

    private static double value(TrainingSpec training, String name) {
        return switch (name) {
            case "rho" -> training.rho();
            case "momentum" -> training.momentum();
            case "beta1" -> training.beta1();
            case "beta2" -> training.beta2();
            case "epsilon" -> training.epsilon();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
