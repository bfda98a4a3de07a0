package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lecture's table of tensor products: the last axis of A contracts with the first axis of B. */
class TensorProductTableTest {

    static Stream<Arguments> lectureTable() {
        return Stream.of(
                Arguments.of(new long[] {5}, new long[] {5}, new long[] {}),
                Arguments.of(new long[] {2, 3, 4, 5}, new long[] {5}, new long[] {2, 3, 4}),
                Arguments.of(new long[] {7, 5}, new long[] {5}, new long[] {7}),
                Arguments.of(new long[] {2, 3, 4, 5}, new long[] {5, 6}, new long[] {2, 3, 4, 6}),
                Arguments.of(new long[] {7}, new long[] {7, 5}, new long[] {5}),
                Arguments.of(new long[] {2, 3, 4, 5}, new long[] {5, 6, 7}, new long[] {2, 3, 4, 6, 7}),
                Arguments.of(new long[] {2, 8}, new long[] {8, 6}, new long[] {2, 6}),
                Arguments.of(new long[] {2, 3, 4, 5}, new long[] {5, 4, 7}, new long[] {2, 3, 4, 4, 7}));
    }

    @ParameterizedTest(name = "A{0} · B{1} → {2}")
    @MethodSource("lectureTable")
    void shapesOfTheLecturesTable(long[] a, long[] b, long[] expected) {
        Tensor product = Tensor.tensordot(Tensor.randomNormal(a, 0, 1, DType.FLOAT64, 1),
                Tensor.randomNormal(b, 0, 1, DType.FLOAT64, 2));
        assertArrayEquals(expected, product.shape());
    }

    @ParameterizedTest(name = "A{0} · B{1} matches the sum of products")
    @MethodSource("lectureTable")
    void valuesAreSumsOfProducts(long[] a, long[] b, long[] expected) {
        Tensor x = Tensor.randomNormal(a, 0, 1, DType.FLOAT64, 3);
        Tensor y = Tensor.randomNormal(b, 0, 1, DType.FLOAT64, 4);
        double[] product = Tensor.tensordot(x, y).toDoubleArray();
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        int inner = (int) a[a.length - 1];
        int rows = xs.length / inner;
        int columns = ys.length / inner;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += xs[r * inner + k] * ys[k * columns + c];
                }
                assertEquals(sum, product[r * columns + c], 1e-12);
            }
        }
    }

    @Test
    void mismatchedAxesNameBothShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.tensordot(Tensor.zeros(2, 3, 4, 5), Tensor.zeros(6, 7)));
        assertEquals("tensordot: cannot contract axis of size 5 with axis of size 6: (2,3,4,5) · (6,7)",
                e.getMessage());
    }

    @Test
    void explicitAxesPairInOrder() {
        Tensor a = Tensor.randomNormal(new long[] {3, 4, 5}, 0, 1, DType.FLOAT64, 5);
        Tensor b = Tensor.randomNormal(new long[] {4, 3, 2}, 0, 1, DType.FLOAT64, 6);
        Tensor c = Tensor.tensordot(a, b, new int[] {1, 0}, new int[] {0, 1});
        assertArrayEquals(new long[] {5, 2}, c.shape());
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expected += a.get(i).get(j).get(2).doubleValue() * b.get(j).get(i).get(1).doubleValue();
            }
        }
        assertEquals(expected, c.get(2).get(1).doubleValue(), 1e-12);
        assertEquals("tensordot: 2 axes of a [1, 0] cannot pair with 1 axes of b [0]: (3,4,5) · (4,3,2)",
                assertThrows(IllegalArgumentException.class,
                        () -> Tensor.tensordot(a, b, new int[] {1, 0}, new int[] {0})).getMessage());
    }

    @Test
    void matmulFollowsNumpy() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertEquals(Tensor.of(new float[][] {{4, 5}, {10, 11}}), a.matmul(b));
        assertArrayEquals(new long[] {2}, a.matmul(Tensor.ones(3)).shape());
        assertArrayEquals(new long[] {2}, Tensor.ones(3).matmul(b).shape());
        assertArrayEquals(new long[0], Tensor.ones(3).matmul(Tensor.ones(3)).shape());
        assertArrayEquals(new long[] {8, 2, 2}, Tensor.ones(8, 2, 3).matmul(b).shape());
        assertEquals(3.0, Tensor.ones(8, 2, 3).matmul(Tensor.ones(4, 1, 3, 5)).get(3).get(7).get(1).get(4)
                .doubleValue());
        assertEquals("matmul: cannot contract axis of size 3 with axis of size 4: (2,3) · (4,5)",
                assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(4, 5))).getMessage());
    }

    @Test
    void productsOfHalfAndIntegerTensorsKeepTheirDtype() {
        Tensor half = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT16, 2, 2);
        assertEquals(DType.FLOAT16, half.matmul(half).dtype());
        assertArrayEquals(new float[] {7, 10, 15, 22}, half.matmul(half).toFloatArray());
        Tensor ints = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(DType.INT32, Tensor.tensordot(ints, ints).dtype());
        assertArrayEquals(new int[] {7, 10, 15, 22}, Tensor.tensordot(ints, ints).toIntArray());
    }
}
