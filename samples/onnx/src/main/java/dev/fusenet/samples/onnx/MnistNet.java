package dev.fusenet.samples.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/** The lecture's network, compiled by fusenet's processor into {@code CompiledMnistNet}. */
@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface MnistNet {

    @Dense(units = 512, activation = Activation.RELU, inputShape = 28 * 28)
    Layer hidden();

    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output();
}
