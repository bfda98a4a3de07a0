package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import org.junit.jupiter.api.Test;

/**
 * A batch of one row leaves one shard without rows: its part of the gradients must count as nothing, not as what
 * it held from the batch before (the last batch of an epoch can be one row).
 */
class EmptyShardTest {

    private static Model model() {
        return Sequential.build(m -> {
            m.seed(3);
            m.conv2d(3, 3, c -> c.activation(Activation.RELU).inputShape(5, 5, 2));
            m.flatten();
            m.dense(4, d -> d.activation(Activation.TANH));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
    }

    @Test
    void aOneRowBatchsGradientsDoNotDependOnTheBatchBefore() {
        Tensor many = Tensor.randomNormal(new long[] {6, 5, 5, 2}, 0, 1, DType.FLOAT32, 1);
        Tensor manyY = Tensor.randomNormal(new long[] {6, 2}, 0, 1, DType.FLOAT32, 2);
        Tensor one = Tensor.randomNormal(new long[] {1, 5, 5, 2}, 0, 1, DType.FLOAT32, 3);
        Tensor oneY = Tensor.randomNormal(new long[] {1, 2}, 0, 1, DType.FLOAT32, 4);
        Model fresh = model();
        Model used = model();
        used.computeGradients(many, manyY);
        var expected = fresh.computeGradients(one, oneY).values();
        var actual = used.computeGradients(one, oneY).values();
        for (int w = 0; w < expected.size(); w++) {
            assertArrayEquals(expected.get(w).toFloatArray(), actual.get(w).toFloatArray(), "weight " + w);
        }
    }
}
