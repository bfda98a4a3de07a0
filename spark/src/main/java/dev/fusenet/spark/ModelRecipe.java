package dev.fusenet.spark;

import dev.fusenet.model.ModelSpec;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.dsl.BuiltModel;
import dev.fusenet.runtime.dsl.Functional;
import java.io.Serializable;

/**
 * How an executor makes the model the driver trains: a compiled class, found by name on the application's class
 * path (the jar spark-submit ships) and made with its public no-argument constructor; or a runtime DSL model,
 * rebuilt from its description ({@code ModelSpec}), which travels with the task. The weights travel separately,
 * as broadcasts, each step or round.
 */
final class ModelRecipe implements Serializable {

    private static final long serialVersionUID = 2L;

    /** The compiled class's name, or null for a DSL model. */
    private final String className;
    /** A DSL model's description, in a form that ships ({@link RecordForm}), or null. */
    private final Object spec;
    /** What executors cache the model under: the class's name, or one key per DSL model. */
    private final String key;

    private ModelRecipe(String className, Object spec, String key) {
        this.className = className;
        this.spec = spec;
        this.key = key;
    }

    static ModelRecipe of(Model model) {
        if (model instanceof BuiltModel built) {
            return new ModelRecipe(null, RecordForm.encode(built.spec()), "dsl:" + java.util.UUID.randomUUID());
        }
        Class<? extends Model> type = model.getClass();
        try {
            type.getConstructor();
            if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                throw new NoSuchMethodException("class not public");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("SparkFit: executors make the model with a public no-argument "
                    + "constructor of a public class, and " + type.getName() + " has none", e);
        }
        return new ModelRecipe(type.getName(), null, type.getName());
    }

    /** A fresh model on this executor (its weights come from the driver). */
    Model make() {
        if (spec != null) {
            return Functional.of((ModelSpec) RecordForm.decode(spec), ModelSpec.DEFAULT_SEED);
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return (Model) Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SparkFit: an executor cannot make " + className + " (" + e
                    + "); is the application's jar, which holds it, on the executors' class path?", e);
        }
    }

    String key() {
        return key;
    }
}
