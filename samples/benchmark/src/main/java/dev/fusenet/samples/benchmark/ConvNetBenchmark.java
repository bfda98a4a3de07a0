package dev.fusenet.samples.benchmark;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.samples.convnet.CompiledMnistConvNet;
import dev.fusenet.samples.convnet.MnistConvNetSample;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The book's convnet (Conv2D 32/64/128 3×3 ReLU, MaxPooling2D 2 twice, Flatten, Dense 10 softmax; 104,202
 * parameters; RMSprop, batch 64) as fusenet's generated {@code CompiledMnistConvNet}, as the same model built with
 * the runtime DSL, and as a Deeplearning4j {@code MultiLayerNetwork} (ConvolutionLayer, SubsamplingLayer) with
 * the same initialisation family, optimizer settings and data, in one run.
 */
final class ConvNetBenchmark {

    static final int BATCH = 64;
    private static final long SEED = 42;

    private ConvNetBenchmark() {
    }

    /** The three figures, or the MLP part's record reused for them. */
    record Results(MnistBenchmark.Result fusenet, MnistBenchmark.Result dsl, MnistBenchmark.Result dl4j) {
    }

    static Results run(Mnist.Data mnist, int epochs) {
        Tensor trainImages = MnistConvNetSample.prepareImages(mnist.trainImages());
        Tensor testImages = MnistConvNetSample.prepareImages(mnist.testImages());
        int steps = (int) Math.ceil(trainImages.shape()[0] / (double) BATCH);

        System.out.println("fusenet: " + epochs + " epochs of CompiledMnistConvNet ...");
        MnistBenchmark.Result fusenet = MnistBenchmark.fusenet("fusenet convnet", new CompiledMnistConvNet(SEED),
                trainImages, mnist.trainLabels(), testImages, mnist.testLabels(), epochs, steps, BATCH);
        System.out.println("fusenet DSL: " + epochs + " epochs of the same convnet built with Sequential.build ...");
        MnistBenchmark.Result dsl = MnistBenchmark.fusenet("DSL convnet", dslConvNet(), trainImages,
                mnist.trainLabels(), testImages, mnist.testLabels(), epochs, steps, BATCH);
        System.out.println("DL4J: " + epochs + " epochs of the convnet as a MultiLayerNetwork ...");
        MnistBenchmark.Result dl4j = dl4j(trainImages, Tensors.toCategorical(mnist.trainLabels(), 10), testImages,
                Tensors.toCategorical(mnist.testLabels(), 10), epochs, steps);
        return new Results(fusenet, dsl, dl4j);
    }

    static Sequential dslConvNet() {
        return Sequential.build(m -> {
            m.seed(SEED);
            m.name("MnistConvNet");
            m.conv2d(32, 3, c -> c.activation(dev.fusenet.annotations.Activation.RELU).inputShape(28, 28, 1));
            m.maxPooling2d(2);
            m.conv2d(64, 3, c -> c.activation(dev.fusenet.annotations.Activation.RELU));
            m.maxPooling2d(2);
            m.conv2d(128, 3, c -> c.activation(dev.fusenet.annotations.Activation.RELU));
            m.flatten();
            m.dense(10, d -> d.activation(dev.fusenet.annotations.Activation.SOFTMAX));
            m.compile(c -> { c.optimizer(Optimizer.RMSPROP); c.loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
                c.metrics(Metric.ACCURACY); });
        });
    }

    static MnistBenchmark.Result dl4j(Tensor x, Tensor y, Tensor testX, Tensor testY, int epochs, int steps) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .updater(new RmsProp(0.001, 0.9, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        // DL4J's default layout is NCHW; with one channel, (n, 28, 28, 1) and (n, 1, 28, 28) hold the same values.
        return MnistBenchmark.dl4jRun("DL4J convnet", network, x.toNd4j().reshape(x.shape()[0], 1, 28, 28),
                y.toNd4j(), testX.toNd4j().reshape(testX.shape()[0], 1, 28, 28), testY.toNd4j(), epochs, steps,
                BATCH);
    }

    static String table(Results results, int epochs) {
        return MnistBenchmark.table("convnet, median of " + (epochs - 1) + " epochs after warm-up", results.fusenet(),
                results.dsl(), results.dl4j(), epochs);
    }

    /** The convnet's keys of the JSON line. */
    static Map<String, Object> fields(Results results) {
        Map<String, Object> fields = new LinkedHashMap<>();
        MnistBenchmark.Result fusenet = results.fusenet();
        MnistBenchmark.Result dl4j = results.dl4j();
        MnistBenchmark.Result dsl = results.dsl();
        fields.put("fusenet_conv_epoch_s", fusenet.epoch().seconds());
        fields.put("dl4j_conv_epoch_s", dl4j.epoch().seconds());
        fields.put("conv_epoch_ratio", fusenet.epoch().seconds() / dl4j.epoch().seconds());
        fields.put("fusenet_conv_predict_per_s", fusenet.predictPerSecond());
        fields.put("dl4j_conv_predict_per_s", dl4j.predictPerSecond());
        fields.put("fusenet_conv_predict_4threads_per_s", fusenet.predictFourThreadsPerSecond());
        fields.put("fusenet_conv_alloc_bytes_per_epoch", fusenet.epoch().allocatedBytes());
        fields.put("dl4j_conv_alloc_bytes_per_epoch", dl4j.epoch().allocatedBytes());
        fields.put("fusenet_conv_test_acc", fusenet.testAccuracy());
        fields.put("dl4j_conv_test_acc", dl4j.testAccuracy());
        fields.put("dsl_conv_epoch_s", dsl.epoch().seconds());
        fields.put("dsl_conv_epoch_ratio", dsl.epoch().seconds() / fusenet.epoch().seconds());
        fields.put("dsl_conv_test_acc", dsl.testAccuracy());
        return fields;
    }
}
