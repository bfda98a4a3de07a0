package dev.fusenet.processor;

import com.google.auto.service.AutoService;
import dev.fusenet.annotations.Compile;
import dev.fusenet.model.ModelRules;
import dev.fusenet.model.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * fusenet's annotation processor. For each type annotated {@code @Compile} it reads the declaration
 * ({@link ModelReader}), checks it ({@link DeclarationRules} and the shared {@link ModelRules}), reports every
 * finding as a javac error or warning on the annotation value that caused it, and, when there is no error, writes
 * {@code Compiled<Name>} ({@link ModelWriter}). It never throws: an internal failure becomes an error on the type.
 */
@AutoService(Processor.class)
public final class FusenetProcessor extends AbstractProcessor {

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new java.util.LinkedHashSet<>();
        types.add(Compile.class.getCanonicalName());
        for (LayerKind kind : LayerKind.values()) {
            types.add(kind.annotation().getCanonicalName());
        }
        return types;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element element : round.getElementsAnnotatedWith(Compile.class)) {
            if (element instanceof TypeElement type) {
                compile(type);
            }
        }
        for (LayerKind kind : LayerKind.values()) {
            checkLayersHaveCompile(round, kind.annotation());
        }
        return true;
    }

    private void compile(TypeElement type) {
        Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager());
        try {
            Declaration declaration = new ModelReader(processingEnv.getElementUtils(), diagnostics).read(type);
            List<Problem> problems = ModelRules.check(declaration.spec());
            problems.forEach(problem -> diagnostics.report(problem, declaration));
            if (diagnostics.errorCount() == 0) {
                new ModelWriter(processingEnv.getElementUtils()).write(declaration)
                        .writeTo(processingEnv.getFiler());
            }
        } catch (AnnotationValues.Unresolved unresolved) {
            // javac reports the unresolved value itself; there is nothing to generate until it is fixed.
        } catch (IOException | RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            diagnostics.error(type, "fusenet could not compile " + type.getSimpleName() + ": " + e
                    + "; this is a bug in fusenet, please report it with this trace:\n" + trace);
        }
    }

    private void checkLayersHaveCompile(RoundEnvironment round, Class<? extends java.lang.annotation.Annotation>
            annotation) {
        Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager());
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            if (element.getKind() != ElementKind.METHOD) {
                continue;
            }
            boolean ownerCompiled = AnnotationValues.mirrorOf(element.getEnclosingElement(), Compile.class).isPresent();
            AnnotationMirror mirror = AnnotationValues.mirrorOf(element, annotation).orElse(null);
            DeclarationRules.layerTypeHasCompile((ExecutableElement) element, annotation.getSimpleName(),
                    ownerCompiled).ifPresent(message -> diagnostics.error(element, mirror, message));
        }
    }
}
