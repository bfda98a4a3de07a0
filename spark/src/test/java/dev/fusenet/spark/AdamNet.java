package dev.fusenet.spark;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

@Compile(optimizer = Optimizer.ADAM, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface AdamNet {
    @Dense(units = 16, activation = Activation.TANH, inputShape = 8)
    Layer hidden();

    @Dense(units = 3, activation = Activation.SOFTMAX)
    Layer output();
}
