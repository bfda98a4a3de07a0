package dev.fusenet.processor;

import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Input;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.model.InputSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.ModelSpec;
import dev.fusenet.model.Shape;
import dev.fusenet.model.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Step one of the processor: reads a {@code @Compile} type into a {@link Declaration}, checking the Java side of
 * the declaration ({@link DeclarationRules}) on the way and reporting every finding, so that one compile shows
 * all of them.
 */
final class ModelReader {

    private final Elements elements;
    private final Diagnostics diagnostics;

    ModelReader(Elements elements, Diagnostics diagnostics) {
        this.elements = elements;
        this.diagnostics = diagnostics;
    }

    /**
     * The declaration of {@code type}: its layers are the type's methods annotated with a layer
     * annotation ({@link LayerKind}), in declaration order.
     *
     * @throws AnnotationValues.Unresolved when an annotation value does not resolve; javac reports that itself
     */
    Declaration read(TypeElement type) {
        AnnotationValues compile = annotation(type, Compile.class).orElseThrow();
        checkType(type, compile);
        List<LayerSpec> layers = new ArrayList<>();
        List<List<String>> reads = new ArrayList<>();
        List<Declaration.LayerSite> sites = new ArrayList<>();
        Optional<Declaration.LayerSite> input = Optional.empty();
        Optional<InputSpec> inputSpec = Optional.empty();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            List<LayerAnnotation> found = new ArrayList<>();
            for (LayerKind kind : LayerKind.values()) {
                annotation(method, kind.annotation()).ifPresent(values -> found.add(new LayerAnnotation(kind,
                        values)));
            }
            Optional<AnnotationValues> inputAnnotation = annotation(method, Input.class);
            DeclarationRules.abstractMethodIsALayer(method, found.size() + (inputAnnotation.isPresent() ? 1 : 0))
                    .ifPresent(message -> diagnostics.error(method, message));
            if (inputAnnotation.isPresent()) {
                AnnotationValues values = inputAnnotation.get();
                checkInputMethod(method, values, input.isPresent(), !layers.isEmpty(), found.size());
                if (input.isEmpty()) {
                    input = Optional.of(new Declaration.LayerSite(method, values));
                    inputSpec = Optional.of(new InputSpec(method.getSimpleName().toString(),
                            new Shape(values.intValues("shape"))));
                }
                continue;
            }
            if (found.isEmpty()) {
                continue;
            }
            LayerAnnotation layer = found.get(0);
            checkLayerMethod(method, layer.values(),
                    found.stream().map(f -> f.kind().annotation().getSimpleName()).toList());
            // A malformed method still declares the layer the user meant, so the model rules see the intended
            // architecture and do not report follow-on errors.
            layers.add(layer.kind().read(method.getSimpleName().toString(), layer.values()));
            // A parameter that is not a Layer is its own error (above), not also a layer it reads.
            reads.add(DeclarationRules.layerParameters(method).stream().map(p -> p.getSimpleName().toString())
                    .toList());
            sites.add(new Declaration.LayerSite(method, layer.values()));
        }
        boolean chain = inputSpec.isEmpty() && reads.stream().allMatch(List::isEmpty);
        ModelSpec spec = new ModelSpec(type.getSimpleName().toString(), inputSpec, layers,
                chain ? List.of() : reads, training(compile));
        return new Declaration(type, compile, spec, sites, input);
    }

    private void checkInputMethod(ExecutableElement method, AnnotationValues annotation, boolean second,
                                  boolean afterLayers, int layerAnnotations) {
        List<Optional<String>> findings = List.of(
                DeclarationRules.inputMethodHasNoParameters(method),
                DeclarationRules.layerMethodReturnsLayer(method),
                DeclarationRules.layerMethodIsAbstract(method));
        findings.forEach(finding -> finding.ifPresent(message -> diagnostics.error(method, message)));
        List<Optional<String>> placement = List.of(
                DeclarationRules.inputIsDeclaredOnce(method, second),
                DeclarationRules.inputComesFirst(method, afterLayers),
                DeclarationRules.inputIsNotALayer(method, layerAnnotations));
        placement.forEach(finding -> finding.ifPresent(message -> diagnostics.error(method, annotation.mirror(),
                message)));
    }

    private void checkType(TypeElement type, AnnotationValues compile) {
        List<Optional<String>> findings = List.of(
                DeclarationRules.isInterfaceOrAbstractClass(type),
                DeclarationRules.isNotPrivate(type),
                DeclarationRules.isNotGeneric(type),
                DeclarationRules.isNotInnerClass(type),
                DeclarationRules.abstractClassHasNoArgumentConstructor(type),
                DeclarationRules.generatedNameIsFree(type, elements));
        // These concern the type declaration itself, so they point at it rather than at @Compile.
        findings.forEach(finding -> finding.ifPresent(message -> diagnostics.error(type, message)));
    }

    private void checkLayerMethod(ExecutableElement method, AnnotationValues annotation, List<String> annotations) {
        // The signature's problems point at the method, the annotations' at the annotation.
        List<Optional<String>> findings = List.of(
                DeclarationRules.layerMethodReturnsLayer(method),
                DeclarationRules.layerMethodIsAbstract(method));
        findings.forEach(finding -> finding.ifPresent(message -> diagnostics.error(method, message)));
        for (VariableElement parameter : method.getParameters()) {
            DeclarationRules.layerParameterIsALayer(method, parameter)
                    .ifPresent(message -> diagnostics.error(parameter, message));
        }
        DeclarationRules.layerMethodHasOneLayerAnnotation(method, annotations)
                .ifPresent(message -> diagnostics.error(method, annotation.mirror(), message));
    }

    private record LayerAnnotation(LayerKind kind, AnnotationValues values) {
    }

    private static TrainingSpec training(AnnotationValues compile) {
        return new TrainingSpec(
                compile.enumValue("optimizer", Optimizer.class),
                compile.enumValue("loss", Loss.class),
                compile.enumValues("metrics", Metric.class),
                compile.doubleValue("learningRate"),
                compile.doubleValue("rho"),
                compile.doubleValue("momentum"),
                compile.doubleValue("beta1"),
                compile.doubleValue("beta2"),
                compile.doubleValue("epsilon"),
                compile.doubleValue("weightDecay"),
                compile.booleanValue("nesterov"),
                compile.booleanValue("centered"),
                compile.booleanValue("amsgrad"),
                compile.booleanValue("fromLogits"),
                compile.doubleValue("labelSmoothing"),
                TrainingSpec.OPTIMIZER_HYPERPARAMETERS.stream()
                        .filter(name -> compile.isWritten(name) && Double.isNaN(compile.doubleValue(name)))
                        .collect(java.util.stream.Collectors.toSet()),
                compile.enumValues("weightedMetrics", Metric.class));
    }

    private Optional<AnnotationValues> annotation(Element element, Class<?> type) {
        return AnnotationValues.mirrorOf(element, type).map(mirror -> new AnnotationValues(mirror, elements));
    }
}
