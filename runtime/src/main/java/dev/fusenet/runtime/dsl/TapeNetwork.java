package dev.fusenet.runtime.dsl;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import dev.fusenet.runtime.compiled.CompiledModelSupport;
import dev.fusenet.runtime.compiled.DenseLayer;
import dev.fusenet.runtime.compiled.DropoutLayer;
import dev.fusenet.runtime.losses.LossFunction;
import dev.fusenet.runtime.metrics.PredictionMetric;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training step of a DSL model, written with tensors and a {@link GradientTape}, as a Keras user writes a
 * custom training loop: forward under the tape, the loss, the tape's gradients, then the optimizer's kernel on
 * each layer's weights, the same update a compiled model runs, on the same buffers.
 */
final class TapeNetwork implements CompiledModelSupport.Network {

    private final List<Layer> layers;
    private final List<DenseLayer> denseLayers;
    private final GradientOptimizer optimizer;
    private final LossFunction loss;
    private final boolean sparseLabels;
    private final int inputSize;
    private final int outputSize;

    TapeNetwork(List<Layer> layers, GradientOptimizer optimizer, LossFunction loss, Loss lossKind, int inputSize,
                int outputSize) {
        this.layers = List.copyOf(layers);
        this.denseLayers = layers.stream().filter(DenseLayer.class::isInstance).map(DenseLayer.class::cast).toList();
        this.optimizer = optimizer;
        this.loss = loss;
        this.sparseLabels = lossKind == Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    @Override
    public double trainStep(float[] x, float[] y, int rows, List<PredictionMetric> metrics) {
        Tensor inputs = Tensor.of(Arrays.copyOf(x, rows * inputSize), rows, inputSize);
        float[] labelValues = Arrays.copyOf(y, rows * (sparseLabels ? 1 : outputSize));
        Tensor labels = sparseLabels ? Tensor.of(labelValues, rows) : Tensor.of(labelValues, rows, outputSize);
        List<Variable> weights = weights();
        Tensor outputs;
        Tensor value;
        List<Tensor> gradients;
        try (GradientTape tape = new GradientTape()) {
            outputs = forward(inputs, weights, rows, true);
            value = loss.apply(labels, outputs);
            gradients = tape.gradient(value, weights);
        }
        float[] predictions = outputs.toFloatArray();
        for (PredictionMetric metric : metrics) {
            metric.update(labelValues, predictions, rows, outputSize);
        }
        optimizer.beginStep();
        int next = 0;
        for (DenseLayer layer : denseLayers) {
            Tensor kernelGradient = gradients.get(next++);
            Tensor biasGradient = layer.useBias() ? gradients.get(next++) : null;
            layer.update(optimizer, kernelGradient, biasGradient);
        }
        optimizer.endStep();
        return value.doubleValue();
    }

    @Override
    public void forward(float[] x, int rows, float[] outputs) {
        Tensor inputs = Tensor.of(Arrays.copyOf(x, rows * inputSize), rows, inputSize);
        float[] values = forward(inputs, null, rows, false).toFloatArray();
        System.arraycopy(values, 0, outputs, 0, values.length);
    }

    /** Each dense layer's kernel and bias as variables the tape watches, in layer order. */
    private List<Variable> weights() {
        List<Variable> weights = new ArrayList<>();
        for (DenseLayer layer : denseLayers) {
            weights.add(new Variable(layer.name() + "/kernel", layer.kernel()));
            if (layer.useBias()) {
                weights.add(new Variable(layer.name() + "/bias", layer.bias()));
            }
        }
        return weights;
    }

    /**
     * The layers applied in order: {@code activation(h · kernel + bias)} for a dense layer, this step's mask for a
     * dropout layer while training (the mask compiled models draw), nothing at inference. Without
     * {@code weights} (inference), the layers' current values.
     */
    private Tensor forward(Tensor inputs, List<Variable> weights, int rows, boolean training) {
        Tensor h = inputs;
        int next = 0;
        for (Layer layer : layers) {
            if (layer instanceof DenseLayer dense) {
                h = h.matmul(weights == null ? dense.kernel() : weights.get(next++).value());
                if (dense.useBias()) {
                    h = h.add(weights == null ? dense.bias() : weights.get(next++).value());
                }
                h = h.activate(dense.activation());
            } else if (layer instanceof DropoutLayer dropout && training) {
                int units = Math.toIntExact(dropout.outputShape()[0]);
                float[] mask = new float[rows * units];
                dropout.fillMask(mask, mask.length, optimizer.iterations());
                h = h.mul(Tensor.of(mask, rows, units));
            }
        }
        return h;
    }
}
