package example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.FitOptions;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.compiled.ActivationKernels;
import dev.fusenet.runtime.compiled.BatchBufferCache;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.DenseKernels;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.LayerBuffers;
import dev.fusenet.runtime.losses.FusedLosses;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.RMSprop;
import dev.fusenet.runtime.training.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import javax.annotation.processing.Generated;

/**
 * The compiled {@link MnistNet}: its training code, written for exactly this architecture.
 *
 * <pre>
 * hidden  Dense(512, RELU)    (rows, 784) → (rows, 512)
 * output  Dense(10, SOFTMAX)  (rows, 512) → (rows, 10)
 * </pre>
 *
 * 407,050 trainable parameters.
 * Trained with RMSPROP on CATEGORICAL_CROSSENTROPY, reporting ACCURACY. {@code rows} is the batch size.
 * Written by fusenet's annotation processor from {@code MnistNet}; do not edit.
 */
@Generated(
        value = "dev.fusenet.processor.FusenetProcessor",
        comments = "from example.MnistNet"
)
public final class CompiledMnistNet implements MnistNet, Model, CompiledModelSupport.Network {
    /**
     * The seed of {@link #CompiledMnistNet()}.
     */
    public static final long DEFAULT_SEED = 42L;

    /**
     * hidden(): Dense(512, RELU); kernel (784, 512), bias (512).
     */
    private final DenseLayer hidden = new DenseLayer("hidden", 784, 512, true, Activation.RELU);

    /**
     * output(): Dense(10, SOFTMAX); kernel (512, 10), bias (10).
     */
    private final DenseLayer output = new DenseLayer("output", 512, 10, true, Activation.SOFTMAX);

    private final GradientOptimizer optimizer;

    private final CompiledModelSupport support;

    /**
     * Working memory, made once for each batch size.
     */
    private final BatchBufferCache<Buffers> buffers = new BatchBufferCache<>(Buffers::new);

    /**
     * A model with fresh weights drawn from {@link #DEFAULT_SEED}.
     */
    public CompiledMnistNet() {
        this(DEFAULT_SEED);
    }

    /**
     * A model with fresh weights drawn from {@code seed}, layer by layer in declaration order;
     * the same seed trains to the same weights.
     */
    public CompiledMnistNet(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        hidden.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        output.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, random);
        optimizer = new RMSprop();
        support = new CompiledModelSupport("MnistNet", new int[] {784}, 10,
                        Loss.CATEGORICAL_CROSSENTROPY, List.of(Metric.ACCURACY), false, 0.0,
                        List.of(hidden, output),
                        optimizer, seed, this);
    }

    @Override
    public Layer hidden() {
        return hidden;
    }

    @Override
    public Layer output() {
        return output;
    }

    /**
     * One training step on the first {@code rows} samples of {@code x} (784 values each) and {@code y}:
     * forward, loss, backward and update. Returns the batch's mean loss. {@code fit} calls it;
     * once a batch size has been seen, it allocates nothing.
     */
    @Override
    public double trainStep(float[] x, float[] y, int rows, List<PredictionMetric> metrics) {
        Buffers b = buffers.forRows(rows);
        b.input.load(x);

        // Forward
        // hidden: (rows, 784) · (784, 512) + (512), relu → (rows, 512)
        DenseKernels.forward(b.input, hidden, b.hidden);
        ActivationKernels.relu(b.hidden.z, hidden.biasBuffer(), b.hidden.a, rows, 512);
        b.hidden.pushActivations();
        // output: (rows, 512) · (512, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.hidden, output, b.output);
        ActivationKernels.addBias(b.output.z, output.biasBuffer(), rows, 10);

        // Loss
        // softmax and categorical cross-entropy in one pass: p = softmax(z), gradient (p - y) / rows
        double loss = FusedLosses.softmaxCategoricalCrossentropy(
                        b.output.z, y, b.output.a, b.output.gradient, rows, 10, 0f);
        for (int m = 0; m < metrics.size(); m++) {
            metrics.get(m).update(y, b.output.a, rows, 10);
        }

        // Backward: each layer turns the gradient with respect to its outputs into its weights' gradients
        // and the gradient with respect to its inputs
        // output: the fused loss gave the gradient with respect to z
        // output: kernel gradient (512, 10) = hiddenᵀ · dz, bias gradient (10), hidden's gradient (rows, 512)
        DenseKernels.backward(b.hidden, output, b.output, true);
        // hidden: through relu → (rows, 512)
        ActivationKernels.reluBackward(b.hidden.z, b.hidden.a, b.hidden.gradient, rows, 512);
        // hidden: kernel gradient (784, 512) = xᵀ · dz, bias gradient (512); the model's input needs no gradient
        DenseKernels.backward(b.input, hidden, b.hidden, false);

        // Update: RMSPROP on every weight, as one optimizer step
        optimizer.beginStep();
        hidden.update(optimizer);
        output.update(optimizer);
        optimizer.endStep();
        return loss;
    }

    /**
     * Inference on the first {@code rows} samples of {@code x}: the model's outputs,
     * (rows, 10), into {@code outputs}.
     */
    @Override
    public void forward(float[] x, int rows, float[] outputs) {
        Buffers b = buffers.forRows(rows);
        b.input.load(x);
        // hidden: (rows, 784) · (784, 512) + (512), relu → (rows, 512)
        DenseKernels.forward(b.input, hidden, b.hidden);
        ActivationKernels.relu(b.hidden.z, hidden.biasBuffer(), b.hidden.a, rows, 512);
        b.hidden.pushActivations();
        // output: (rows, 512) · (512, 10) + (10), softmax → (rows, 10)
        DenseKernels.forward(b.hidden, output, b.output);
        ActivationKernels.softmax(b.output.z, output.biasBuffer(), b.output.a, rows, 10);
        System.arraycopy(b.output.a, 0, outputs, 0, rows * 10);
    }

    @Override
    public History fit(Tensor x, Tensor y, Consumer<FitOptions> options) {
        return support.fit(x, y, options);
    }

    @Override
    public Evaluation evaluate(Tensor x, Tensor y) {
        return support.evaluate(x, y);
    }

    @Override
    public Tensor predict(Tensor x) {
        return support.predict(x);
    }

    @Override
    public String summary() {
        return support.summary();
    }

    @Override
    public List<Layer> layers() {
        return support.layers();
    }

    @Override
    public void save(Path path) throws IOException {
        support.save(path);
    }

    @Override
    public void load(Path path) throws IOException {
        support.load(path);
    }

    /**
     * The optimizer this model trains with, and its state.
     */
    public GradientOptimizer optimizer() {
        return optimizer;
    }

    /**
     * The working memory of a batch of {@code rows} samples: each layer's outputs and gradients.
     */
    private static final class Buffers {
        /**
         * The batch's inputs, (rows, 784), where the first product reads them.
         */
        final LayerBuffers input;

        /**
         * hidden's outputs and gradients, (rows, 512).
         */
        final LayerBuffers hidden;

        /**
         * output's outputs and gradients, (rows, 10).
         */
        final LayerBuffers output;

        Buffers(int rows) {
            input = new LayerBuffers(rows, 784);
            hidden = new LayerBuffers(rows, 512);
            output = new LayerBuffers(rows, 10);
        }
    }
}
