package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Predictor;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

/**
 * The {@link Predictor} of a compiled or DSL model: {@link CompiledModelSupport}'s inference under the weights'
 * read lock, without the tensors of {@code predict}. Confined to its first caller's thread, since its staging
 * arrays (for more rows than one inference batch) are its own.
 */
final class ModelPredictor implements Predictor {

    private final CompiledModelSupport support;
    private final String modelName;
    /** How errors name the call, made once: building it per call would be the call's only allocation. */
    private final String operation;
    private final int inputSize;
    private final int outputSize;
    private final Lock weights;
    private final CompiledModelSupport.Staging staging = new CompiledModelSupport.Staging();
    private final AtomicReference<Thread> owner = new AtomicReference<>();

    ModelPredictor(CompiledModelSupport support, String modelName, int inputSize, int outputSize, Lock weights) {
        this.support = support;
        this.modelName = modelName;
        this.operation = "predictor of " + modelName;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.weights = weights;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public void predict(float[] input, float[] output) {
        predict(input, 1, output);
    }

    @Override
    public void predict(float[] inputs, int rows, float[] outputs) {
        confine();
        if (rows <= 0) {
            throw new IllegalArgumentException("predictor of " + modelName + ": rows must be positive, got " + rows);
        }
        requireLength("inputs", inputs, rows, inputSize);
        requireLength("outputs", outputs, rows, outputSize);
        DatasetReader.requireFinite(operation, "the input", inputs, rows * inputSize, inputSize);
        weights.lock();
        try {
            support.outputs(inputs, rows, outputs, staging);
        } finally {
            weights.unlock();
        }
    }

    /** Binds the predictor to its first caller's thread; refuses any other. */
    private void confine() {
        Thread current = Thread.currentThread();
        Thread first = owner.get();
        if (first == null && owner.compareAndSet(null, current)) {
            return;
        }
        first = owner.get();
        if (first != current) {
            throw new IllegalStateException("predictor of " + modelName + ": belongs to thread \"" + first.getName()
                    + "\", called from \"" + current.getName() + "\"; give each thread its own model.predictor() "
                    + "(a ThreadLocal does)");
        }
    }

    private void requireLength(String name, float[] array, int rows, int width) {
        long needed = (long) rows * width;
        if (array == null || array.length < needed) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "predictor of %s: %s must hold %d rows × "
                    + "%d values = %,d, got %s", modelName, name, rows, width, needed,
                    array == null ? "null" : String.format(Locale.ROOT, "%,d", array.length)));
        }
    }
}
