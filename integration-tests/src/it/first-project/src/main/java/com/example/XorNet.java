package com.example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/** XOR, the smallest problem a linear model cannot learn. */
@Compile(optimizer = Optimizer.ADAM, learningRate = 0.05, loss = Loss.BINARY_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface XorNet {

    @Dense(units = 8, activation = Activation.TANH, inputShape = 2)
    Layer hidden();

    @Dense(units = 1, activation = Activation.SIGMOID)
    Layer output();
}
