package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operation on every dtype either computes what the same operation computes in double precision
 * (rounded to the result's dtype), or is refused with an IllegalArgumentException: never an ND4J error.
 */
class DTypeCoverageTest {

    private static final double[] VALUES = {0, 1, 2, 3, 4, 5};
    private static final double[] OTHERS = {2, 1, 5, 3, 1, 2};

    private static Tensor tensor(double[] values, DType dtype) {
        return Tensor.of(values, dtype, 2, 3);
    }

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT16 ? 5e-3 : dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
    }

    private static void assertUnary(DType dtype, Function<Tensor, Tensor> op, DoubleUnaryOperator expected,
                                    DType expectedDtype) {
        Tensor result = op.apply(tensor(VALUES, dtype));
        assertEquals(expectedDtype, result.dtype());
        double[] actual = result.toDoubleArray();
        for (int i = 0; i < VALUES.length; i++) {
            double want = expected.applyAsDouble(VALUES[i]);
            if (!expectedDtype.isFloatingPoint()) {
                want = Math.floor(want);
            }
            assertEquals(want, actual[i], tolerance(expectedDtype) * Math.max(1, Math.abs(want)),
                    "at " + VALUES[i]);
        }
    }

    private static void assertBinary(DType dtype, Function<Tensor[], Tensor> op, DoubleBinaryOperator expected,
                                     DType expectedDtype) {
        Tensor result = op.apply(new Tensor[] {tensor(VALUES, dtype), tensor(OTHERS, dtype)});
        assertEquals(expectedDtype, result.dtype());
        double[] actual = result.toDoubleArray();
        for (int i = 0; i < VALUES.length; i++) {
            double want = expected.applyAsDouble(VALUES[i], OTHERS[i]);
            assertEquals(want, actual[i], tolerance(expectedDtype) * Math.max(1, Math.abs(want)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = "BOOL", mode = EnumSource.Mode.EXCLUDE)
    void arithmeticOnEveryNumericDtype(DType dtype) {
        DType realDtype = dtype.isFloatingPoint() ? dtype : DType.FLOAT64;
        assertBinary(dtype, in -> in[0].add(in[1]), Double::sum, dtype);
        assertBinary(dtype, in -> in[0].mul(in[1]), (a, b) -> a * b, dtype);
        assertBinary(dtype, in -> in[0].div(in[1]), (a, b) -> a / b, realDtype);
        assertBinary(dtype, in -> in[0].pow(in[1]), Math::pow, realDtype);
        assertBinary(dtype, in -> in[0].maximum(in[1]), Math::max, dtype);
        assertBinary(dtype, in -> in[0].minimum(in[1]), Math::min, dtype);
        assertUnary(dtype, x -> x.add(1), v -> v + 1, dtype);
        assertUnary(dtype, Tensor::square, v -> v * v, dtype);
        assertUnary(dtype, Tensor::abs, Math::abs, dtype);
        assertUnary(dtype, Tensor::relu, v -> Math.max(v, 0), dtype);
        assertUnary(dtype, Tensor::sqrt, Math::sqrt, realDtype);
        assertUnary(dtype, Tensor::exp, Math::exp, realDtype);
        assertUnary(dtype, x -> x.add(1).log(), v -> Math.log(v + 1), realDtype);
        assertUnary(dtype, Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), realDtype);
        assertUnary(dtype, Tensor::tanh, Math::tanh, realDtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BOOL", "UINT8"}, mode = EnumSource.Mode.EXCLUDE)
    void signedArithmetic(DType dtype) {
        assertBinary(dtype, in -> in[0].sub(in[1]), (a, b) -> a - b, dtype);
        assertUnary(dtype, Tensor::neg, v -> -v, dtype);
        assertUnary(dtype, x -> x.sub(2).relu(), v -> Math.max(v - 2, 0), dtype);
        assertUnary(dtype, x -> x.sub(2).abs(), v -> Math.abs(v - 2), dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void comparisonsReductionsAndShapesOnEveryDtype(DType dtype) {
        Tensor x = tensor(VALUES, dtype);
        Tensor y = tensor(OTHERS, dtype);
        boolean[] greater = x.greater(y).toBooleanArray();
        for (int i = 0; i < VALUES.length; i++) {
            boolean a = dtype == DType.BOOL ? VALUES[i] != 0 : true;
            boolean b = dtype == DType.BOOL ? OTHERS[i] != 0 : true;
            boolean expected = dtype == DType.BOOL ? a && !b : VALUES[i] > OTHERS[i];
            assertEquals(expected, greater[i], "greater at " + i);
        }
        assertArrayEquals(x.toDoubleArray(), x.equal(x).castTo(DType.FLOAT64).mul(x.castTo(DType.FLOAT64))
                .toDoubleArray());
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x.toDoubleArray()) {
            sum += v;
            max = Math.max(max, v);
        }
        assertEquals(sum, x.sum().doubleValue(), 1e-9);
        assertEquals(sum / VALUES.length, x.mean().doubleValue(), 1e-3);
        assertEquals(max, x.max().doubleValue());
        assertArrayEquals(new double[] {x.get(0).max().doubleValue(), x.get(1).max().doubleValue()},
                x.max(1).toDoubleArray());
        assertArrayEquals(new long[] {3, 2}, x.transpose().shape());
        assertArrayEquals(x.toDoubleArray(), x.reshape(3, 2).toDoubleArray());
        assertArrayEquals(new long[] {1, 3}, x.slice(1, 2).shape());
        assertEquals(dtype, x.transpose().dtype());
        assertEquals(dtype, x.slice(0, 1).dtype());
        assertEquals(dtype, x.broadcastTo(4, 2, 3).dtype());
        assertEquals(DType.INT64, x.argmax(1).dtype());
        assertEquals(dtype, Tensor.where(x.greater(y), x, y).dtype());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = "BOOL", mode = EnumSource.Mode.EXCLUDE)
    void productsOnEveryNumericDtype(DType dtype) {
        Tensor x = tensor(VALUES, dtype);
        Tensor product = x.matmul(x.transpose());
        assertEquals(dtype, product.dtype());
        assertArrayEquals(new double[] {5, 14, 14, 50}, product.toDoubleArray());
        assertArrayEquals(new double[] {5, 14, 14, 50},
                Tensor.tensordot(x, x.transpose()).toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = "BOOL")
    void boolArithmeticIsRefusedWithAMessage(DType dtype) {
        Tensor flags = tensor(VALUES, dtype);
        assertThrows(IllegalArgumentException.class, () -> flags.add(flags));
        assertThrows(IllegalArgumentException.class, () -> flags.matmul(flags.transpose()));
        assertThrows(IllegalArgumentException.class, flags::relu);
        assertThrows(IllegalArgumentException.class, flags::exp);
    }
}
