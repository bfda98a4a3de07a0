package dev.fusenet.samples.spark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/** The lecture's network, with class indices as labels (as a DataFrame's label column holds them). */
@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface MnistNet {

    @Dense(units = 512, activation = Activation.RELU, inputShape = 28 * 28)
    Layer hidden();

    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output();
}
