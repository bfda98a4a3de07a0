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

    /**
     * Trains on a dataset's batches, one step per element, as Keras's {@code model.fit(dataset)}: the dataset
     * brings its batches, their order and their weights (so the options' batchSize, shuffle, seed, validationSplit
     * and sampleWeight are refused); the options give epochs, validation data, class weights, verbosity and
     * callbacks. Data larger than the heap streams through; see {@link dev.fusenet.runtime.data.Dataset}.
     */
    History fit(dev.fusenet.runtime.data.Dataset data, Consumer<FitOptions> options);

    /** {@link #fit(dev.fusenet.runtime.data.Dataset, Consumer)} for {@code epochs} epochs. */
    default History fit(dev.fusenet.runtime.data.Dataset data, int epochs) {
        return fit(data, options -> options.epochs(epochs));
    }

    /** The loss and metrics over a dataset's labelled batches, as {@code model.evaluate(dataset)}. */
    Evaluation evaluate(dev.fusenet.runtime.data.Dataset data);

    /** The outputs for every sample of a dataset's batches, in order, as {@code model.predict(dataset)}. */
    Tensor predict(dev.fusenet.runtime.data.Dataset data);

    /** The loss and metrics on {@code x} and {@code y}, as {@code model.evaluate}. */
    Evaluation evaluate(Tensor x, Tensor y);

    /**
     * As {@link #evaluate(Tensor, Tensor)} with each sample's loss multiplied by its weight, as Keras's
     * {@code model.evaluate(x, y, sample_weight=w)}: {@code sampleWeight} holds one weight per sample; the mean
     * stays over the samples. The compiled {@code weightedMetrics} count each sample its weight; the other metrics
     * do not, as Keras's {@code metrics} and {@code weighted_metrics}.
     */
    Evaluation evaluate(Tensor x, Tensor y, Tensor sampleWeight);

    /**
     * Forward, loss and backward on {@code x} and {@code y} as one batch, without an update: the mean loss and its
     * gradient with respect to every trainable weight (Keras's {@code model.trainable_weights}: the weights of
     * {@link #getWeights()} whose {@link dev.fusenet.runtime.compiled.Weight#trainable()} holds, in its order), as a
     * {@code GradientTape} would give them, computed by the model's
     * fused kernels. For training that sums gradients elsewhere (data-parallel training across machines), then
     * {@link #applyGradients}. The model's weights do not change.
     */
    Gradients computeGradients(Tensor x, Tensor y);

    /** As {@link #computeGradients(Tensor, Tensor)} with each sample's loss weighted, as {@code fit}'s sampleWeight. */
    Gradients computeGradients(Tensor x, Tensor y, Tensor sampleWeight);

    /**
     * One step of the model's optimizer with these gradients, as Keras's {@code optimizer.apply_gradients}:
     * one gradient per trainable weight, in {@link #computeGradients}'s order and shapes; the non-trainable
     * weights (moving statistics) are not the optimizer's and stay as they are. {@code computeGradients} then
     * {@code applyGradients} on a batch changes the weights exactly as {@code fit} does on that batch.
     *
     * @throws IllegalArgumentException naming the first gradient of the wrong count or shape; nothing changes then
     */
    void applyGradients(List<Tensor> gradients);

    /**
     * The optimizer the model trains with, as Keras's {@code model.optimizer}: its step count, its learning rate.
     * It belongs to the model; change it only while no {@code fit} runs.
     */
    dev.fusenet.runtime.optimizers.GradientOptimizer optimizer();

    /** Copies of the optimizer's state (step count and slots), as Keras's {@code optimizer.variables}. */
    OptimizerState getOptimizerState();

    /**
     * Replaces the optimizer's state with one {@link #getOptimizerState()} gave (of this architecture and
     * optimizer): for training that moves it between machines, as parameter averaging does.
     *
     * @throws IllegalArgumentException naming the first slot of the wrong count or shape; nothing changes then
     */
    void setOptimizerState(OptimizerState state);

    /** The model's outputs for {@code x}, as {@code model.predict}. */
    Tensor predict(Tensor x);

    /**
     * A new {@link Predictor} of this model, for serving from one thread: the outputs of {@link #predict(Tensor)}
     * written into the caller's {@code float[]}, with no allocation per call.
     */
    Predictor predictor();

    /** Keras's summary table: each layer with its output shape and parameter count, and the totals. */
    String summary();

    /** The layers, in order. */
    List<Layer> layers();

    /**
     * For each of {@link #layers()}, the names of the layers it reads (or the model's input's name), in order, as
     * the summary's "Connected to" column shows them: in a chain, each the one before it, the first
     * {@code input}.
     */
    default List<List<String>> connections() {
        List<List<String>> connections = new java.util.ArrayList<>();
        List<Layer> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            connections.add(List.of(i == 0 ? "input" : layers.get(i - 1).name()));
        }
        return connections;
    }

    /**
     * The layer named {@code name}, as Keras's {@code model.get_layer(name)}: for a graph's layer method that takes
     * parameters, the way to reach the layer without naming what it reads.
     *
     * @throws IllegalArgumentException naming the model's layers when none is called {@code name}
     */
    default Layer getLayer(String name) {
        for (Layer layer : layers()) {
            if (layer.name().equals(name)) {
                return layer;
            }
        }
        throw new IllegalArgumentException("model " + name() + " has no layer named " + name + "; its layers are "
                + String.join(", ", layers().stream().map(Layer::name).toList()));
    }

    /** The model's name, as Keras's {@code model.name}: the {@code @Compile} type's or the DSL's. */
    String name();

    /** The shape of one input sample, as Keras's {@code model.input_shape} without the batch: {@code [784]}. */
    int[] inputShape();

    /**
     * The loss the model trains on, as Keras's {@code model.loss}: it decides the labels' form (one-hot, class
     * indices, values shaped as the outputs).
     */
    dev.fusenet.annotations.Loss loss();

    /**
     * Fresh, empty objects of the metrics the model was compiled with (its metrics, then its weighted metrics),
     * named as its logs name them: to count a data set in parts elsewhere and {@code merge} them, as training on a
     * cluster does. Weighted metrics still need their weights ({@code weightedBy}).
     */
    List<dev.fusenet.runtime.metrics.PredictionMetric> newMetrics();

    /**
     * Copies of the weights, as Keras 3's {@code model.get_weights()}: layer by layer, each layer's
     * {@link Layer#weights()} in the order the kind declares them (a dense layer's kernel then its bias when it has
     * one), trainable or not, in the shapes Keras stores them in.
     */
    List<Tensor> getWeights();

    /**
     * Replaces the weights, as Keras's {@code model.set_weights(weights)}: {@code weights} in the order and shapes
     * {@link #getWeights()} gives. The optimizer's state is kept. Waits for a running {@code fit}, as
     * {@link #load} does.
     *
     * @throws IllegalArgumentException naming the first weight of the wrong count or shape; the model is
     *     unchanged then
     */
    void setWeights(List<Tensor> weights);

    /** Writes the weights and the optimizer's state to {@code path} (an .npz archive numpy reads), atomically. */
    void save(Path path) throws IOException;

    /**
     * Reads weights and optimizer state written by {@link #save}.
     *
     * @throws IOException when the file is unreadable or holds another architecture; the model is unchanged then
     */
    void load(Path path) throws IOException;
}
