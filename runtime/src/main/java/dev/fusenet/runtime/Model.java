package dev.fusenet.runtime;

import dev.fusenet.runtime.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A trainable model, as a compiled Keras model: what every {@code Compiled<Name>} class (and the runtime DSL)
 * implements. Inputs are (samples, features) tensors; labels are one-hot (samples, classes) tensors, or integer
 * class labels (samples) for the sparse loss.
 */
public interface Model {

    /** Trains for {@code epochs} epochs in batches of {@code batchSize}, as {@code model.fit(x, y, epochs, batch_size)}. */
    default History fit(Tensor x, Tensor y, int epochs, int batchSize) {
        return fit(x, y, options -> options.epochs(epochs).batchSize(batchSize));
    }

    /** Trains with the options set in the block: {@code o -> { o.epochs(5); o.batchSize(128); }}. */
    History fit(Tensor x, Tensor y, Consumer<FitOptions> options);

    /** The loss and metrics on {@code x} and {@code y}, as {@code model.evaluate}. */
    Evaluation evaluate(Tensor x, Tensor y);

    /** The model's outputs for {@code x}, as {@code model.predict}. */
    Tensor predict(Tensor x);

    /** Keras's summary table: each layer with its output shape and parameter count, and the totals. */
    String summary();

    /** The layers, in order. */
    List<Layer> layers();

    /** Writes the weights and the optimizer's state to {@code path} (an .npz archive numpy reads), atomically. */
    void save(Path path) throws IOException;

    /**
     * Reads weights and optimizer state written by {@link #save}.
     *
     * @throws IOException when the file is unreadable or holds another architecture; the model is unchanged then
     */
    void load(Path path) throws IOException;
}
