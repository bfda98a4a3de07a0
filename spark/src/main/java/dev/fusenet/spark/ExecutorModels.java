package dev.fusenet.spark;

import dev.fusenet.runtime.Model;
import java.util.HashMap;
import java.util.Map;

/**
 * The models an executor's task threads work with, one per thread and recipe, made once and reused across steps:
 * a task sets the broadcast weights, computes, and leaves it for the next task on that thread.
 */
final class ExecutorModels {

    private static final ThreadLocal<Map<String, Model>> MODELS = ThreadLocal.withInitial(HashMap::new);

    private ExecutorModels() {
    }

    static Model of(ModelRecipe recipe) {
        return MODELS.get().computeIfAbsent(recipe.key(), key -> recipe.make());
    }
}
