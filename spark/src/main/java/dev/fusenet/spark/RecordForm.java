package dev.fusenet.spark;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A value made of records, enums, lists, sets, optionals, strings, numbers and booleans (a DSL model's
 * {@code ModelSpec}) in a form Java serialization ships, and back: each record as its class and components, in
 * order, rebuilt through its canonical constructor. Generic, so a new layer kind needs nothing here.
 */
final class RecordForm {

    private RecordForm() {
    }

    private record Node(String type, List<Object> components) implements Serializable {
    }

    private record EnumValue(String type, String name) implements Serializable {
    }

    private record OptionalValue(Object value) implements Serializable {
    }

    private record SetValue(List<Object> values) implements Serializable {
    }

    private record ListValue(List<Object> values) implements Serializable {
    }

    static Object encode(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> constant) {
            return new EnumValue(constant.getDeclaringClass().getName(), constant.name());
        }
        if (value instanceof Optional<?> optional) {
            return new OptionalValue(encode(optional.orElse(null)));
        }
        if (value instanceof Set<?> set) {
            return new SetValue(new ArrayList<>(set.stream().map(RecordForm::encode).toList()));
        }
        if (value instanceof List<?> list) {
            return new ListValue(new ArrayList<>(list.stream().map(RecordForm::encode).toList()));
        }
        if (value.getClass().isRecord()) {
            List<Object> components = new ArrayList<>();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    components.add(encode(component.getAccessor().invoke(value)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component + " of " + value.getClass(), e);
                }
            }
            return new Node(value.getClass().getName(), components);
        }
        throw new IllegalArgumentException("cannot ship a " + value.getClass().getName() + " in a model's description");
    }

    static Object decode(Object form) {
        if (form instanceof EnumValue constant) {
            return enumConstant(constant);
        }
        if (form instanceof OptionalValue optional) {
            return Optional.ofNullable(decode(optional.value()));
        }
        if (form instanceof SetValue set) {
            Set<Object> values = new LinkedHashSet<>();
            set.values().forEach(value -> values.add(decode(value)));
            return values;
        }
        if (form instanceof ListValue list) {
            return new ArrayList<>(list.values().stream().map(RecordForm::decode).toList());
        }
        if (form instanceof Node node) {
            try {
                Class<?> type = Class.forName(node.type(), true, RecordForm.class.getClassLoader());
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                Object[] values = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = decode(node.components().get(i));
                }
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return canonical.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot rebuild a " + node.type() + " on this executor", e);
            }
        }
        return form;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(EnumValue constant) {
        try {
            Class<? extends Enum> type = (Class<? extends Enum>) Class.forName(constant.type(), true,
                    RecordForm.class.getClassLoader());
            return Enum.valueOf(type, constant.name());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot find " + constant.type() + " on this executor", e);
        }
    }
}
