// fusenet in jshell: the lecture's notebook, one statement at a time.
// Start it from the top of the repository with:
//   mvn -q -pl runtime -am install -DskipTests && mvn -q -pl runtime dependency:build-classpath -Dmdep.outputFile=target/classpath.txt && jshell --class-path "runtime/target/classes:annotations/target/classes:$(cat runtime/target/classpath.txt)" --startup DEFAULT --startup samples/jshell/fusenet.jsh
import dev.fusenet.annotations.*;
import dev.fusenet.runtime.*;
import dev.fusenet.runtime.dsl.*;
import dev.fusenet.runtime.datasets.*;
import dev.fusenet.runtime.training.*;
import java.nio.file.*;

Mnist.Data mnist = Mnist.loadData();
Tensor trainImages = mnist.trainImages().reshape(60000, 28 * 28).castTo(DType.FLOAT32).div(255);
Tensor testImages = mnist.testImages().reshape(10000, 28 * 28).castTo(DType.FLOAT32).div(255);
Tensor trainLabels = Tensors.toCategorical(mnist.trainLabels(), 10);
Tensor testLabels = Tensors.toCategorical(mnist.testLabels(), 10);

Sequential model = Sequential.build(m -> {
    m.dense(512, d -> d.activation(Activation.RELU).inputShape(28 * 28));
    m.dense(10, d -> d.activation(Activation.SOFTMAX));
    m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY).metrics(Metric.ACCURACY));
});
System.out.println(model.summary());

// The same data through a graph: a residual block, as Keras's functional API writes it.
Functional residual = Functional.build(g -> {
    Node pixels = g.input("pixels", 28 * 28);
    Node hidden = g.dense(pixels, 256, d -> d.activation(Activation.RELU).name("hidden"));
    Node refined = g.dense(hidden, 256, d -> d.activation(Activation.RELU).name("refined"));
    Node block = g.add("block", refined, hidden);
    g.dense(block, 10, d -> d.activation(Activation.SOFTMAX).name("output"));
    g.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY).metrics(Metric.ACCURACY));
});

System.out.println("MNIST is loaded, the lecture's model built, and a residual one. Try:");
System.out.println("  model.fit(trainImages, trainLabels, 5, 128)");
System.out.println("  model.evaluate(testImages, testLabels)");
System.out.println("  residual.summary(), residual.fit(trainImages, trainLabels, 5, 128)");
