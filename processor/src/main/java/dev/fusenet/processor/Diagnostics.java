package dev.fusenet.processor;

import dev.fusenet.model.Problem;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports findings to javac, each on the element, annotation and annotation value it concerns, so that the IDE
 * and javac's output point at the exact attribute the user has to change. Counts errors per model, so that the
 * processor writes no class for a model with errors.
 */
final class Diagnostics {

    private final Messager messager;
    private int errors;

    Diagnostics(Messager messager) {
        this.messager = messager;
    }

    void error(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        errors++;
        print(Diagnostic.Kind.ERROR, element, annotation, value, message);
    }

    void error(Element element, AnnotationMirror annotation, String message) {
        error(element, annotation, null, message);
    }

    void error(Element element, String message) {
        error(element, null, null, message);
    }

    void warning(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        print(Diagnostic.Kind.WARNING, element, annotation, value, message);
    }

    /** Reports a problem of the model rules at the declaration it concerns. */
    void report(Problem problem, Declaration declaration) {
        Element element;
        AnnotationValues annotation;
        if (problem.layer() == Problem.MODEL) {
            element = declaration.type();
            annotation = declaration.compile();
        } else {
            Declaration.LayerSite site = problem.layer() == Problem.INPUT ? declaration.input().orElseThrow()
                    : declaration.layers().get(problem.layer());
            element = site.method();
            annotation = site.annotation();
            int read = Problem.readPosition(problem.attribute());
            java.util.List<? extends Element> parameters = DeclarationRules.layerParameters(site.method());
            if (read >= 0 && read < parameters.size()) {
                // A problem with a layer the method reads points at the parameter that names it.
                Element parameter = parameters.get(read);
                if (problem.severity() == Problem.Severity.ERROR) {
                    error(parameter, problem.message());
                } else {
                    warning(parameter, null, null, problem.message());
                }
                return;
            }
        }
        AnnotationValue value = problem.attribute() == null ? null
                : annotation.written(problem.attribute()).orElse(null);
        if (problem.severity() == Problem.Severity.ERROR) {
            error(element, annotation.mirror(), value, problem.message());
        } else {
            warning(element, annotation.mirror(), value, problem.message());
        }
    }

    /** The number of errors reported so far. */
    int errorCount() {
        return errors;
    }

    private void print(Diagnostic.Kind kind, Element element, AnnotationMirror annotation, AnnotationValue value,
                       String message) {
        if (value != null) {
            messager.printMessage(kind, message, element, annotation, value);
        } else if (annotation != null) {
            messager.printMessage(kind, message, element, annotation);
        } else {
            messager.printMessage(kind, message, element);
        }
    }
}
