package dev.fusenet.spark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/** The lecture's network. */
@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface MnistMlp {
    @Dense(units = 512, activation = Activation.RELU, inputShape = 784)
    Layer hidden();

    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output();
}
