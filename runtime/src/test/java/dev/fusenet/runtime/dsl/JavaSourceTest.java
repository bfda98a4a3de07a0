package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import org.junit.jupiter.api.Test;

/** The interface a DSL model prints: what the user would have written, defaults left out. */
class JavaSourceTest {

    @Test
    void theLecturesModelPrintsAsTheLecturesInterface() {
        Sequential model = Sequential.build(m -> {
            m.name("mnist_net");
            m.dense(512, d -> { d.activation(Activation.RELU); d.inputShape(28 * 28); });
            m.dense(10, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.CATEGORICAL_CROSSENTROPY); c.metrics(Metric.ACCURACY); });
        });
        assertEquals("""
                package com.example;

                import dev.fusenet.annotations.Activation;
                import dev.fusenet.annotations.Compile;
                import dev.fusenet.annotations.Dense;
                import dev.fusenet.annotations.Loss;
                import dev.fusenet.annotations.Metric;
                import dev.fusenet.annotations.Optimizer;
                import dev.fusenet.runtime.Layer;

                /**
                 * The model mnist_net, written by the runtime DSL (Sequential.javaSource).
                 * javac and fusenet's processor turn it into CompiledMnistNet; {@code new CompiledMnistNet(42L)}
                 * starts from the weights the DSL model started from.
                 */
                @Compile(optimizer = Optimizer.RMSPROP, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = Metric.ACCURACY)
                public interface MnistNet {
                    @Dense(units = 512, activation = Activation.RELU, inputShape = 784)
                    Layer dense();

                    @Dense(units = 10, activation = Activation.SOFTMAX)
                    Layer dense_1();
                }
                """, model.javaSource("com.example"));
    }

    @Test
    void aConvnetPrintsItsImageLayers() {
        Sequential model = Sequential.build(m -> {
            m.name("conv_net");
            m.conv2d(32, 3, c -> c.activation(Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            m.conv2d(16, new int[] {3, 5}, c -> c.strides(2, 1).padding(Padding.SAME).useBias(false));
            m.averagePooling2d(3, p -> p.strides(1).padding(Padding.SAME));
            m.flatten();
            m.dense(10, d -> d.activation(Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY); });
        });
        String source = model.javaSource("");
        assertTrue(source.contains("""
                    @Conv2D(filters = 32, kernelSize = 3, activation = Activation.RELU, inputShape = {28, 28, 1})
                    Layer conv2d();

                    @MaxPooling2D
                    Layer max_pooling2d();

                    @Conv2D(filters = 16, kernelSize = {3, 5}, strides = {2, 1}, padding = Padding.SAME, useBias = false)
                    Layer conv2d_1();

                    @AveragePooling2D(poolSize = 3, strides = 1, padding = Padding.SAME)
                    Layer average_pooling2d();

                    @Flatten
                    Layer flatten();
                """), source);
        assertTrue(source.contains("import dev.fusenet.annotations.Padding;"), source);
    }

    @Test
    void everySettingThatDiffersFromItsDefaultIsWritten() {
        Sequential model = Sequential.build(m -> {
            m.seed(3);
            m.dense(8, d -> d.name("first").inputShape(4).useBias(false).kernelInitializer(Initializer.HE_UNIFORM)
                    .biasInitializer(Initializer.ONES));
            m.dropout(0.5);
            m.dense(3, d -> d.name("logits"));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.CATEGORICAL_CROSSENTROPY)
                    .metrics(Metric.ACCURACY, Metric.TOP_K_CATEGORICAL_ACCURACY).learningRate(0.05).momentum(0.9)
                    .nesterov(true).weightDecay(1e-4).fromLogits(true).labelSmoothing(0.1));
        });
        assertEquals("""
                import dev.fusenet.annotations.Compile;
                import dev.fusenet.annotations.Dense;
                import dev.fusenet.annotations.Dropout;
                import dev.fusenet.annotations.Initializer;
                import dev.fusenet.annotations.Loss;
                import dev.fusenet.annotations.Metric;
                import dev.fusenet.annotations.Optimizer;
                import dev.fusenet.runtime.Layer;

                /**
                 * The model sequential, written by the runtime DSL (Sequential.javaSource).
                 * javac and fusenet's processor turn it into CompiledNet; {@code new CompiledNet(3L)}
                 * starts from the weights the DSL model started from.
                 */
                @Compile(optimizer = Optimizer.SGD, loss = Loss.CATEGORICAL_CROSSENTROPY, metrics = {Metric.ACCURACY, Metric.TOP_K_CATEGORICAL_ACCURACY}, learningRate = 0.05, momentum = 0.9, weightDecay = 1.0E-4, nesterov = true, fromLogits = true, labelSmoothing = 0.1)
                public interface Net {
                    @Dense(units = 8, useBias = false, inputShape = 4, kernelInitializer = Initializer.HE_UNIFORM, biasInitializer = Initializer.ONES)
                    Layer first();

                    @Dropout(rate = 0.5)
                    Layer dropout();

                    @Dense(units = 3)
                    Layer logits();
                }
                """, model.javaSource("", "Net"));
    }

    @Test
    void anInterfaceNamedLikeAnAnnotationRefersToItQualified() {
        Sequential model = Sequential.build(m -> {
            m.dense(2, d -> d.inputShape(2).activation(Activation.RELU));
            m.dropout(0.5);
            m.dense(1);
            m.compile(c -> c.loss(Loss.MEAN_SQUARED_ERROR));
        });
        String source = model.javaSource("p", "Dropout");
        assertTrue(!source.contains("import dev.fusenet.annotations.Dropout;"), source);
        assertTrue(source.contains("    @dev.fusenet.annotations.Dropout(rate = 0.5)\n    Layer dropout();"), source);
        assertTrue(model.javaSource("p", "Activation").contains(
                "@Dense(units = 2, activation = dev.fusenet.annotations.Activation.RELU, inputShape = 2)"));
    }

    @Test
    void typeNamesComeFromModelNamesAndAreChecked() {
        assertEquals("MnistNet", JavaSource.typeName("mnist_net"));
        assertEquals("Sequential", JavaSource.typeName("sequential"));
        assertEquals("MyNet2", JavaSource.typeName("MyNet2"));
        Sequential model = Sequential.build(m -> {
            m.dense(1, d -> d.inputShape(1));
            m.compile(c -> c.loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertThrows(IllegalArgumentException.class, () -> model.javaSource("com.example", "Not a name"));
        assertThrows(IllegalArgumentException.class, () -> model.javaSource("com..example", "Net"));
    }
}
