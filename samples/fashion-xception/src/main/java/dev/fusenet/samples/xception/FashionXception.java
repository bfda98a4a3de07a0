package dev.fusenet.samples.xception;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.ActivationLayer;
import dev.fusenet.annotations.Add;
import dev.fusenet.annotations.BatchNormalization;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Conv2D;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Dropout;
import dev.fusenet.annotations.GlobalAveragePooling2D;
import dev.fusenet.annotations.Input;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.MaxPooling2D;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.annotations.Rescaling;
import dev.fusenet.annotations.SeparableConv2D;
import dev.fusenet.runtime.Layer;

/**
 * The book's mini-Xception ("modern convnet architecture patterns"), sized for 28×28 grey images: pixels of 0 to
 * 255 rescaled inside the model, a 5×5 stem (SAME: the picture keeps its border), then three blocks of batch
 * normalization → ReLU → separable convolution, twice, and a 3×3 max pooling with strides 2, each added to a
 * strided 1×1 convolution of the block's input (the residual); a last normalization and ReLU (nothing else
 * normalizes the last residual sum), global average pooling, dropout and a softmax over the ten classes.
 * 28×28×1 → 28×28×32 → 14×14×32 → 7×7×64 → 4×4×128 → 128 → 10.
 */
@Compile(optimizer = Optimizer.ADAM, loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
public interface FashionXception {
    @Input(shape = {28, 28, 1})
    Layer image();

    @Rescaling(scale = 1.0 / 255)
    Layer pixels(Layer image);

    @Conv2D(filters = 32, kernelSize = 5, padding = Padding.SAME, useBias = false)
    Layer stem(Layer pixels);

    // Block 1, 32 channels
    @BatchNormalization
    Layer norm1a(Layer stem);
    @ActivationLayer(Activation.RELU)
    Layer relu1a(Layer norm1a);
    @SeparableConv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep1a(Layer relu1a);
    @BatchNormalization
    Layer norm1b(Layer sep1a);
    @ActivationLayer(Activation.RELU)
    Layer relu1b(Layer norm1b);
    @SeparableConv2D(filters = 32, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep1b(Layer relu1b);
    @MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME)
    Layer pool1(Layer sep1b);
    @Conv2D(filters = 32, kernelSize = 1, strides = 2, padding = Padding.SAME, useBias = false)
    Layer residual1(Layer stem);
    @Add
    Layer block1(Layer pool1, Layer residual1);

    // Block 2, 64 channels
    @BatchNormalization
    Layer norm2a(Layer block1);
    @ActivationLayer(Activation.RELU)
    Layer relu2a(Layer norm2a);
    @SeparableConv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep2a(Layer relu2a);
    @BatchNormalization
    Layer norm2b(Layer sep2a);
    @ActivationLayer(Activation.RELU)
    Layer relu2b(Layer norm2b);
    @SeparableConv2D(filters = 64, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep2b(Layer relu2b);
    @MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME)
    Layer pool2(Layer sep2b);
    @Conv2D(filters = 64, kernelSize = 1, strides = 2, padding = Padding.SAME, useBias = false)
    Layer residual2(Layer block1);
    @Add
    Layer block2(Layer pool2, Layer residual2);

    // Block 3, 128 channels
    @BatchNormalization
    Layer norm3a(Layer block2);
    @ActivationLayer(Activation.RELU)
    Layer relu3a(Layer norm3a);
    @SeparableConv2D(filters = 128, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep3a(Layer relu3a);
    @BatchNormalization
    Layer norm3b(Layer sep3a);
    @ActivationLayer(Activation.RELU)
    Layer relu3b(Layer norm3b);
    @SeparableConv2D(filters = 128, kernelSize = 3, padding = Padding.SAME, useBias = false)
    Layer sep3b(Layer relu3b);
    @MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME)
    Layer pool3(Layer sep3b);
    @Conv2D(filters = 128, kernelSize = 1, strides = 2, padding = Padding.SAME, useBias = false)
    Layer residual3(Layer block2);
    @Add
    Layer block3(Layer pool3, Layer residual3);

    @BatchNormalization
    Layer norm4(Layer block3);
    @ActivationLayer(Activation.RELU)
    Layer relu4(Layer norm4);
    @GlobalAveragePooling2D
    Layer features(Layer relu4);
    @Dropout(rate = 0.2)
    Layer dropout(Layer features);
    @Dense(units = 10, activation = Activation.SOFTMAX)
    Layer output(Layer dropout);
}
