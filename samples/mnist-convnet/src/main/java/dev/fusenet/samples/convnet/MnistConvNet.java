package dev.fusenet.samples.convnet;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Conv2D;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Flatten;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.MaxPooling2D;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/**
 * The first convnet of Deep Learning with Python (2nd edition, listing 8.1): three 3×3 convolutions with two
 * max-pooling layers between them, flattened into a softmax over the ten digits. fusenet's processor checks every
 * shape and writes {@code CompiledMnistConvNet}. It warns that pool2 never reads the last row and column of
 * conv2's 11×11 output, which Keras drops silently too.
 */
@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface MnistConvNet {
    @Conv2D(filters = 32, kernelSize = 3, activation = Activation.RELU, inputShape = {28, 28, 1})
    Layer conv1();

    @MaxPooling2D(poolSize = 2)
    Layer pool1();

    @Conv2D(filters = 64, kernelSize = 3, activation = Activation.RELU)
    Layer conv2();

    @MaxPooling2D(poolSize = 2)
    Layer pool2();

    @Conv2D(filters = 128, kernelSize = 3, activation = Activation.RELU)
    Layer conv3();

    @Flatten
    Layer flatten();

    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output();
}
