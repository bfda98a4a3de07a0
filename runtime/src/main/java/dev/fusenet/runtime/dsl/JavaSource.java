package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Metric;
import dev.fusenet.model.Attribute;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code @Compile} interface that declares a model description: what a DSL user copies into their sources to
 * move the architecture to compile time. Attributes at their annotation defaults are left out, as a person
 * would write them.
 */
final class JavaSource {

    private JavaSource() {
    }

    /**
     * The imports a source needs. A type the interface itself is named after (an interface called
     * {@code Dropout}) is written qualified instead, since its simple name would mean the interface.
     */
    private static final class Imports {
        private final String typeName;
        private final TreeSet<String> names = new TreeSet<>();

        Imports(String typeName) {
            this.typeName = typeName;
        }

        /** How the source refers to {@code qualified}, importing it when it can. */
        String use(String qualified) {
            String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
            if (simple.equals(typeName)) {
                return qualified;
            }
            names.add(qualified);
            return simple;
        }

        /** {@code Activation.RELU}, or {@code dev.fusenet.annotations.Activation.RELU}. */
        String constant(Enum<?> value) {
            return use(value.getDeclaringClass().getName()) + "." + value.name();
        }
    }

    static String write(ModelSpec model, String packageName, String typeName, long seed) {
        Imports imports = new Imports(typeName);
        String layer = imports.use("dev.fusenet.runtime.Layer");
        StringBuilder body = new StringBuilder();
        String compiled = "Compiled" + typeName;
        body.append("/**\n")
                .append(" * The model ").append(model.name()).append(", written by the runtime DSL (")
                .append(model.isChain() ? "Sequential" : "Functional").append(".javaSource).\n")
                .append(" * javac and fusenet's processor turn it into ").append(compiled).append("; {@code new ")
                .append(compiled).append("(").append(seed).append("L)}\n")
                .append(" * starts from the weights the DSL model started from.\n")
                .append(" */\n");
        body.append("@").append(imports.use("dev.fusenet.annotations.Compile")).append("(")
                .append(compileAttributes(model.training(), imports)).append(")\n");
        body.append("public interface ").append(typeName).append(" {\n");
        String separator = "";
        if (model.input().isPresent()) {
            body.append("    @").append(imports.use("dev.fusenet.annotations.Input")).append("(shape = ")
                    .append(ints(model.input().get().shape().dims())).append(")\n");
            body.append("    ").append(layer).append(" ").append(model.input().get().name()).append("();\n");
            separator = "\n";
        }
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec spec = model.layers().get(i);
            body.append(separator);
            separator = "\n";
            String annotation = "dev.fusenet.annotations." + spec.annotation();
            String attributes = attributes(spec, imports);
            body.append("    @").append(imports.use(annotation))
                    .append(attributes.isEmpty() ? "" : "(" + attributes + ")").append("\n");
            String parameters = model.readsOf(i).stream().map(name -> layer + " " + name)
                    .collect(Collectors.joining(", "));
            body.append("    ").append(layer).append(" ").append(spec.name()).append("(").append(parameters)
                    .append(");\n");
        }
        body.append("}\n");
        StringBuilder source = new StringBuilder();
        if (!packageName.isEmpty()) {
            source.append("package ").append(packageName).append(";\n\n");
        }
        imports.names.forEach(name -> source.append("import ").append(name).append(";\n"));
        return source.append("\n").append(body).toString();
    }

    private static String compileAttributes(TrainingSpec training, Imports imports) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("optimizer", imports.constant(training.optimizer()));
        attributes.put("loss", imports.constant(training.loss()));
        if (!training.metrics().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Metric metric : training.metrics()) {
                names.add(imports.constant(metric));
            }
            attributes.put("metrics", names.size() == 1 ? names.get(0) : "{" + String.join(", ", names) + "}");
        }
        if (!training.weightedMetrics().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Metric metric : training.weightedMetrics()) {
                names.add(imports.constant(metric));
            }
            attributes.put("weightedMetrics", names.size() == 1 ? names.get(0) : "{" + String.join(", ", names)
                    + "}");
        }
        number(attributes, "learningRate", training.learningRate());
        number(attributes, "rho", training.rho());
        number(attributes, "momentum", training.momentum());
        number(attributes, "beta1", training.beta1());
        number(attributes, "beta2", training.beta2());
        number(attributes, "epsilon", training.epsilon());
        number(attributes, "weightDecay", training.weightDecay());
        flag(attributes, "nesterov", training.nesterov());
        flag(attributes, "centered", training.centered());
        flag(attributes, "amsgrad", training.amsgrad());
        flag(attributes, "fromLogits", training.fromLogits());
        if (training.labelSmoothing() != 0) {
            attributes.put("labelSmoothing", Double.toString(training.labelSmoothing()));
        }
        return join(attributes);
    }

    /** The annotation's attributes that differ from its defaults, in the annotation's order, as Java. */
    private static String attributes(LayerSpec spec, Imports imports) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Attribute attribute : spec.attributes()) {
            attributes.put(attribute.name(), value(attribute.value(), imports));
        }
        return join(attributes);
    }

    /** An attribute value as Java source: {@code 3}, {@code {3, 5}}, {@code {-0.1, 0.2}}, {@code Activation.RELU}. */
    private static String value(Object value, Imports imports) {
        if (value instanceof Enum<?> constant) {
            return imports.constant(constant);
        }
        if (value instanceof Shape shape) {
            return ints(shape.dims());
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 ? String.valueOf(list.get(0))
                    : "{" + list.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "}";
        }
        return String.valueOf(value);
    }

    /** {@code 3} or {@code {3, 5}}: an int[] annotation value, one value without braces. */
    private static String ints(List<Integer> values) {
        return values.size() == 1 ? Integer.toString(values.get(0))
                : "{" + values.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "}";
    }

    private static void number(Map<String, String> attributes, String name, double value) {
        if (!Double.isNaN(value)) {
            attributes.put(name, Double.toString(value));
        }
    }

    private static void flag(Map<String, String> attributes, String name, boolean value) {
        if (value) {
            attributes.put(name, "true");
        }
    }

    /** {@code a = 1, b = 2}; an annotation's lone {@code value} in Java's short form, {@code @ActivationLayer(RELU)}. */
    private static String join(Map<String, String> attributes) {
        if (attributes.size() == 1 && attributes.containsKey("value")) {
            return attributes.get("value");
        }
        return attributes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code mnist_net} → {@code MnistNet}: the type name for a model name. */
    static String typeName(String modelName) {
        StringBuilder name = new StringBuilder();
        for (String part : modelName.split("_")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.length() == 0 ? "Model" : name.toString();
    }
}
