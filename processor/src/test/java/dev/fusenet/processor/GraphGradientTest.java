package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.FunctionalBuilder;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graph models against an independent implementation and against each other. For fixed graphs (residual blocks
 * with an identity and with a 1×1 projection, ReLU after the sum as a standalone activation, a diamond, a three-way concatenation, a branch reused by two merges,
 * merges of dense layers, a merge of the input itself, a feature map read by two layers) and random DAGs of dense
 * layers and every merge: the DSL's fused gradients equal the GradientTape's over a float64 tensor-op reference
 * ({@link GraphReference}) and central finite differences of that reference's loss; the class the processor
 * generates from the DSL model's {@code javaSource} computes bitwise the same gradients, trains to bitwise the
 * same weights and predictions, and each front end loads the other's files.
 */
class GraphGradientTest {

    private static final String PACKAGE = "graphs";
    private static final int ROWS = 6;
    private static final int EPOCHS = 2;
    private static final int BATCH = 4;

    /** One graph: its input shape, its layers as a DSL block returning the output node, its loss. */
    record Case(String name, int[] inputShape, Loss loss, int outputs, Function<GraphBlock, Node> layers) {

        Functional build() {
            return Functional.build(g -> {
                g.name(name);
                g.seed(name.hashCode());
                Node input = g.input("x0", inputShape);
                Node last = layers.apply(new GraphBlock(g, input));
                g.output(last);
                g.compile(c -> c.optimizer(Optimizer.ADAM).loss(loss).learningRate(0.01));
            });
        }

        Tensor x() {
            long[] shape = new long[inputShape.length + 1];
            shape[0] = ROWS;
            for (int d = 0; d < inputShape.length; d++) {
                shape[d + 1] = inputShape[d];
            }
            return Tensor.randomNormal(shape, 0, 1, DType.FLOAT32, 7);
        }

        Tensor y() {
            return ParityLabels.of(loss, ROWS, outputs);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What a case's block gets: the builder and the input node. */
    record GraphBlock(FunctionalBuilder g, Node input) {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("ResidualIdentity", new int[] {6}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            Node d1 = g.dense(b.input(), 5, d -> d.activation(Activation.TANH).name("d1"));
            Node d2 = g.dense(d1, 5, d -> d.activation(Activation.TANH).name("d2"));
            Node sum = g.add("residual", d2, d1);
            return g.dense(sum, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("ResidualProjection", new int[] {6, 6, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            Node c1 = g.conv2d(b.input(), 4, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).name("c1"));
            Node c2 = g.conv2d(c1, 4, 3, c -> c.padding(Padding.SAME).activation(Activation.TANH).name("c2"));
            Node projection = g.conv2d(b.input(), 4, 1, c -> c.name("projection"));
            Node sum = g.add("residual", c2, projection);
            Node pool = g.maxPooling2d(sum, 2, p -> p.name("pool"));
            return g.dense(g.flatten(pool, f -> f.name("flat")), 3, d -> d.activation(Activation.SOFTMAX)
                    .name("out"));
        }));
        cases.add(new Case("Diamond", new int[] {6}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            Node a = g.dense(b.input(), 5, d -> d.activation(Activation.TANH).name("a"));
            Node left = g.dense(a, 4, d -> d.activation(Activation.SIGMOID).name("left"));
            Node right = g.dense(a, 4, d -> d.activation(Activation.TANH).name("right"));
            Node product = g.multiply("product", left, right);
            return g.dense(product, 2, d -> d.name("out"));
        }));
        cases.add(new Case("ThreeWayConcatenate", new int[] {5, 5, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            Node narrow = g.conv2d(b.input(), 3, 1, c -> c.activation(Activation.RELU).name("narrow"));
            Node wide = g.conv2d(b.input(), 2, 3, c -> c.padding(Padding.SAME).activation(Activation.TANH)
                    .name("wide"));
            Node pooled = g.conv2d(g.averagePooling2d(b.input(), 3, p -> p.strides(1).padding(Padding.SAME)
                    .name("smooth")), 2, 1, c -> c.activation(Activation.ELU).name("pooled"));
            Node joined = g.concatenate("joined", -1, narrow, wide, pooled);
            return g.dense(g.flatten(joined, f -> f.name("flat")), 3, d -> d.activation(Activation.SOFTMAX)
                    .name("out"));
        }));
        cases.add(new Case("BranchReusedByTwoMerges", new int[] {6}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            Node a = g.dense(b.input(), 5, d -> d.activation(Activation.TANH).name("a"));
            Node c = g.dense(a, 5, d -> d.activation(Activation.TANH).name("c"));
            Node first = g.add("first", a, c);
            Node e = g.dense(first, 5, d -> d.activation(Activation.ELU).name("e"));
            Node second = g.maximum("second", a, e);
            Node third = g.subtract("third", second, c);
            return g.dense(third, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("DenseMerges", new int[] {5}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            Node p = g.dense(b.input(), 4, d -> d.activation(Activation.TANH).name("p"));
            Node q = g.dense(b.input(), 4, d -> d.activation(Activation.SIGMOID).name("q"));
            Node r = g.dense(b.input(), 4, d -> d.activation(Activation.SWISH).name("r"));
            Node mean = g.average("mean", p, q, r);
            Node low = g.minimum("low", p, r);
            return g.dense(g.concatenate("both", -1, mean, low), 2, d -> d.name("out"));
        }));
        cases.add(new Case("MergeOfTheInput", new int[] {4}, Loss.CATEGORICAL_CROSSENTROPY, 2, b -> {
            FunctionalBuilder g = b.g();
            Node a = g.dense(b.input(), 3, d -> d.activation(Activation.TANH).name("a"));
            Node joined = g.concatenate("joined", -1, b.input(), a);
            return g.dense(joined, 2, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("FeatureMapReadTwice", new int[] {4, 4, 1}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // A ReLU convolution before max pooling, with a second reader: the ReLU cannot move past the pooling.
            Node conv = g.conv2d(b.input(), 2, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU)
                    .name("conv"));
            Node pool = g.maxPooling2d(conv, 2, p -> p.name("pool"));
            Node dense = g.dense(g.flatten(conv, f -> f.name("flat")), 3, d -> d.activation(Activation.TANH)
                    .name("dense"));
            Node joined = g.concatenate("joined", -1, dense, g.flatten(pool, f -> f.name("pooledFlat")));
            return g.dense(joined, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("ReluAfterTheSum", new int[] {6, 6, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // A ResNet block's relu(conv2 + shortcut), its output read by the next block and by the head.
            Node c1 = g.conv2d(b.input(), 4, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU).name("c1"));
            Node c2 = g.conv2d(c1, 4, 3, c -> c.padding(Padding.SAME).name("c2"));
            Node shortcut = g.conv2d(b.input(), 4, 1, c -> c.name("shortcut"));
            Node block = g.activation(g.add("sum", c2, shortcut), Activation.RELU, a -> a.name("block"));
            Node c3 = g.conv2d(block, 4, 3, c -> c.padding(Padding.SAME).name("c3"));
            Node block2 = g.activation(g.add("sum2", c3, block), Activation.ELU, a -> a.name("block2"));
            Node pool = g.maxPooling2d(block2, 2, p -> p.name("pool"));
            return g.dense(g.flatten(pool, f -> f.name("flat")), 3, d -> d.activation(Activation.SOFTMAX)
                    .name("out"));
        }));
        cases.add(new Case("ActivationsOnTheirOwn", new int[] {3, 3, 4}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // On the input (no gradient flows back), on a feature map, and one read twice.
            Node squashed = g.activation(b.input(), Activation.TANH, a -> a.name("squashed"));
            Node conv = g.conv2d(squashed, 3, 1, c -> c.name("conv"));
            Node channels = g.activation(conv, Activation.LEAKY_RELU, a -> a.name("channels"));
            Node gelu = g.activation(conv, Activation.GELU, a -> a.name("gelu"));
            Node both = g.multiply("both", channels, gelu);
            Node flat = g.flatten(both, f -> f.name("flat"));
            Node swish = g.activation(g.dense(flat, 4, d -> d.name("hidden")), Activation.SWISH, a -> a.name("swish"));
            Node sum = g.add("sum", swish, g.activation(swish, Activation.SIGMOID, a -> a.name("gate")));
            return g.dense(sum, 2, d -> d.name("out"));
        }));
        cases.add(new Case("BatchNormalizedResidual", new int[] {5, 5, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // conv → BN → ReLU twice, the sum with a 1×1 projection: the shards meet at each normalisation.
            Node c1 = g.conv2d(b.input(), 3, 3, c -> c.padding(Padding.SAME).useBias(false).name("c1"));
            Node n1 = g.activation(g.batchNormalization(c1, n -> n.name("n1").momentum(0.9)), Activation.RELU,
                    a -> a.name("r1"));
            Node c2 = g.conv2d(n1, 3, 3, c -> c.padding(Padding.SAME).name("c2"));
            Node n2 = g.batchNormalization(c2, n -> n.name("n2").center(false).epsilon(0.01));
            Node projection = g.conv2d(b.input(), 3, 1, c -> c.name("projection"));
            Node sum = g.activation(g.add("sum", n2, projection), Activation.RELU, a -> a.name("block"));
            Node flat = g.flatten(sum, f -> f.name("flat"));
            Node hidden = g.batchNormalization(g.dense(flat, 4, d -> d.name("hidden")), n -> n.name("n3").scale(false));
            return g.dense(hidden, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("NormalizedInput", new int[] {4}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // On the input (its backward sends nothing on) and read by two layers.
            Node norm = g.batchNormalization(b.input(), n -> n.name("norm"));
            Node a = g.dense(norm, 3, d -> d.activation(Activation.TANH).name("a"));
            return g.dense(g.concatenate("both", -1, a, norm), 2, d -> d.name("out"));
        }));
        cases.add(new Case("GlobalPoolingHeads", new int[] {5, 4, 3}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // Keras's modern head: global average pooling into the dense layer; beside it the maximum, kept 1×1.
            Node conv = g.conv2d(b.input(), 4, 3, c -> c.padding(Padding.SAME).activation(Activation.TANH)
                    .name("conv"));
            Node mean = g.globalAveragePooling2d(conv, p -> p.name("mean"));
            Node peak = g.flatten(g.globalMaxPooling2d(conv, p -> p.keepdims(true).name("peak")),
                    f -> f.name("peak_flat"));
            return g.dense(g.concatenate("heads", -1, mean, peak), 3, d -> d.activation(Activation.SOFTMAX)
                    .name("out"));
        }));
        cases.add(new Case("GlobalMaxOfTheInput", new int[] {3, 3, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            return g.dense(g.globalMaxPooling2d(b.input(), p -> p.name("peak")), 2, d -> d.name("out"));
        }));
        cases.add(new Case("RescaledTwice", new int[] {4, 4, 1}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // on the input, as the book's Rescaling(1./255), and inside, where its gradient flows on
            Node pixels = g.rescaling(b.input(), 1.0 / 255, r -> r.name("pixels"));
            Node conv = g.conv2d(pixels, 3, 3, c -> c.activation(Activation.TANH).name("conv"));
            Node centred = g.rescaling(conv, 2.5, r -> r.offset(-0.5).name("centred"));
            return g.dense(g.flatten(centred), 2, d -> d.name("out"));
        }));
        cases.add(new Case("PaddedAndUpsampled", new int[] {4, 3, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // a small encoder-decoder: pad, convolve and pool down, up-sample back, joined to the padded input
            Node padded = g.zeroPadding2d(b.input(), p -> p.padding(1, 1, 0, 1).name("padded"));
            Node conv = g.conv2d(padded, 3, 3, c -> c.padding(Padding.SAME).activation(Activation.TANH)
                    .name("conv"));
            Node down = g.maxPooling2d(conv, 2, p -> p.name("down"));
            Node up = g.upSampling2d(down, u -> u.size(2).name("up"));
            Node joined = g.concatenate("joined", -1, up, padded);
            Node wide = g.upSampling2d(joined, u -> u.size(1, 2).name("wide"));
            return g.dense(g.flatten(g.zeroPadding2d(wide, p -> p.name("border"))), 2, d -> d.name("out"));
        }));
        cases.add(new Case("LayerNormalized", new int[] {3, 3, 4}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // on the input's channels (no gradient sent on), on a feature map in a residual sum, on features
            Node input = g.layerNormalization(b.input(), n -> n.name("ln_input").center(false));
            Node conv = g.conv2d(input, 4, 3, c -> c.padding(Padding.SAME).activation(Activation.GELU).name("conv"));
            Node sum = g.add("sum", g.layerNormalization(conv, n -> n.name("ln_conv").epsilon(0.01)), input);
            Node hidden = g.dense(g.flatten(sum), 5, d -> d.name("hidden"));
            Node normed = g.layerNormalization(hidden, n -> n.name("ln_hidden").scale(false));
            return g.dense(normed, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("Depthwise", new int[] {6, 5, 3}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // MobileNet's pair (depthwise, then 1×1) with SAME and strides, and a depth multiplier of 2, VALID;
            // smooth activations, so that the finite differences meet no corner
            Node dw = g.depthwiseConv2d(b.input(), 3, d -> d.padding(Padding.SAME).strides(2)
                    .activation(Activation.ELU).name("dw"));
            Node pw = g.conv2d(dw, 4, 1, c -> c.activation(Activation.SWISH).name("pw"));
            Node wide = g.depthwiseConv2d(pw, new int[] {2, 1}, d -> d.depthMultiplier(2).useBias(false)
                    .activation(Activation.TANH).name("wide"));
            return g.dense(g.flatten(wide), 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("Dilated", new int[] {7, 6, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // atrous kernels in each convolution kind: a depthwise one dilated along the rows only, VALID; a
            // separable one of rate 2 with SAME's odd total padding; a plain one of rate (1, 2) beside it
            Node dw = g.depthwiseConv2d(b.input(), new int[] {3, 2}, d -> d.dilationRate(2, 1).depthMultiplier(2)
                    .activation(Activation.TANH).name("dw"));
            Node sep = g.separableConv2d(dw, 3, 2, s -> s.dilationRate(2).padding(Padding.SAME)
                    .activation(Activation.ELU).name("sep"));
            Node wide = g.conv2d(dw, 3, 3, c -> c.dilationRate(1, 2).padding(Padding.SAME)
                    .activation(Activation.SWISH).name("wide"));
            Node sum = g.add("sum", sep, wide);
            return g.dense(g.flatten(sum), 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("DepthwiseOnTheInput", new int[] {4, 4, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            Node dw = g.depthwiseConv2d(b.input(), 3, d -> d.depthMultiplier(3).name("dw"));
            return g.dense(g.flatten(dw), 2, d -> d.name("out"));
        }));
        cases.add(new Case("MiniXceptionBlock", new int[] {6, 6, 2}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            FunctionalBuilder g = b.g();
            // the book's block: normalisation, ReLU, two separable convolutions, pooling, a strided 1×1 residual
            Node stem = g.conv2d(b.input(), 4, 3, c -> c.padding(Padding.SAME).useBias(false).name("stem"));
            Node norm = g.activation(g.batchNormalization(stem, n -> n.name("norm")), Activation.SWISH,
                    a -> a.name("act"));
            Node sep1 = g.separableConv2d(norm, 5, 3, s -> s.padding(Padding.SAME).useBias(false)
                    .activation(Activation.TANH).name("sep1"));
            Node sep2 = g.separableConv2d(sep1, 6, new int[] {3, 2}, s -> s.padding(Padding.SAME).depthMultiplier(2)
                    .name("sep2"));
            Node pooled = g.maxPooling2d(sep2, 2, p -> p.name("pooled"));
            Node residual = g.conv2d(stem, 6, 1, c -> c.strides(2).padding(Padding.SAME).name("residual"));
            Node sum = g.add("sum", pooled, residual);
            Node strided = g.separableConv2d(sum, 3, 2, s -> s.strides(2).padding(Padding.SAME)
                    .activation(Activation.ELU).name("strided"));
            return g.dense(g.globalAveragePooling2d(strided, p -> p.name("gap")), 3,
                    d -> d.activation(Activation.SOFTMAX).name("out"));
        }));
        cases.add(new Case("EncoderDecoder", new int[] {6, 5, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // down with a strided convolution, up with transposed ones: SAME doubles, VALID adds kernel - stride,
            // and a kernel smaller than its stride leaves rows only the bias reaches
            Node down = g.conv2d(b.input(), 3, 3, c -> c.strides(2).padding(Padding.SAME).activation(Activation.TANH)
                    .name("down"));
            Node up = g.conv2dTranspose(down, 4, 3, t -> t.strides(2).padding(Padding.SAME)
                    .activation(Activation.SWISH).name("up"));
            Node wide = g.conv2dTranspose(up, 2, new int[] {2, 3}, t -> t.strides(1, 2).name("wide"));
            Node sparse = g.conv2dTranspose(wide, 2, 1, t -> t.strides(2).useBias(false).name("sparse"));
            return g.dense(g.flatten(sparse), 2, d -> d.name("out"));
        }));
        cases.add(new Case("CroppedDecoder", new int[] {4, 3, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            // PyTorch's ConvTranspose2d(padding = 1, output_padding = 1) as it imports: VALID, then the first row
            // and column cut; and an asymmetric crop of the input joined to it, so that both gradients meet
            Node up = g.conv2dTranspose(b.input(), 3, 3, t -> t.strides(2).activation(Activation.TANH).name("up"));
            Node trimmed = g.cropping2d(up, new int[] {1, 0, 1, 0}, c -> c.name("trimmed"));
            Node corner = g.cropping2d(b.input(), new int[] {1, 0, 0, 1}, c -> c.name("corner"));
            Node wide = g.upSampling2d(corner, u -> u.size(2, 3).name("wide"));
            Node joined = g.concatenate("joined", -1, g.cropping2d(trimmed, 1, 0), wide);
            return g.dense(g.flatten(joined), 2, d -> d.name("out"));
        }));
        cases.add(new Case("TransposedOnTheInput", new int[] {3, 3, 2}, Loss.MEAN_SQUARED_ERROR, 2, b -> {
            FunctionalBuilder g = b.g();
            Node up = g.conv2dTranspose(b.input(), 3, 2, t -> t.strides(2).name("up"));
            return g.dense(g.flatten(up), 2, d -> d.name("out"));
        }));
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 12; i++) {
            cases.add(randomDag("RandomDag" + i, random.split()));
        }
        return cases;
    }

    /**
     * A random DAG of dense layers and merges: each new node reads one or more earlier nodes (merges pick nodes of
     * one width, or concatenate any), and whatever nothing reads is concatenated into the output layer.
     */
    static Case randomDag(String name, SplittableRandom random) {
        int inputs = 3 + random.nextInt(3);
        long seed = random.nextLong();
        return new Case(name, new int[] {inputs}, Loss.CATEGORICAL_CROSSENTROPY, 3, b -> {
            SplittableRandom draw = new SplittableRandom(seed);
            FunctionalBuilder g = b.g();
            List<Node> nodes = new ArrayList<>(List.of(b.input()));
            List<Integer> widths = new ArrayList<>(List.of(inputs));
            List<Boolean> read = new ArrayList<>(List.of(false));
            Activation[] activations = {Activation.TANH, Activation.SIGMOID, Activation.ELU, Activation.LINEAR};
            int count = 5 + draw.nextInt(5);
            for (int n = 0; n < count; n++) {
                int kind = n == 0 ? 0 : draw.nextInt(4);
                int a = draw.nextInt(nodes.size());
                Node made;
                int width;
                if (kind == 1 && draw.nextInt(3) == 0) {
                    Activation activation = activations[draw.nextInt(activations.length - 1)];
                    made = g.activation(nodes.get(a), activation);
                    width = widths.get(a);
                    read.set(a, true);
                } else if (kind == 0 || kind == 1) {
                    width = 3 + draw.nextInt(2);
                    Activation activation = activations[draw.nextInt(activations.length)];
                    made = g.dense(nodes.get(a), width, d -> d.activation(activation));
                    read.set(a, true);
                } else {
                    List<Integer> same = new ArrayList<>();
                    for (int j = 0; j < nodes.size(); j++) {
                        if (j != a && widths.get(j).equals(widths.get(a))) {
                            same.add(j);
                        }
                    }
                    if (kind == 2 && !same.isEmpty()) {
                        int other = same.get(draw.nextInt(same.size()));
                        Node left = nodes.get(a);
                        Node right = nodes.get(other);
                        made = switch (draw.nextInt(6)) {
                            case 0 -> g.add(left, right);
                            case 1 -> g.subtract(left, right);
                            case 2 -> g.multiply(left, right);
                            case 3 -> g.average(left, right);
                            case 4 -> g.maximum(left, right);
                            default -> g.minimum(left, right);
                        };
                        width = widths.get(a);
                        read.set(other, true);
                    } else {
                        int other = (a + 1 + draw.nextInt(nodes.size() - 1)) % nodes.size();
                        made = g.concatenate(nodes.get(a), nodes.get(other));
                        width = widths.get(a) + widths.get(other);
                        read.set(other, true);
                    }
                    read.set(a, true);
                }
                nodes.add(made);
                widths.add(width);
                read.add(false);
            }
            List<Node> unread = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                if (!read.get(j)) {
                    unread.add(nodes.get(j));
                }
            }
            Node last = unread.size() == 1 ? unread.get(0) : g.concatenate(unread.toArray(new Node[0]));
            return g.dense(last, 3, d -> d.activation(Activation.SOFTMAX).name("out"));
        });
    }

    private static Compilation compilation;

    @BeforeAll
    static void compileEveryGraph() {
        List<JavaFileObject> sources = new ArrayList<>();
        for (Case c : cases()) {
            sources.add(JavaFileObjects.forSourceString(PACKAGE + "." + c.name(), c.build().javaSource(PACKAGE,
                    c.name())));
        }
        compilation = com.google.testing.compile.Compiler.javac().withProcessors(new FusenetProcessor())
                .compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void fusedGradientsEqualTheTapeAndFiniteDifferences(Case c) {
        Functional model = c.build();
        Tensor x = c.x();
        Tensor y = c.y();
        List<Tensor> weights = model.getWeights();
        // getWeights holds every weight, the gradients the trainable ones (not batch normalisation's statistics)
        List<Integer> trainable = new ArrayList<>();
        int position = 0;
        for (dev.fusenet.runtime.Layer layer : model.layers()) {
            for (var weight : layer.weights()) {
                if (weight.trainable()) {
                    trainable.add(position);
                }
                position++;
            }
        }
        GraphReference reference = new GraphReference(model.spec());
        dev.fusenet.runtime.Gradients fused = model.computeGradients(x, y);
        assertEquals(trainable.size(), fused.values().size(), c + ": a gradient per trainable weight");
        assertEquals(reference.loss(weights, x, y), fused.loss(), 1e-5, c + ": loss");
        List<Tensor> tape = reference.gradients(weights, x, y);
        for (int t = 0; t < trainable.size(); t++) {
            int w = trainable.get(t);
            double[] expected = tape.get(w).toDoubleArray();
            float[] actual = fused.values().get(t).toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Math.abs(expected[i] - actual[i]) <= 2e-5 + 1e-3 * Math.abs(expected[i]), c + ": weight "
                        + w + "[" + i + "]: tape " + expected[i] + ", fused " + actual[i]);
            }
        }
        SplittableRandom random = new SplittableRandom(5);
        double h = 1e-6;
        for (int t = 0; t < trainable.size(); t++) {
            int w = trainable.get(t);
            double[] values = weights.get(w).castTo(DType.FLOAT64).toDoubleArray();
            long[] shape = weights.get(w).shape();
            float[] analytic = fused.values().get(t).toFloatArray();
            for (int probe = 0; probe < 3; probe++) {
                int index = random.nextInt(values.length);
                double saved = values[index];
                values[index] = saved + h;
                double up = reference.loss(with(weights, w, Tensor.of(values.clone(), shape)), x, y);
                values[index] = saved - h;
                double down = reference.loss(with(weights, w, Tensor.of(values.clone(), shape)), x, y);
                values[index] = saved;
                double numeric = (up - down) / (2 * h);
                assertTrue(Math.abs(numeric - analytic[index]) <= 1e-4 + 1e-3 * Math.abs(numeric), c + ": weight "
                        + w + "[" + index + "]: fused " + analytic[index] + ", finite difference " + numeric);
            }
        }
    }

    private static List<Tensor> with(List<Tensor> weights, int w, Tensor replaced) {
        List<Tensor> copy = new ArrayList<>(weights);
        copy.set(w, replaced);
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void theGeneratedClassIsTheDslModelBitForBit(Case c) {
        Functional dsl = c.build();
        Model compiled = Models.instantiate(compilation, PACKAGE + ".Compiled" + c.name(), dsl.seed());
        Tensor x = c.x();
        Tensor y = c.y();
        assertWeightsEqual(dsl, compiled, c + ": initial weights");
        dev.fusenet.runtime.Gradients dslGradients = dsl.computeGradients(x, y);
        dev.fusenet.runtime.Gradients compiledGradients = compiled.computeGradients(x, y);
        assertEquals(compiledGradients.loss(), dslGradients.loss(), 0, c + ": loss");
        for (int w = 0; w < dslGradients.values().size(); w++) {
            assertArrayEquals(compiledGradients.values().get(w).toFloatArray(),
                    dslGradients.values().get(w).toFloatArray(), c + ": gradient " + w);
        }
        History dslHistory = dsl.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH).verbosity(Verbosity.SILENT));
        History compiledHistory = compiled.fit(x, y, o -> o.epochs(EPOCHS).batchSize(BATCH)
                .verbosity(Verbosity.SILENT));
        assertEquals(compiledHistory.get("loss"), dslHistory.get("loss"), c + ": losses");
        assertWeightsEqual(dsl, compiled, c + ": after training");
        assertArrayEquals(compiled.predict(x).toFloatArray(), dsl.predict(x).toFloatArray(), c + ": predictions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void eachFrontEndLoadsTheOthersFiles(Case c, @TempDir Path folder) throws IOException {
        Functional dsl = c.build();
        Tensor x = c.x();
        dsl.fit(x, c.y(), o -> o.epochs(1).batchSize(BATCH).verbosity(Verbosity.SILENT));
        Path file = folder.resolve("graph.fusenet");
        dsl.save(file);
        Model compiled = Models.instantiate(compilation, PACKAGE + ".Compiled" + c.name(), 1);
        compiled.load(file);
        assertArrayEquals(dsl.predict(x).toFloatArray(), compiled.predict(x).toFloatArray(), c + ": DSL → compiled");
        compiled.fit(x, c.y(), o -> o.epochs(1).batchSize(BATCH).verbosity(Verbosity.SILENT));
        compiled.save(file);
        Functional loaded = Functional.of(dsl.spec(), 1);
        loaded.load(file);
        assertArrayEquals(compiled.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(), c + ": compiled → DSL");
    }

    private static void assertWeightsEqual(Model expected, Model actual, String when) {
        List<Tensor> theirs = expected.getWeights();
        List<Tensor> ours = actual.getWeights();
        assertEquals(theirs.size(), ours.size(), when + ": weight count");
        for (int w = 0; w < theirs.size(); w++) {
            assertArrayEquals(theirs.get(w).toFloatArray(), ours.get(w).toFloatArray(), when + ": weight " + w);
        }
    }
}
