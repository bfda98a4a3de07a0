package com.example;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Concatenate;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Input;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/** XOR again, as a graph: the hidden features joined with the raw inputs before the output. */
@Compile(optimizer = Optimizer.ADAM, learningRate = 0.05, loss = Loss.BINARY_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface XorGraphNet {
    @Input(shape = 2)
    Layer point();

    @Dense(units = 8, activation = Activation.TANH)
    Layer hidden(Layer point);

    @Concatenate
    Layer features(Layer hidden, Layer point);

    @Dense(units = 1, activation = Activation.SIGMOID)
    Layer output(Layer features);
}
