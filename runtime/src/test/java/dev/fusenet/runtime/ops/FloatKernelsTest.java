package dev.fusenet.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 ops that run in Java on the heap ({@link Op#forwardOnHeap}) against the same ops in float64, which
 * run in ND4J: forward values and tape gradients, with operands held on the heap and in ND4J, over the broadcast
 * patterns the kernels treat apart (equal shapes, a bias over rows, scalars on either side, a general broadcast).
 * The float64 gradient checks ({@code GradientCheckTest}) then cover the float32 path too.
 */
class FloatKernelsTest {

    record Case(String name, Function<Tensor[], Tensor> function, long[]... shapes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Function<Tensor[], Tensor> function, long[]... shapes) {
        return new Case(name, function, shapes);
    }

    private static long[] s(long... shape) {
        return shape;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        long[][][] pairs = {
            {s(3, 4), s(3, 4)}, {s(3, 4), s(4)}, {s(4), s(3, 4)}, {s(3, 4), s()}, {s(), s(3, 4)},
            {s(2, 1, 4), s(3, 1)}, {s(1, 4), s(3, 4)}, {s(3, 4), s(3, 1)}, {s(2, 3, 4), s(1, 3, 4)}};
        for (long[][] pair : pairs) {
            String shapes = java.util.Arrays.toString(pair[0]) + " " + java.util.Arrays.toString(pair[1]);
            cases.add(c("add " + shapes, t -> t[0].add(t[1]), pair));
            cases.add(c("sub " + shapes, t -> t[0].sub(t[1]), pair));
            cases.add(c("mul " + shapes, t -> t[0].mul(t[1]), pair));
            cases.add(c("div " + shapes, t -> t[0].div(t[1].square().add(0.5)), pair));
            cases.add(c("maximum " + shapes, t -> t[0].maximum(t[1]), pair));
            cases.add(c("minimum " + shapes, t -> t[0].minimum(t[1]), pair));
        }
        cases.add(c("pow", t -> t[0].square().add(0.5).pow(t[1]), s(3, 4), s(4)));
        cases.add(c("neg", t -> t[0].neg(), s(3, 4)));
        cases.add(c("abs", t -> t[0].abs(), s(3, 4)));
        cases.add(c("square", t -> t[0].square(), s(2, 3, 4)));
        cases.add(c("relu", t -> t[0].relu(), s(5, 7)));
        cases.add(c("relu twice (its backward's backward)", t -> t[0].relu().mul(t[0]).relu(), s(5, 7)));
        cases.add(c("clip", t -> t[0].clip(-0.3, 0.4), s(6, 5)));
        for (int[] axes : new int[][] {{0}, {1}, {2}, {0, 2}, {0, 1}, {1, 2}, {0, 1, 2}}) {
            String named = java.util.Arrays.toString(axes);
            cases.add(c("sum " + named, t -> t[0].sum(axes, false), s(2, 3, 4)));
            cases.add(c("sum kept " + named, t -> t[0].sum(axes, true), s(2, 3, 4)));
            cases.add(c("mean " + named, t -> t[0].mean(axes, false), s(2, 3, 4)));
        }
        cases.add(c("mean of all", t -> t[0].mean(), s(4, 5)));
        cases.add(c("softmax over the last axis", t -> t[0].softmax(-1), s(4, 6)));
        cases.add(c("softmax over the first axis (ND4J)", t -> t[0].softmax(0), s(4, 6)));
        cases.add(c("slice of rows", t -> t[0].slice(1, 4), s(5, 3)));
        cases.add(c("broadcastTo", t -> t[0].broadcastTo(new long[] {3, 2, 4}), s(2, 1)));
        cases.add(c("reshape", t -> t[0].reshape(4, 3), s(2, 6)));
        cases.add(c("matmul", t -> t[0].matmul(t[1]), s(3, 5), s(5, 4)));
        cases.add(c("matmul by a transpose", t -> t[0].matmul(t[1].transpose()), s(3, 5), s(4, 5)));
        cases.add(c("a transpose by matmul", t -> t[0].transpose().matmul(t[1]), s(5, 3), s(5, 4)));
        cases.add(c("large matmul (split over both cores)", t -> t[0].matmul(t[1]), s(130, 200), s(200, 170)));
        cases.add(c("large transposed matmul (split)", t -> t[0].transpose().matmul(t[1]), s(200, 130), s(200, 170)));
        cases.add(c("dense layer", t -> t[0].matmul(t[1]).add(t[2]).relu().sum(new int[] {1}, false),
                s(6, 5), s(5, 4), s(4)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32InJavaEqualsFloat64InNd4j(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        double[][] values = new double[c.shapes().length][];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.doubles(size(c.shapes()[i]), -1.5, 1.5).toArray();
        }
        Result expected = run(c, values, DType.FLOAT64, false);
        for (boolean onHeap : new boolean[] {false, true}) {
            Result actual = run(c, values, DType.FLOAT32, onHeap);
            String where = c.name() + (onHeap ? ", operands on the heap" : ", operands in ND4J");
            assertArrayEquals(expected.shape, actual.shape, where);
            assertClose(expected.output, actual.output, where + ": forward");
            for (int i = 0; i < values.length; i++) {
                assertClose(expected.gradients[i], actual.gradients[i], where + ": gradient of input " + i);
            }
        }
    }

    @Test
    void floatOpsLeaveTheirResultOnTheHeapAndOthersInNd4j() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);
        assertFalse(x.onHeap());
        for (Tensor y : List.of(x.add(1), x.relu(), x.sum(new int[] {0}, false), x.softmax(-1), x.slice(0, 1),
                x.matmul(x.transpose()), x.add(1).reshape(3, 2))) {
            assertTrue(y.onHeap(), y::toString);
        }
        assertFalse(x.castTo(DType.FLOAT64).add(1).onHeap());
        assertFalse(x.exp().onHeap());
        assertFalse(x.reshape(3, 2).onHeap());
    }

    @Test
    void aHeapTensorReadsWithoutACopyAndMakesItsNd4jArrayOnce() {
        float[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.wrap(values, new long[] {2, 3});
        assertSame(values, t.readFloats());
        assertArrayEquals(new long[] {2, 3}, t.toNd4j().shape());
        assertSame(t.toNd4j(), t.toNd4j());
        assertArrayEquals(values, t.toNd4j().data().asFloat());
        assertEquals(0, Tensor.wrap(new float[] {7}, new long[0]).rank());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(values, new long[] {4, 2}));
        assertEquals("Tensor.wrap: 6 values cannot fill shape (4,2) of 8 elements", e.getMessage());
        IllegalStateException notFloat = assertThrows(IllegalStateException.class,
                () -> Tensor.of(new double[] {1, 2}).readFloats());
        assertEquals("readFloats: this float64 (2) tensor has no float32 values; cast it first, e.g. "
                + "castTo(DType.FLOAT32), or copy them with toFloatArray()", notFloat.getMessage());
    }

    @Test
    void threadsAskingForTheNd4jArrayOfOneHeapTensorSeeTheSameValues() throws Exception {
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Tensor t = Tensor.wrap(values, new long[] {64, 64});
                List<Future<float[]>> reads = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    reads.add(pool.submit(() -> t.toNd4j().data().asFloat()));
                }
                for (Future<float[]> read : reads) {
                    assertArrayEquals(values, read.get());
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void nestedTapesDifferentiateReluTwiceInFloat32() {
        // y = Σ relu(x)·x: dy/dx = 2x where x > 0, and d(Σ dy/dx)/dx = 2 there, 0 elsewhere.
        Tensor x = Tensor.of(new float[] {-1.5f, -0.5f, 0.25f, 2f}, 4);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor firstDerivative;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                firstDerivative = inner.gradient(x.relu().mul(x).sum(), x);
            }
            assertArrayEquals(new float[] {0, 0, 0.5f, 4f}, firstDerivative.toFloatArray());
            assertArrayEquals(new float[] {0, 0, 2, 2}, outer.gradient(firstDerivative.sum(), x).toFloatArray());
        }
    }

    private record Result(long[] shape, double[] output, double[][] gradients) {
    }

    /** f(inputs) and the gradients of Σ f·w (fixed weights w) with respect to each input. */
    private static Result run(Case c, double[][] values, DType dtype, boolean onHeap) {
        Tensor[] inputs = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            inputs[i] = tensor(values[i], c.shapes()[i], dtype, onHeap);
        }
        try (GradientTape tape = new GradientTape()) {
            tape.watch(inputs);
            Tensor output = c.function().apply(inputs);
            double[] weights = new SplittableRandom(7).doubles(output.size(), 0.5, 1.5).toArray();
            Tensor target = output.mul(tensor(weights, output.shape(), dtype, onHeap)).sum();
            Tensor[] gradients = tape.gradient(target, inputs);
            double[][] gradientValues = new double[gradients.length][];
            for (int i = 0; i < gradients.length; i++) {
                gradientValues[i] = gradients[i].toDoubleArray();
            }
            return new Result(output.shape(), output.toDoubleArray(), gradientValues);
        }
    }

    private static Tensor tensor(double[] values, long[] shape, DType dtype, boolean onHeap) {
        if (dtype == DType.FLOAT64) {
            return Tensor.of(values, DType.FLOAT64, shape).reshape(shape);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return onHeap ? Tensor.wrap(floats, shape) : Tensor.of(Tensor.of(floats, shape.length == 0 ? new long[] {1}
                : shape).reshape(shape).toNd4j().dup());
    }

    private static int size(long[] shape) {
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        return (int) size;
    }

    private static void assertClose(double[] expected, double[] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 2e-5 * Math.max(1, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(message + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
