package dev.fusenet.samples.resnet;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Add;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Conv2D;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Dropout;
import dev.fusenet.annotations.Flatten;
import dev.fusenet.annotations.Input;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.MaxPooling2D;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.Layer;

/**
 * A small residual convnet, the pattern of the book's "modern convnet architecture" chapter: three blocks of two
 * 3×3 convolutions whose output adds to the block's input (a 1×1 projection where the width grows, as ResNet
 * does), each followed by 2×2 max pooling, then a softmax over the ten digits. 28×28×1 → 14×14×16 → 7×7×32 →
 * 4×4×64 → 1024 → dropout → 10. Each layer method's parameters name the layers it reads.
 */
@Compile(optimizer = Optimizer.ADAM, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface MnistResNet {
    @Input(shape = {28, 28, 1})
    Layer image();

    // Block 1: 16 channels at 28×28; the stem's output is the residual
    @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer stem(Layer image);

    @Conv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer conv1(Layer stem);

    @Add
    Layer block1(Layer conv1, Layer stem);

    @MaxPooling2D(poolSize = 2)
    Layer pool1(Layer block1);

    // Block 2: 32 channels at 14×14; a 1×1 convolution projects the 16-channel input to 32
    @Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer conv2(Layer pool1);

    @Conv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer conv3(Layer conv2);

    @Conv2D(filters = 32, kernelSize = 1)
    Layer projection2(Layer pool1);

    @Add
    Layer block2(Layer conv3, Layer projection2);

    @MaxPooling2D(poolSize = 2)
    Layer pool2(Layer block2);

    // Block 3: 64 channels at 7×7
    @Conv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer conv4(Layer pool2);

    @Conv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, activation = Activation.RELU)
    Layer conv5(Layer conv4);

    @Conv2D(filters = 64, kernelSize = 1)
    Layer projection3(Layer pool2);

    @Add
    Layer block3(Layer conv5, Layer projection3);

    @MaxPooling2D(poolSize = 2, padding = Padding.SAME)
    Layer pool3(Layer block3);

    @Flatten
    Layer flatten(Layer pool3);

    @Dropout(rate = 0.5)
    Layer dropout(Layer flatten);

    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output(Layer dropout);
}
