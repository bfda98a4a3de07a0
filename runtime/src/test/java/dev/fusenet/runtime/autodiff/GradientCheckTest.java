package dev.fusenet.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op's tape gradient against central finite differences in float64, on random inputs
 * (including broadcasting). The target is Σ f(x)·w with fixed random weights w, so the upstream gradient each
 * backward receives is not just ones.
 */
class GradientCheckTest {

    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-6;

    /** Where an input's values are drawn from, so that each op is checked where it is smooth. */
    enum Domain {
        /** Standard normal values. */
        ANY,
        /** Uniform in [0.5, 2]: for log, sqrt and the base of pow. */
        POSITIVE,
        /** Magnitudes in [0.2, 1.5] with random sign: away from the kinks of relu and abs, and from division by 0. */
        AWAY_FROM_ZERO
    }

    record Case(String name, Function<Tensor[], Tensor> function, long[][] shapes, Domain... domains) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case unary(String name, Function<Tensor, Tensor> function, Domain domain, long... shape) {
        return new Case(name, inputs -> function.apply(inputs[0]), new long[][] {shape}, domain);
    }

    private static Case binary(String name, Function<Tensor[], Tensor> function, long[] a, long[] b,
                               Domain domainA, Domain domainB) {
        return new Case(name, function, new long[][] {a, b}, domainA, domainB);
    }

    private static long[] s(long... shape) {
        return shape;
    }

    /**
     * Element-wise binary ops on random broadcast-compatible shapes: a random shape of rank 0 to 3, and a
     * partner that drops some leading axes and sets some sizes to 1, in a random order of operands.
     */
    static Stream<Case> randomBroadcastCases() {
        SplittableRandom random = new SplittableRandom(2024);
        record Named(String name, Function<Tensor[], Tensor> function, Domain second) {
        }
        List<Named> ops = List.of(
                new Named("add", in -> in[0].add(in[1]), Domain.ANY),
                new Named("sub", in -> in[0].sub(in[1]), Domain.ANY),
                new Named("mul", in -> in[0].mul(in[1]), Domain.ANY),
                new Named("div", in -> in[0].div(in[1]), Domain.AWAY_FROM_ZERO),
                new Named("maximum", in -> in[0].maximum(in[1]), Domain.ANY));
        return ops.stream().flatMap(op -> IntStream.range(0, 4).mapToObj(i -> {
            long[] full = new long[random.nextInt(4)];
            for (int axis = 0; axis < full.length; axis++) {
                full[axis] = 1 + random.nextInt(4);
            }
            long[] partner = Arrays.copyOfRange(full, random.nextInt(full.length + 1), full.length);
            for (int axis = 0; axis < partner.length; axis++) {
                if (random.nextBoolean()) {
                    partner[axis] = 1;
                }
            }
            boolean swap = random.nextBoolean();
            long[] a = swap ? partner : full;
            long[] b = swap ? full : partner;
            return binary(op.name() + " random " + Arrays.toString(a) + " with " + Arrays.toString(b),
                    op.function(), a, b, Domain.ANY, op.second());
        }));
    }

    static Stream<Case> cases() {
        return Stream.concat(fixedCases(), randomBroadcastCases());
    }

    static Stream<Case> fixedCases() {
        Domain any = Domain.ANY;
        Domain positive = Domain.POSITIVE;
        Domain away = Domain.AWAY_FROM_ZERO;
        return Stream.of(
                binary("add", in -> in[0].add(in[1]), s(2, 3), s(2, 3), any, any),
                binary("add broadcast row", in -> in[0].add(in[1]), s(2, 3), s(3), any, any),
                binary("add broadcast column with row", in -> in[0].add(in[1]), s(2, 1), s(1, 4), any, any),
                binary("sub broadcast scalar", in -> in[0].sub(in[1]), s(), s(3), any, any),
                binary("mul", in -> in[0].mul(in[1]), s(2, 3), s(2, 3), any, any),
                binary("mul broadcast rank 3", in -> in[0].mul(in[1]), s(2, 3, 4), s(3, 1), any, any),
                binary("div", in -> in[0].div(in[1]), s(2, 3), s(2, 3), any, away),
                binary("div broadcast", in -> in[0].div(in[1]), s(4), s(2, 1), any, away),
                binary("pow", in -> in[0].pow(in[1]), s(2, 3), s(2, 3), positive, any),
                binary("pow broadcast exponent", in -> in[0].pow(in[1]), s(3, 2), s(2), positive, any),
                binary("maximum", in -> in[0].maximum(in[1]), s(2, 3), s(2, 3), any, any),
                binary("minimum broadcast", in -> in[0].minimum(in[1]), s(2, 3), s(3), any, any),
                unary("neg", Tensor::neg, any, 2, 3),
                unary("abs", Tensor::abs, away, 2, 3),
                unary("square", Tensor::square, any, 2, 3),
                unary("sqrt", Tensor::sqrt, positive, 2, 3),
                unary("exp", Tensor::exp, any, 2, 3),
                unary("log", Tensor::log, positive, 2, 3),
                unary("relu", Tensor::relu, away, 3, 4),
                unary("sigmoid", Tensor::sigmoid, any, 3, 4),
                unary("tanh", Tensor::tanh, any, 3, 4),
                unary("erf", Tensor::erf, any, 3, 4),
                unary("leaky relu", x -> x.leakyRelu(0.2), away, 3, 4),
                unary("elu", Tensor::elu, away, 3, 4),
                unary("gelu", Tensor::gelu, any, 3, 4),
                unary("swish", Tensor::swish, any, 3, 4),
                // scaled so that both corners of each are crossed: 0 and 6, -3 and 3
                unary("relu6", x -> x.mul(5).relu6(), away, 3, 4),
                unary("hard sigmoid", x -> x.mul(3).hardSigmoid(), away, 3, 4),
                unary("hard silu", x -> x.mul(3).hardSilu(), away, 3, 4),
                unary("softmax last axis", Tensor::softmax, any, 3, 4),
                unary("softmax axis 0", x -> x.softmax(0), any, 3, 4),
                unary("softmax rank 3 middle axis", x -> x.softmax(1), any, 2, 3, 4),
                unary("sum all", Tensor::sum, any, 2, 3),
                unary("sum axis", x -> x.sum(1), any, 2, 3, 4),
                unary("sum axes keepDims", x -> x.sum(new int[] {0, 2}, true), any, 2, 3, 4),
                unary("mean all", Tensor::mean, any, 2, 3),
                unary("mean axis keepDims", x -> x.mean(-1, true), any, 2, 3),
                unary("max axis", x -> x.max(0), any, 4, 3),
                unary("max all", Tensor::max, any, 4, 3),
                unary("min axes", x -> x.min(new int[] {1, 2}, false), any, 2, 3, 4),
                binary("matmul", in -> in[0].matmul(in[1]), s(2, 3), s(3, 4), any, any),
                binary("matmul batched broadcast", in -> in[0].matmul(in[1]), s(2, 1, 3, 4), s(3, 4, 2), any, any),
                binary("matmul vector left", in -> in[0].matmul(in[1]), s(3), s(3, 4), any, any),
                binary("matmul vector right", in -> in[0].matmul(in[1]), s(2, 3), s(3), any, any),
                binary("tensordot last with first", in -> Tensor.tensordot(in[0], in[1]), s(2, 3, 4), s(4, 2, 3),
                        any, any),
                binary("tensordot vectors", in -> Tensor.tensordot(in[0], in[1]), s(5), s(5), any, any),
                binary("tensordot unsorted axes",
                        in -> Tensor.tensordot(in[0], in[1], new int[] {2, 0}, new int[] {0, 2}), s(3, 2, 4),
                        s(4, 5, 3), any, any),
                unary("reshape", x -> x.reshape(3, -1), any, 2, 3, 2),
                unary("transpose", Tensor::transpose, any, 2, 3),
                unary("transpose permutation", x -> x.transpose(1, 2, 0), any, 2, 3, 4),
                unary("broadcastTo", x -> x.broadcastTo(2, 3, 4), any, 3, 1),
                unary("slice", x -> x.slice(1, 3), any, 4, 3),
                unary("get", x -> x.get(-1), any, 4, 3),
                new Case("where", in -> Tensor.where(in[0].greater(0), in[0].mul(2), in[1]),
                        new long[][] {{3, 4}, {4}}, any, any),
                unary("take with repeats", x -> x.take(Tensor.of(new int[] {2, -1, 0, 2}), 1), any, 2, 3, 2),
                unary("take by a matrix of indices", x -> x.take(Tensor.of(new int[] {1, 0, 1, 1}, 2, 2), 0),
                        any, 2, 3),
                unary("slice with a step", x -> x.slice(1, 1, 5, 2), any, 2, 6),
                unary("slice reversed", x -> x.slice(0, Long.MAX_VALUE, Long.MIN_VALUE, -1), any, 4, 2),
                binary("concat", in -> Tensor.concat(1, in[0], in[1], in[0]), s(2, 3), s(2, 1), any, any),
                binary("stack", in -> Tensor.stack(-1, in[0], in[1]), s(2, 3), s(2, 3), any, any),
                unary("squeeze and expandDims", x -> x.squeeze().expandDims(0).mul(x.squeeze()), any, 3, 1, 2),
                unary("shuffle", x -> x.shuffle(7).mul(x), any, 5, 2),
                binary("conv2d valid", in -> in[0].conv2d(in[1]), s(2, 5, 4, 3), s(3, 2, 3, 2), any, any),
                binary("conv2d transpose same strided", in -> in[0].conv2dTranspose(in[1], new int[] {2, 1},
                        Padding.SAME), s(2, 3, 4, 2), s(3, 2, 3, 2), any, any),
                binary("conv2d transpose valid, kernel below stride", in -> in[0].conv2dTranspose(in[1],
                        new int[] {3, 2}, Padding.VALID), s(1, 2, 3, 2), s(2, 2, 2, 2), any, any),
                binary("depthwise conv2d same strided", in -> in[0].depthwiseConv2d(in[1], new int[] {2, 1},
                        Padding.SAME), s(2, 5, 4, 3), s(3, 2, 3, 2), any, any),
                binary("conv2d same strided", in -> in[0].conv2d(in[1], new int[] {2, 1}, Padding.SAME),
                        s(2, 5, 4, 2), s(3, 3, 2, 3), any, any),
                unary("extractPatches same", x -> x.extractPatches(new int[] {2, 3}, new int[] {1, 2}, Padding.SAME),
                        any, 1, 4, 5, 2),
                unary("maxPool2d", x -> x.maxPool2d(2), any, 2, 4, 6, 3),
                unary("maxPool2d same overlapping", x -> x.maxPool2d(new int[] {3}, new int[] {2}, Padding.SAME),
                        any, 1, 5, 5, 2),
                unary("avgPool2d", x -> x.avgPool2d(2), any, 2, 4, 6, 3),
                unary("avgPool2d same", x -> x.avgPool2d(new int[] {2, 3}, new int[] {2}, Padding.SAME), any,
                        1, 5, 5, 2),
                new Case("convnet: conv, relu, max pool, conv, avg pool, dense",
                        in -> in[0].conv2d(in[1], new int[] {1}, Padding.SAME).relu().maxPool2d(2).conv2d(in[2])
                                .avgPool2d(new int[] {2}, new int[] {1}, Padding.VALID).reshape(2, -1)
                                .matmul(in[3]).softmax().log().mul(-1).mean(),
                        new long[][] {{2, 6, 6, 1}, {3, 3, 1, 3}, {2, 2, 3, 2}, {2, 3}}, any, any, any, any),
                new Case("dense layer with softmax cross-entropy",
                        in -> in[0].matmul(in[1]).add(in[2]).relu().softmax().log().mul(-1).mean(),
                        new long[][] {{4, 5}, {5, 3}, {3}}, any, any, any));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tapeGradientMatchesFiniteDifferences(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        Tensor[] inputs = new Tensor[c.shapes().length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = sample(c.shapes()[i], c.domains()[i], random);
        }
        Tensor output = c.function().apply(inputs);
        Tensor weights = sample(output.shape(), Domain.ANY, random);

        Tensor[] analytic;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(inputs);
            analytic = tape.gradient(c.function().apply(inputs).mul(weights).sum(), inputs);
        }

        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(inputs[i].shape(), analytic[i].shape(), c + ": gradient shape of input " + i);
            double[] numeric = numericGradient(c, inputs, i, weights);
            double relativeError = relativeError(analytic[i].toDoubleArray(), numeric);
            assertTrue(relativeError < TOLERANCE, c + ": input " + i + " relative error " + relativeError
                    + "\n analytic " + analytic[i] + "\n numeric  " + Tensor.of(numeric, inputs[i].shape()));
        }
    }

    private static double[] numericGradient(Case c, Tensor[] inputs, int which, Tensor weights) {
        double[] values = inputs[which].toDoubleArray();
        double[] gradient = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            double original = values[j];
            values[j] = original + STEP;
            double plus = target(c, inputs, which, values, weights);
            values[j] = original - STEP;
            double minus = target(c, inputs, which, values, weights);
            values[j] = original;
            gradient[j] = (plus - minus) / (2 * STEP);
        }
        return gradient;
    }

    private static double target(Case c, Tensor[] inputs, int which, double[] values, Tensor weights) {
        Tensor[] perturbed = inputs.clone();
        perturbed[which] = Tensor.of(values.clone(), inputs[which].shape());
        return c.function().apply(perturbed).mul(weights).sum().doubleValue();
    }

    /** ‖a - n‖ / max(‖a‖, ‖n‖): insensitive to single near-zero entries, strict about the whole gradient. */
    private static double relativeError(double[] analytic, double[] numeric) {
        double difference = 0;
        double normA = 0;
        double normN = 0;
        for (int i = 0; i < analytic.length; i++) {
            difference += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            normA += analytic[i] * analytic[i];
            normN += numeric[i] * numeric[i];
        }
        double scale = Math.max(Math.sqrt(Math.max(normA, normN)), 1e-12);
        return Math.sqrt(difference) / scale;
    }

    private static Tensor sample(long[] shape, Domain domain, SplittableRandom random) {
        int size = 1;
        for (long dim : shape) {
            size *= (int) dim;
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = switch (domain) {
                case ANY -> random.nextGaussian();
                case POSITIVE -> random.nextDouble(0.5, 2);
                case AWAY_FROM_ZERO -> random.nextDouble(0.2, 1.5) * (random.nextBoolean() ? 1 : -1);
            };
        }
        return shape.length == 0 ? Tensor.scalar(values[0], DType.FLOAT64) : Tensor.of(values, shape);
    }
}
