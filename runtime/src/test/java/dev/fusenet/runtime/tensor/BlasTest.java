package dev.fusenet.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Direct GEMM on the layouts the tape hands it (rows, transposed views, views that start inside a buffer) and
 * the bulk repeat behind broadcasting, both against plain loops over the same numbers.
 */
class BlasTest {

    static Stream<Arguments> layouts() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(type -> Stream.of(
                Arguments.of(type, "rows", "rows"),
                Arguments.of(type, "transposed", "rows"),
                Arguments.of(type, "rows", "transposed"),
                Arguments.of(type, "transposed", "transposed"),
                Arguments.of(type, "row block", "rows"),
                Arguments.of(type, "rows", "row block"),
                Arguments.of(type, "column block", "rows"),
                Arguments.of(type, "single row", "rows"),
                Arguments.of(type, "rows", "single column")));
    }

    @ParameterizedTest(name = "{0}: {1} · {2}")
    @MethodSource("layouts")
    void aProductOfAnyLayoutEqualsTheLoopOverItsElements(DataType type, String leftLayout, String rightLayout) {
        INDArray a = matrix(type, leftLayout, 5, 7, 1);
        INDArray b = matrix(type, rightLayout, 7, 3, 2);
        INDArray expected = loopProduct(a, b);
        INDArray product = Blas.multiply(a, b).orElseGet(() -> a.dup('c').mmul(b.dup('c')));
        assertArrayEquals(expected.shape(), product.shape());
        assertArrayEquals(expected.dup('c').data().asDouble(), product.dup('c').data().asDouble(), 1e-5,
                leftLayout + " · " + rightLayout);
    }

    @Test
    void rowsAndTransposedViewsGoToGemmWithoutACopy() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 6, 4);
        assertTrue(Blas.multiply(Nd4j.rand(DataType.FLOAT, 2, 4), w.transpose()).isPresent());
        assertTrue(Blas.multiply(w.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all()), Nd4j.rand(DataType.FLOAT,
                4, 3)).isPresent());
        assertEquals(java.util.Optional.empty(), Blas.multiply(Nd4j.zeros(DataType.INT32, 2, 2),
                Nd4j.zeros(DataType.INT32, 2, 2)));
    }

    @ParameterizedTest(name = "{0}: {1} · {2} in bands of rows")
    @MethodSource("layouts")
    void bandsOfRowsGiveTheBitsOfTheWholeProduct(DataType type, String leftLayout, String rightLayout) {
        INDArray a = matrix(type, leftLayout, 9, 7, 3);
        INDArray b = matrix(type, rightLayout, 7, 5, 4);
        a.addi(0.123);
        INDArray whole = Blas.multiply(a, b).orElseThrow();
        Blas.Product banded = Blas.plan(a, b).orElseThrow();
        int rows = banded.rows();
        Blas.enterSingleThreaded();
        try {
            banded.computeRows(rows / 2, rows);
            banded.computeRows(0, rows / 2);
            assertThrows(IndexOutOfBoundsException.class, () -> banded.computeRows(0, rows + 1));
        } finally {
            Blas.exitSingleThreaded();
        }
        assertArrayEquals(whole.data().asDouble(), banded.result().data().asDouble(), 0.0);
    }

    @ParameterizedTest(name = "{1}ᵀ? {2} · {3}ᵀ? {4}")
    @MethodSource("floatOperands")
    void floatProductsOfHeapAndNd4jOperandsEqualTheLoop(String name, boolean leftOnHeap, boolean transposeLeft,
                                                         boolean rightOnHeap, boolean transposeRight) {
        INDArray a = matrix(DataType.FLOAT, transposeLeft ? "transposed" : "rows", 6, 4, 5);
        INDArray b = matrix(DataType.FLOAT, transposeRight ? "transposed" : "rows", 4, 3, 6);
        INDArray expected = loopProduct(a, b);
        Blas.Product product = Blas.planFloats(operand(a, leftOnHeap, transposeLeft),
                operand(b, rightOnHeap, transposeRight)).orElseThrow();
        Blas.enterSingleThreaded();
        try {
            product.computeRows(0, 2);
            product.computeRows(2, 6);
        } finally {
            Blas.exitSingleThreaded();
        }
        assertEquals(6, product.rows());
        assertEquals(3, product.columns());
        float[] actual = product.resultFloats();
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.getDouble(i / 3, i % 3), actual[i], 0.0, name + " at " + i);
        }
    }

    static Stream<Arguments> floatOperands() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int bits = 0; bits < 16; bits++) {
            boolean leftOnHeap = (bits & 1) != 0;
            boolean transposeLeft = (bits & 2) != 0;
            boolean rightOnHeap = (bits & 4) != 0;
            boolean transposeRight = (bits & 8) != 0;
            cases.add(Arguments.of((leftOnHeap ? "heap" : "nd4j") + (transposeLeft ? "ᵀ" : "") + " · "
                    + (rightOnHeap ? "heap" : "nd4j") + (transposeRight ? "ᵀ" : ""), leftOnHeap, transposeLeft,
                    rightOnHeap, transposeRight));
        }
        return cases.build();
    }

    /** The operand GEMM reads as {@code matrix}: from ND4J, or from its stored values on the heap. */
    private static Blas.FloatMatrix operand(INDArray matrix, boolean onHeap, boolean storedTransposed) {
        if (!onHeap) {
            return Blas.FloatMatrix.of(matrix);
        }
        INDArray stored = storedTransposed ? matrix.transpose() : matrix;
        Blas.FloatMatrix heap = Blas.FloatMatrix.of(stored.dup('c').data().asFloat(), (int) stored.size(0),
                (int) stored.size(1));
        return storedTransposed ? heap.transpose() : heap;
    }

    static Stream<Arguments> broadcasts() {
        return Stream.of(
                Arguments.of(new long[] {4}, new long[] {3, 4}),
                Arguments.of(new long[] {3, 1}, new long[] {3, 4}),
                Arguments.of(new long[] {1, 1}, new long[] {2, 5}),
                Arguments.of(new long[] {2, 1, 3}, new long[] {2, 4, 3}),
                Arguments.of(new long[] {1, 3, 1}, new long[] {2, 3, 5}),
                Arguments.of(new long[] {3}, new long[] {2, 2, 3}),
                Arguments.of(new long[] {}, new long[] {2, 3}));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("broadcasts")
    void broadcastingRepeatsEachValueWhereNumpyDoes(long[] from, long[] to) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray source = Nd4j.rand(type, from.length == 0 ? new long[] {1} : from);
            if (from.length == 0) {
                source = Nd4jArrays.reshape(source, from);
            }
            INDArray repeated = Nd4jArrays.broadcastTo(source, to);
            INDArray expected = source.reshape(Shapes.padLeft(from, to.length)).broadcast(to).dup('c');
            assertArrayEquals(to, repeated.shape());
            assertArrayEquals(expected.data().asDouble(), repeated.data().asDouble(), 0.0, type + " " + to.length);
        }
    }

    private static INDArray matrix(DataType type, String layout, int rows, int columns, long seed) {
        Random random = new Random(seed);
        return switch (layout) {
            case "rows" -> filled(type, new long[] {rows, columns}, random);
            case "transposed" -> filled(type, new long[] {columns, rows}, random).transpose();
            case "row block" -> filled(type, new long[] {rows + 3, columns}, random)
                    .get(NDArrayIndex.interval(2, rows + 2), NDArrayIndex.all());
            case "column block" -> filled(type, new long[] {rows, columns + 4}, random)
                    .get(NDArrayIndex.all(), NDArrayIndex.interval(1, columns + 1));
            case "single row" -> filled(type, new long[] {rows + 2, columns}, random)
                    .get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
            case "single column" -> filled(type, new long[] {rows, columns + 2}, random)
                    .get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2));
            default -> throw new IllegalArgumentException(layout);
        };
    }

    private static INDArray filled(DataType type, long[] shape, Random random) {
        INDArray array = Nd4j.create(type, shape, 'c');
        for (long i = 0; i < array.length(); i++) {
            array.putScalar(i, random.nextInt(19) - 9);
        }
        return array;
    }

    private static INDArray loopProduct(INDArray a, INDArray b) {
        INDArray c = Nd4j.create(DataType.DOUBLE, a.size(0), b.size(1));
        for (int i = 0; i < a.size(0); i++) {
            for (int j = 0; j < b.size(1); j++) {
                double sum = 0;
                for (int k = 0; k < a.size(1); k++) {
                    sum += a.getDouble(i, k) * b.getDouble(k, j);
                }
                c.putScalar(new long[] {i, j}, sum);
            }
        }
        return c;
    }
}
