package dev.fusenet.runtime;

/**
 * A model's forward pass for serving: from the caller's {@code float[]} into the caller's {@code float[]}, with
 * no allocation per call, where {@link Model#predict(Tensor)} makes tensors. Made by {@link Model#predictor()};
 * the outputs are those {@code predict} gives, bit for bit.
 *
 * <p>A predictor belongs to one thread: the first thread that calls it owns it, and a call from any other thread
 * is refused with an {@link IllegalStateException}. Give each serving thread its own (a {@code ThreadLocal}
 * does); they share the model's weights, and any number of them may run at once. Training, {@code load} and
 * {@code setWeights} wait for calls in progress, and calls made after them see the new weights.
 *
 * <pre>{@code
 * ThreadLocal<Predictor> predictors = ThreadLocal.withInitial(model::predictor);
 * float[] probabilities = new float[10];
 * predictors.get().predict(pixels, probabilities);   // 784 pixels in, 10 probabilities out
 * }</pre>
 */
public interface Predictor {

    /** The values of one sample, in the model's input layout (row-major, channels last): 784 for (28, 28, 1). */
    int inputSize();

    /** The values of one sample's outputs. */
    int outputSize();

    /**
     * The outputs of one sample: the first {@link #inputSize()} values of {@code input} in, the first
     * {@link #outputSize()} values of {@code output} written.
     *
     * @throws IllegalArgumentException if an array is too short or the input holds a NaN or an infinity
     * @throws IllegalStateException if called from a thread other than the predictor's
     */
    void predict(float[] input, float[] output);

    /**
     * The outputs of the first {@code rows} samples of {@code inputs} (rows × {@link #inputSize()} values,
     * row-major) into {@code outputs} (rows × {@link #outputSize()}).
     *
     * @throws IllegalArgumentException if {@code rows} is not positive, an array is too short or the inputs
     *                                  hold a NaN or an infinity
     * @throws IllegalStateException if called from a thread other than the predictor's
     */
    void predict(float[] inputs, int rows, float[] outputs);
}
