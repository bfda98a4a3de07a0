package dev.fusenet.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The values of one annotation on one element, read through its mirror so that the processor can tell a value
 * the user wrote from a default, and can point diagnostics at the value itself.
 */
final class AnnotationValues {

    /** Thrown when a value is not what the annotation declares; javac has already reported the source error. */
    static final class Unresolved extends RuntimeException {
        Unresolved(String attribute) {
            super("unresolved value of " + attribute, null, false, false);
        }
    }

    private final AnnotationMirror mirror;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> written;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> withDefaults;

    AnnotationValues(AnnotationMirror mirror, Elements elements) {
        this.mirror = mirror;
        this.written = mirror.getElementValues();
        this.withDefaults = elements.getElementValuesWithDefaults(mirror);
    }

    /** The mirror of {@code annotation} on {@code element}, if the element carries it. */
    static Optional<AnnotationMirror> mirrorOf(Element element, Class<?> annotation) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    AnnotationMirror mirror() {
        return mirror;
    }

    /** The value as written in the source, if the user wrote one. */
    Optional<AnnotationValue> written(String attribute) {
        return find(written, attribute);
    }

    boolean isWritten(String attribute) {
        return written(attribute).isPresent();
    }

    int intValue(String attribute) {
        return value(attribute, Integer.class);
    }

    double doubleValue(String attribute) {
        return value(attribute, Double.class);
    }

    boolean booleanValue(String attribute) {
        return value(attribute, Boolean.class);
    }

    <E extends Enum<E>> E enumValue(String attribute, Class<E> type) {
        return constant(value(attribute, VariableElement.class), type, attribute);
    }

    /** An {@code int[]} value; {@code inputShape = 784} and {@code {784}} read alike. */
    List<Integer> intValues(String attribute) {
        List<?> values = value(attribute, List.class);
        List<Integer> ints = new ArrayList<>();
        for (Object value : values) {
            if (!(value instanceof AnnotationValue element) || !(element.getValue() instanceof Integer i)) {
                throw new Unresolved(attribute);
            }
            ints.add(i);
        }
        return ints;
    }

    /** A {@code double[]} value; {@code factor = 0.1} and {@code {0.1}} read alike. */
    List<Double> doubleValues(String attribute) {
        List<?> values = value(attribute, List.class);
        List<Double> doubles = new ArrayList<>();
        for (Object value : values) {
            if (!(value instanceof AnnotationValue element) || !(element.getValue() instanceof Number n)) {
                throw new Unresolved(attribute);
            }
            doubles.add(n.doubleValue());
        }
        return doubles;
    }

    <E extends Enum<E>> List<E> enumValues(String attribute, Class<E> type) {
        List<?> values = value(attribute, List.class);
        List<E> constants = new ArrayList<>();
        for (Object value : values) {
            if (!(value instanceof AnnotationValue element) || !(element.getValue() instanceof VariableElement v)) {
                throw new Unresolved(attribute);
            }
            constants.add(constant(v, type, attribute));
        }
        return constants;
    }

    private static <E extends Enum<E>> E constant(VariableElement element, Class<E> type, String attribute) {
        try {
            return Enum.valueOf(type, element.getSimpleName().toString());
        } catch (IllegalArgumentException e) {
            throw new Unresolved(attribute);
        }
    }

    private <T> T value(String attribute, Class<T> type) {
        Object value = find(withDefaults, attribute).map(AnnotationValue::getValue)
                .orElseThrow(() -> new Unresolved(attribute));
        if (!type.isInstance(value)) {
            throw new Unresolved(attribute);
        }
        return type.cast(value);
    }

    private static Optional<AnnotationValue> find(Map<? extends ExecutableElement, ? extends AnnotationValue> values,
                                                  String attribute) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }
}
