package dev.fusenet.spark;

import dev.fusenet.runtime.Model;
import java.io.Serializable;
import java.lang.reflect.Constructor;

/**
 * How an executor makes the model the driver trains: a compiled class, found by name on the application's class
 * path (the jar spark-submit ships), made with its public no-argument constructor. The weights travel separately,
 * as broadcasts, each step or round.
 */
final class ModelRecipe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String className;

    private ModelRecipe(String className) {
        this.className = className;
    }

    static ModelRecipe of(Model model) {
        Class<? extends Model> type = model.getClass();
        if (type.getName().equals("dev.fusenet.runtime.dsl.Sequential")) {
            throw new IllegalArgumentException("SparkFit: " + model.name() + " is a runtime DSL model, which has no "
                    + "class an executor can make; for now write its @Compile interface into your project "
                    + "(model.javaSource(\"your.package\")) and train the compiled class, whose files load into the "
                    + "DSL model and back");
        }
        try {
            Constructor<? extends Model> constructor = type.getConstructor();
            if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                throw new NoSuchMethodException("class not public");
            }
            constructor.getName();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("SparkFit: executors make the model with a public no-argument "
                    + "constructor of a public class, and " + type.getName() + " has none", e);
        }
        return new ModelRecipe(type.getName());
    }

    /** A fresh model on this executor. */
    Model make() {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return (Model) Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SparkFit: an executor cannot make " + className + " (" + e
                    + "); is the application's jar, which holds it, on the executors' class path?", e);
        }
    }

    String className() {
        return className;
    }
}
