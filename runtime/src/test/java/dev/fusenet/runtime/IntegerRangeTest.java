package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Integer tensors never wrap around: a Java number that the tensor's dtype cannot hold is refused as numpy 2
 * refuses an out-of-range Python integer (NEP 50), and a result outside the dtype's range is refused where numpy
 * and TensorFlow would wrap it silently. Comparisons with any number give the right answer.
 */
class IntegerRangeTest {

    private static Tensor uint8(int... values) {
        return Tensor.of(values).castTo(DType.UINT8);
    }

    @Test
    void aScalarTheDtypeCannotHoldIsRefusedWithTheWiderDtype() {
        var e = assertThrows(IllegalArgumentException.class, () -> uint8(10, 200).add(300));
        assertTrue(e.getMessage().contains("add: 300 does not fit this uint8 (2) tensor's values (0 to 255)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("castTo(DType.INT32)"), e.getMessage());

        var big = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new int[] {2_000_000_000}).add(3e9));
        assertTrue(big.getMessage().contains("3000000000 does not fit this int32 (1) tensor"), big.getMessage());
        assertTrue(big.getMessage().contains("castTo(DType.INT64)"), big.getMessage());

        assertThrows(IllegalArgumentException.class, () -> uint8(1).mul(-1));
        assertThrows(IllegalArgumentException.class, () -> uint8(1).maximum(256));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1L).add(1e19));
    }

    @Test
    void resultsOutsideTheDtypeAreRefusedNotWrapped() {
        var sum = assertThrows(ArithmeticException.class, () -> uint8(10, 200).add(100));
        assertTrue(sum.getMessage().contains("add: 200 and 100 (element 1) gives 300, which uint8 cannot hold"),
                sum.getMessage());
        var ints = Tensor.of(new int[] {2_000_000_000});
        var tensors = assertThrows(ArithmeticException.class, () -> ints.add(ints));
        assertTrue(tensors.getMessage().contains("gives 4000000000, which int32 cannot hold"), tensors.getMessage());
        assertTrue(tensors.getMessage().contains("castTo(DType.INT64)"), tensors.getMessage());
        assertThrows(ArithmeticException.class, () -> uint8(10).sub(20));
        assertThrows(ArithmeticException.class, () -> Tensor.of(new int[] {50_000}).square());
        assertThrows(ArithmeticException.class, () -> Tensor.of(new int[] {Integer.MIN_VALUE}).neg());
        assertThrows(ArithmeticException.class, () -> Tensor.of(new int[] {Integer.MIN_VALUE}).abs());
        var longs = assertThrows(ArithmeticException.class, () -> Tensor.scalar(Long.MAX_VALUE).add(1));
        assertTrue(longs.getMessage().contains("a value beyond int64"), longs.getMessage());
        assertTrue(longs.getMessage().contains("castTo(DType.FLOAT64)"), longs.getMessage());
    }

    @Test
    void resultsInsideTheRangeAreExact() {
        Tensor edge = uint8(10, 200).add(55);
        assertEquals(DType.UINT8, edge.dtype());
        assertArrayEquals(new long[] {65, 255}, edge.toLongArray());
        assertArrayEquals(new long[] {310, 500}, uint8(10, 200).castTo(DType.INT32).add(300).toLongArray());
        assertArrayEquals(new long[] {Long.MAX_VALUE}, Tensor.scalar(Long.MAX_VALUE).add(0).reshape(1).toLongArray());
        assertArrayEquals(new long[] {5_000_000_000L},
                Tensor.of(new int[] {2_000_000_000}).add(Tensor.scalar(3_000_000_000L)).toLongArray());
        assertArrayEquals(new long[] {-2147483647}, Tensor.of(new int[] {Integer.MAX_VALUE}).neg().toLongArray());
        assertEquals(DType.FLOAT64, uint8(3).add(0.5).dtype());
    }

    @Test
    void comparisonsWithAnyNumberAreRight() {
        assertArrayEquals(new boolean[] {true, true}, uint8(10, 200).less(300).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false}, uint8(10, 200).equal(-1).toBooleanArray());
        assertArrayEquals(new boolean[] {true}, Tensor.of(new int[] {7}).greater(-3e9).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true}, uint8(10, 200).greater(100).toBooleanArray());
    }
}
