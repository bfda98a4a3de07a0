package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The indexing operations a numpy user reaches for first, against numpy's results for the same calls. */
class IndexingTest {

    /** {@code x = np.arange(12).reshape(3, 4)}. */
    private static final Tensor X = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);

    private static void assertTensor(float[] values, long[] shape, Tensor actual) {
        assertArrayEquals(shape, actual.shape());
        assertArrayEquals(values, actual.toFloatArray());
    }

    @Test
    void slicesAsPythonSlices() {
        assertTensor(new float[] {2, 3, 6, 7, 10, 11}, new long[] {3, 2}, X.slice(1, 2, 5, 1));        // x[:, 2:5]
        assertTensor(new float[] {3, 7, 11}, new long[] {3, 1}, X.slice(1, -1, Long.MAX_VALUE, 1));    // x[:, -1:]
        assertTensor(new float[] {8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3}, new long[] {3, 4},
                X.slice(0, Long.MAX_VALUE, Long.MIN_VALUE, -1));                                        // x[::-1]
        assertTensor(new float[] {0, 2, 4, 6, 8, 10}, new long[] {3, 2}, X.slice(-1, 0, 4, 2));         // x[:, ::2]
        assertTensor(new float[] {3, 1, 7, 5, 11, 9}, new long[] {3, 2}, X.slice(1, 3, 0, -2));         // x[:, 3:0:-2]
        assertTensor(new float[0], new long[] {0, 4}, X.slice(0, 5, Long.MAX_VALUE, 1));               // x[5:]
        assertEquals("slice: step cannot be 0",
                assertThrows(IllegalArgumentException.class, () -> X.slice(0, 0, 1, 0)).getMessage());
    }

    @Test
    void takesAndGathersAsNumpy() {
        assertTensor(new float[] {8, 9, 10, 11, 0, 1, 2, 3}, new long[] {2, 4},
                X.take(Tensor.of(new int[] {2, 0}), 0));                                               // np.take(x, [2, 0], 0)
        assertTensor(new float[] {0, 1, 3, 3, 4, 5, 7, 7, 8, 9, 11, 11}, new long[] {3, 2, 2},
                X.gather(Tensor.of(new long[] {0, 1, 3, 3}, 2, 2), 1));                                // indices of shape (2, 2)
        assertTensor(new float[] {3, 7, 11}, new long[] {3}, X.take(Tensor.scalar(-1).castTo(DType.INT32), 1));
        assertEquals("take: index 4 is out of range for axis 1 of size 4 in (3,4); use -4 <= index < 4",
                assertThrows(IllegalArgumentException.class, () -> X.take(Tensor.of(new int[] {4}), 1)).getMessage());
        assertEquals("take: indices must be integers, got float32", assertThrows(IllegalArgumentException.class,
                () -> X.take(Tensor.of(new float[] {1}, 1), 0)).getMessage());
    }

    @Test
    void concatenatesAndStacks() {
        Tensor row = Tensor.of(new float[] {-1, -2, -3, -4}, 1, 4);
        assertTensor(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, -2, -3, -4}, new long[] {4, 4},
                Tensor.concat(0, X, row));
        assertArrayEquals(new long[] {3, 8}, Tensor.concat(1, X, X).shape());
        assertEquals("concat: shapes (3,4) and (1,3) differ outside axis 0", assertThrows(
                IllegalArgumentException.class, () -> Tensor.concat(0, X, Tensor.zeros(1, 3))).getMessage());
        assertArrayEquals(new long[] {2, 3, 4}, Tensor.stack(0, X, X).shape());
        Tensor last = Tensor.stack(-1, X, X.mul(10));
        assertArrayEquals(new long[] {3, 4, 2}, last.shape());
        assertArrayEquals(new float[] {0, 0, 1, 10}, Arrays.copyOf(last.toFloatArray(), 4));
    }

    @Test
    void squeezesAndExpands() {
        Tensor column = X.slice(1, 0, 1, 1);                                                           // (3, 1)
        assertArrayEquals(new long[] {3}, column.squeeze().shape());
        assertArrayEquals(new long[] {1, 3, 1}, column.expandDims(0).shape());
        assertArrayEquals(new long[] {3, 1, 1}, column.expandDims(-1).shape());
        assertEquals("squeeze: axis 0 of (3,1) has size 3, not 1",
                assertThrows(IllegalArgumentException.class, () -> column.squeeze(0)).getMessage());
    }

    @Test
    void shufflesKeepInputsAndLabelsPaired() {
        Tensor order = Tensor.permutation(10, 42);
        long[] sorted = order.toLongArray().clone();
        Arrays.sort(sorted);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertArrayEquals(order.toLongArray(), Tensor.permutation(10, 42).toLongArray(), "same seed, same order");
        assertNotEquals(Arrays.toString(order.toLongArray()), Arrays.toString(Tensor.permutation(10, 43).toLongArray()));
        Tensor labels = Tensor.of(new float[] {0, 1, 2});
        Tensor rows = X.shuffle(5);
        Tensor shuffledLabels = labels.shuffle(5);
        for (int i = 0; i < 3; i++) {
            float label = shuffledLabels.toFloatArray()[i];
            assertEquals(label * 4, rows.toFloatArray()[i * 4], "row " + i + " still starts with 4 × its label");
        }
    }
}
