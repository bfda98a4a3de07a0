package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.SGD;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed transpose behind a layer's input gradient follows the kernel through optimizer steps once a backward
 * pass has asked for it, and is refused, not used stale, where steps ran without asking.
 */
class KernelTransposeTest {

    private static DenseLayer layer() {
        DenseLayer dense = new DenseLayer("dense", 37, 21, true, Activation.RELU);
        dense.initialise(Initializer.GLOROT_UNIFORM, Initializer.ZEROS, new SplittableRandom(3));
        return dense;
    }

    private static void step(DenseLayer dense, GradientOptimizer sgd) {
        for (int i = 0; i < dense.kernelGradient.length; i++) {
            dense.kernelGradient[i] = (i % 7) - 3f;
        }
        sgd.beginStep();
        for (int part = 0; part < Shards.COUNT; part++) {
            dense.update(sgd, part);
        }
        sgd.endStep();
    }

    private static GradientOptimizer attached(DenseLayer dense) {
        GradientOptimizer sgd = new SGD(0.01);
        dense.weights().forEach(weight -> weight.attach(sgd));
        return sgd;
    }

    @Test
    void theInputGradientUsesTheKernelOfTheLastStep() {
        assumeTrue(Products.PACKED);
        DenseLayer dense = layer();
        GradientOptimizer sgd = attached(dense);
        int rows = 5;
        float[] dz = new float[rows * 21];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) Math.sin(i);
        }
        float[] dx = new float[rows * 37];
        dense.multiplyByKernelTransposed(dz, 0, rows, dx, 0);
        step(dense, sgd);
        step(dense, sgd);
        dense.multiplyByKernelTransposed(dz, 0, rows, dx, 0);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 37; j++) {
                double expected = 0;
                for (int u = 0; u < 21; u++) {
                    expected += (double) dz[r * 21 + u] * dense.kernel[j * 21 + u];
                }
                assertEquals(expected, dx[r * 37 + j], 1e-5, "dx[" + r + "," + j + "] from the updated kernel");
            }
        }
    }

    @Test
    void aTransposeLeftBehindByStepsThatDidNotAskForItIsRefused() {
        assumeTrue(Products.PACKED);
        DenseLayer dense = layer();
        step(dense, attached(dense));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> dense.multiplyByKernelTransposed(new float[21], 0, 1, new float[37], 0));
        assertTrue(refused.getMessage().contains("layer dense"), refused.getMessage());
    }
}
