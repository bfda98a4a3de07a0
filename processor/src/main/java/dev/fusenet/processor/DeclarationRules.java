package dev.fusenet.processor;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The rules about the Java declaration itself, which only the processor can check: what kind of type carries
 * {@code @Compile} and what its layer methods look like. The rules about the model (shapes, activations, losses,
 * hyperparameters) are {@link dev.fusenet.model.ModelRules}, shared with the runtime DSL. One rule, one method, one
 * message; each returns the message when the rule is broken.
 */
final class DeclarationRules {

    static final String LAYER_TYPE = "dev.fusenet.runtime.Layer";
    static final String MODEL_TYPE = "dev.fusenet.runtime.Model";

    private DeclarationRules() {
    }

    static String generatedName(TypeElement type) {
        return "Compiled" + type.getSimpleName();
    }

    static Optional<String> isInterfaceOrAbstractClass(TypeElement type) {
        ElementKind kind = type.getKind();
        if (kind == ElementKind.INTERFACE
                || (kind == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT))) {
            return Optional.empty();
        }
        String what = kind == ElementKind.CLASS ? "a class that is not abstract"
                : "an " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Optional.of("@Compile goes on an interface or an abstract class, but " + type.getSimpleName() + " is "
                + what + "; declare it as `public interface " + type.getSimpleName() + "` so that fusenet can write "
                + generatedName(type) + " for it");
    }

    static Optional<String> isNotPrivate(TypeElement type) {
        if (!type.getModifiers().contains(Modifier.PRIVATE)) {
            return Optional.empty();
        }
        return Optional.of("@Compile type " + type.getSimpleName() + " is private, so " + generatedName(type)
                + " cannot implement it from outside; make it public or package-private");
    }

    static Optional<String> isNotGeneric(TypeElement type) {
        if (type.getTypeParameters().isEmpty()) {
            return Optional.empty();
        }
        String parameters = type.getTypeParameters().stream().map(p -> p.getSimpleName().toString())
                .collect(Collectors.joining(", ", "<", ">"));
        return Optional.of("@Compile type " + type.getSimpleName() + " has type parameters " + parameters + ", but a "
                + "compiled model has one fixed architecture; remove " + parameters);
    }

    static Optional<String> isNotInnerClass(TypeElement type) {
        NestingKind nesting = type.getNestingKind();
        boolean inner = nesting == NestingKind.MEMBER && type.getKind() == ElementKind.CLASS
                && !type.getModifiers().contains(Modifier.STATIC);
        if (!inner && nesting != NestingKind.LOCAL && nesting != NestingKind.ANONYMOUS) {
            return Optional.empty();
        }
        String where = inner ? "an inner (non-static) class, which " + generatedName(type) + " cannot extend "
                + "without an instance of " + type.getEnclosingElement().getSimpleName() + "; declare it static"
                : "a local class, which " + generatedName(type) + " cannot see; declare it at the top level";
        return Optional.of("@Compile type " + type.getSimpleName() + " is " + where);
    }

    static Optional<String> abstractClassHasNoArgumentConstructor(TypeElement type) {
        if (type.getKind() != ElementKind.CLASS) {
            return Optional.empty();
        }
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        boolean usable = constructors.stream().anyMatch(c -> c.getParameters().isEmpty()
                && !c.getModifiers().contains(Modifier.PRIVATE));
        if (usable) {
            return Optional.empty();
        }
        return Optional.of("@Compile class " + type.getSimpleName() + " has no constructor without parameters that "
                + generatedName(type) + " can call; add a public or protected no-argument constructor");
    }

    static Optional<String> generatedNameIsFree(TypeElement type, Elements elements) {
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        String qualified = (packageName.isEmpty() ? "" : packageName + ".") + generatedName(type);
        TypeElement existing = elements.getTypeElement(qualified);
        if (existing == null || isGeneratedFrom(existing, type)) {
            return Optional.empty();
        }
        return Optional.of("fusenet writes " + generatedName(type) + " for " + type.getSimpleName() + ", but type "
                + qualified + " already exists; rename " + type.getSimpleName() + " or the other type");
    }

    /** A class an earlier build generated for {@code type}, seen again on the class path: not a clash. */
    private static boolean isGeneratedFrom(TypeElement existing, TypeElement type) {
        List<String> interfaces = existing.getInterfaces().stream().map(TypeMirror::toString).toList();
        String supertype = existing.getSuperclass().toString();
        String modelType = type.getQualifiedName().toString();
        return interfaces.contains(MODEL_TYPE) && (interfaces.contains(modelType) || supertype.equals(modelType));
    }

    static Optional<String> inputMethodHasNoParameters(ExecutableElement method) {
        if (method.getParameters().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("@Input method " + method.getSimpleName() + " must take no parameters: the input reads "
                + "nothing; write `Layer " + method.getSimpleName() + "();`");
    }

    static Optional<String> layerParameterIsALayer(ExecutableElement method, VariableElement parameter) {
        TypeMirror type = parameter.asType();
        if (type.getKind() == TypeKind.ERROR || isLayerType(type)) {
            return Optional.empty();
        }
        return Optional.of("parameter " + parameter.getSimpleName() + " of layer method " + method.getSimpleName()
                + "() is a " + type + ", but a layer method's parameters name the layers it reads; write `Layer "
                + parameter.getSimpleName() + "`, named after a layer method declared above");
    }

    static Optional<String> inputIsDeclaredOnce(ExecutableElement method, boolean second) {
        if (!second) {
            return Optional.empty();
        }
        return Optional.of("@Input " + method.getSimpleName() + "() is the model's second input; fusenet models "
                + "take one input for now, so remove it or merge the data into one input");
    }

    static Optional<String> inputComesFirst(ExecutableElement method, boolean afterLayers) {
        if (!afterLayers) {
            return Optional.empty();
        }
        return Optional.of("@Input " + method.getSimpleName() + "() is declared after layers; the model reads top "
                + "to bottom, so declare the input first");
    }

    static Optional<String> inputIsNotALayer(ExecutableElement method, int layerAnnotations) {
        if (layerAnnotations == 0) {
            return Optional.empty();
        }
        return Optional.of("@Input " + method.getSimpleName() + "() also carries a layer annotation; the input is "
                + "a method of its own, so declare the layer in another method that reads it: `Layer next(Layer "
                + method.getSimpleName() + ");`");
    }

    static Optional<String> layerMethodReturnsLayer(ExecutableElement method) {
        TypeMirror returned = method.getReturnType();
        if (returned.getKind() == TypeKind.ERROR || isLayerType(returned)) {
            return Optional.empty();
        }
        return Optional.of("layer method " + method.getSimpleName() + "() must return " + LAYER_TYPE + ", not "
                + returned + "; write `Layer " + method.getSimpleName() + "();`");
    }

    /** The parameters of a layer method that name layers it reads: those of type Layer (or of a type javac lacks). */
    static List<VariableElement> layerParameters(ExecutableElement method) {
        return method.getParameters().stream().filter(p -> p.asType().getKind() == TypeKind.ERROR
                || isLayerType(p.asType())).map(VariableElement.class::cast).toList();
    }

    private static boolean isLayerType(TypeMirror type) {
        return type instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(LAYER_TYPE);
    }

    static Optional<String> layerMethodIsAbstract(ExecutableElement method) {
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            return Optional.empty();
        }
        String kind = method.isDefault() ? "a default method" : method.getModifiers().contains(Modifier.STATIC)
                ? "a static method" : "a method with a body";
        return Optional.of("layer method " + method.getSimpleName() + "() is " + kind + ", but fusenet implements "
                + "layer methods itself; declare it abstract, without a body: `Layer " + method.getSimpleName()
                + "();`");
    }

    static Optional<String> layerMethodHasOneLayerAnnotation(ExecutableElement method, List<String> annotations) {
        if (annotations.size() <= 1) {
            return Optional.empty();
        }
        List<String> named = annotations.stream().map(name -> "@" + name).toList();
        String listed = annotations.size() == 2 ? "both " + named.get(0) + " and " + named.get(1)
                : String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
        return Optional.of("layer method " + method.getSimpleName() + "() carries " + listed + "; a method "
                + "declares one layer, so split them into " + annotations.size() + " methods");
    }

    static Optional<String> abstractMethodIsALayer(ExecutableElement method, int layerAnnotations) {
        if (layerAnnotations > 0 || !method.getModifiers().contains(Modifier.ABSTRACT)) {
            return Optional.empty();
        }
        return Optional.of("abstract method " + method.getSimpleName() + "() is not a layer, so "
                + generatedName((TypeElement) method.getEnclosingElement()) + " cannot implement it; annotate it "
                + "with a layer annotation (@Dense, @Conv2D, @MaxPooling2D, @AveragePooling2D, @Flatten, @Dropout, "
                + "a merge such as @Add or @Concatenate) or @Input, or give it a body (a default method)");
    }

    static Optional<String> layerTypeHasCompile(ExecutableElement method, String annotation, boolean ownerCompiled) {
        if (ownerCompiled) {
            return Optional.empty();
        }
        Element owner = method.getEnclosingElement();
        return Optional.of("@" + annotation + " on " + method.getSimpleName() + "() has no effect: "
                + owner.getSimpleName() + " is not annotated @Compile; add @Compile(optimizer = ..., loss = ..., "
                + "metrics = ...) to " + owner.getSimpleName());
    }
}
