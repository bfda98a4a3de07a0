package dev.fusenet.spark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

@Compile(optimizer = Optimizer.SGD, learningRate = 0.1, momentum = 0.9, loss = Loss.CATEGORICAL_CROSSENTROPY,
        metrics = Metric.ACCURACY)
public interface SgdNet {
    @Dense(units = 16, activation = Activation.RELU, inputShape = 8)
    Layer hidden();

    @Dense(units = 3, activation = Activation.SOFTMAX)
    Layer output();
}
