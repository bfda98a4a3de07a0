package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inference's working memory: a set the heap cannot hold is a refusal naming the batch that fits, and
 * {@code predict} then runs its rows in batches of that size, with the same outputs.
 */
class PredictMemoryTest {

    /** Inference buffers whose sets of more than {@code limit} rows the "heap" refuses. */
    private static InferenceBuffers<float[]> limitedTo(int limit) {
        return new InferenceBuffers<>(rows -> {
            if (rows > limit) {
                throw new OutOfMemoryError("Java heap space");
            }
            return new float[rows];
        });
    }

    @Test
    void aSetTheHeapCannotHoldNamesTheBatchThatFits() {
        WorkingMemoryException e = assertThrows(WorkingMemoryException.class, () -> limitedTo(40).borrow(256));
        assertEquals(32, e.fittingRows());
        assertTrue(e.getMessage().startsWith("batches of 256 samples need more working memory than the Java heap "
                + "has left") && e.getMessage().contains("batches of 32 samples fit now, or give the JVM more heap "
                + "with -Xmx"), e.getMessage());
        assertEquals(0, assertThrows(WorkingMemoryException.class, () -> limitedTo(0).borrow(4)).fittingRows());
    }

    /** A network whose output per row is the sum of the row's inputs, its buffers limited to some rows a set. */
    private static final class SummingNetwork implements CompiledModelSupport.Network {
        final InferenceBuffers<float[]> buffers;
        final List<Integer> batches = new ArrayList<>();

        SummingNetwork(int limit) {
            buffers = limitedTo(limit);
        }

        @Override
        public double trainStep(float[] x, float[] y, float[] weights, int rows,
                                List<dev.fusenet.runtime.metrics.PredictionMetric> metrics) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double computeGradients(float[] x, float[] y, float[] weights, int rows) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forward(float[] x, int rows, float[] outputs) {
            float[] set = buffers.borrow(rows);
            batches.add(rows);
            for (int r = 0; r < rows; r++) {
                outputs[r] = x[3 * r] + x[3 * r + 1] + x[3 * r + 2];
            }
            buffers.release(rows, set);
        }
    }

    /** A model whose samples' buffers are large runs predict in smaller batches, so that they stay in cache. */
    @Test
    void theInferenceBatchKeepsAShardsLargestBufferNearOneAndAHalfMegabytes() {
        assertEquals(256, CompiledModelSupport.inferenceBatch(784), "the MLP: 3 KB a sample");
        assertEquals(22, CompiledModelSupport.inferenceBatch(34_848), "the book's convnet: 139 KB of patches");
        assertEquals(2, CompiledModelSupport.inferenceBatch(10_000_000), "at least a row a shard");
        float[] x = new float[45 * 3];
        float[] expected = new float[45];
        for (int r = 0; r < 45; r++) {
            x[3 * r] = r;
            expected[r] = r;
        }
        SummingNetwork network = new SummingNetwork(1000);
        CompiledModelSupport model = new CompiledModelSupport("summing", new int[] {3}, 1, 34_848,
                Loss.MEAN_SQUARED_ERROR, List.of(), List.of(), false, 0, List.of(),
                Optimizers.withLearningRate(dev.fusenet.annotations.Optimizer.SGD, 0.1), 1, network);
        assertArrayEquals(expected, model.predict(Tensor.of(x, 45, 3)).toFloatArray());
        assertEquals(List.of(22, 22, 1), network.batches);
    }

    @Test
    void predictSplitsItsRowsIntoBatchesThatFit() {
        SummingNetwork network = new SummingNetwork(8);
        CompiledModelSupport model = new CompiledModelSupport("summing", new int[] {3}, 1, 3,
                Loss.MEAN_SQUARED_ERROR, List.of(), List.of(), false, 0, List.of(),
                Optimizers.withLearningRate(dev.fusenet.annotations.Optimizer.SGD, 0.1), 1, network);
        float[] x = new float[20 * 3];
        float[] expected = new float[20];
        for (int r = 0; r < 20; r++) {
            x[3 * r] = r;
            x[3 * r + 2] = 0.5f;
            expected[r] = r + 0.5f;
        }
        assertArrayEquals(expected, model.predict(Tensor.of(x, 20, 3)).toFloatArray());
        assertEquals(List.of(5, 5, 5, 5), network.batches, "halved from 20 until a set fits: 5");
        network.batches.clear();
        model.predict(Tensor.of(x, 20, 3));
        assertEquals(List.of(5, 5, 5, 5), network.batches, "the next call starts at the size that fits");
    }
}
