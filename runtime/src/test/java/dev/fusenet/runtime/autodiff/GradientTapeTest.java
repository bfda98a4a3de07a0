package dev.fusenet.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.ops.MatMul;
import dev.fusenet.runtime.ops.Op;
import dev.fusenet.runtime.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GradientTapeTest {

    /** The lecture's four GradientTape examples, with the values the slides print. */
    @Nested
    class LectureExamples {

        @Test
        void linearFunctionAtZero() {
            Variable x = new Variable("x", Tensor.scalar(0.0));
            try (GradientTape tape = new GradientTape()) {
                Tensor y = x.value().mul(2).add(3);
                Tensor grad = tape.gradient(y, x);
                assertEquals(2.0f, grad.floatValue());
                assertEquals("2.", grad.toString());
            }
        }

        @Test
        void quadraticAtThree() {
            Variable x = new Variable("x", Tensor.scalar(3.0));
            try (GradientTape tape = new GradientTape()) {
                Tensor y = x.value().square().mul(2).add(3);
                assertEquals(12.0f, tape.gradient(y, x).floatValue());
            }
        }

        @Test
        void linearFunctionOfAFloat16Matrix() {
            Variable x = new Variable("x", Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT16, 2, 2));
            try (GradientTape tape = new GradientTape()) {
                Tensor y = x.value().mul(2).add(3);
                Tensor grad = tape.gradient(y, x);
                assertEquals(DType.FLOAT16, grad.dtype());
                assertEquals("[[2., 2.], [2., 2.]], dtype=float16", grad.toString());
            }
        }

        @Test
        void quadraticOfAFloat16Matrix() {
            Variable x = new Variable("x", Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT16, 2, 2));
            try (GradientTape tape = new GradientTape()) {
                Tensor y = x.value().square().mul(2).add(3);
                Tensor grad = tape.gradient(y, x);
                assertEquals(DType.FLOAT16, grad.dtype());
                assertEquals("[[4., 8.], [12., 16.]], dtype=float16", grad.toString());
            }
        }
    }

    @Test
    void watchedConstantsAreDifferentiated() {
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = x.mul(x).sum();
            assertEquals(Tensor.of(new double[] {2, 4, 6}), tape.gradient(y, x));
        }
    }

    @Test
    void anOpIsAskedOnlyForTheGradientsTheTapeNeeds() {
        // A network's first product: the weights are watched, the images are not, and their gradient (a product
        // as large as the forward one) must not be computed.
        boolean[][] asked = new boolean[1][];
        Op product = new Op() {
            @Override
            public String opName() {
                return "recordingMatmul";
            }

            @Override
            public INDArray forward(INDArray... inputs) {
                return inputs[0].mmul(inputs[1]);
            }

            @Override
            public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
                throw new AssertionError("the tape must say which gradients it needs");
            }

            @Override
            public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream, boolean[] needed) {
                asked[0] = needed.clone();
                return new Tensor[] {null, inputs[0].transpose().matmul(upstream)};
            }
        };
        Tensor images = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor kernel = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(kernel);
            Tensor loss = Ops.apply(product, images, kernel).sum();
            assertEquals(Tensor.of(new double[] {4, 4, 6, 6}, 2, 2), tape.gradient(loss, kernel));
        }
        assertArrayEquals(new boolean[] {false, true}, asked[0]);
    }

    @Test
    void theProductSkipsTheGradientOfAnInputNobodyNeeds() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
        Tensor[] gradients = MatMul.INSTANCE.backward(new Tensor[] {a, b}, a.matmul(b), a.onesLike(),
                new boolean[] {false, true});
        assertNull(gradients[0]);
        assertEquals(a.transpose().matmul(a.onesLike()), gradients[1]);
    }

    @Test
    void unwatchedConstantsAreNotRecorded() {
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        try (GradientTape tape = new GradientTape()) {
            Tensor y = x.mul(x).sum();
            Tensor zeros = tape.gradient(y, new Tensor[] {x}, UnconnectedGradients.ZERO)[0];
            assertEquals(Tensor.zeros(new long[] {3}, DType.FLOAT64), zeros);
            assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        }
    }

    @Test
    void aNonScalarTargetIsDifferentiatedAsItsSum() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x);
            Tensor y = x.mul(3);
            assertEquals(tape.gradient(y.sum(), x), tape.gradient(y, x));
            assertEquals(Tensor.full(new long[] {2, 2}, 3, DType.FLOAT64), tape.gradient(y, x));
        }
    }

    @Test
    void unconnectedSourcesGetZerosOrNullOnRequest() {
        Tensor x = Tensor.scalar(2.0);
        Tensor unused = Tensor.of(new float[] {1, 2});
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x, unused);
            Tensor y = x.square();
            Tensor[] zeros = tape.gradient(y, x, unused);
            assertEquals(4.0, zeros[0].doubleValue(), 1e-6);
            assertEquals(Tensor.zeros(2), zeros[1]);
            Tensor[] nulls = tape.gradient(y, new Tensor[] {x, unused}, UnconnectedGradients.NONE);
            assertNull(nulls[1]);
        }
    }

    @Test
    void aNonPersistentTapeAnswersOnce() {
        Tensor x = Tensor.scalar(2.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = x.square();
            tape.gradient(y, x);
            var e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
            assertTrue(e.getMessage().contains("GradientTape.persistent()"), e.getMessage());
        }
    }

    @Test
    void aPersistentTapeAnswersManyTimes() {
        Tensor x = Tensor.scalar(3.0, DType.FLOAT64);
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x);
            Tensor y = x.square();
            Tensor z = y.square();
            assertEquals(6.0, tape.gradient(y, x).doubleValue());
            assertEquals(108.0, tape.gradient(z, x).doubleValue());
            assertEquals(2 * 9.0, tape.gradient(z, y).doubleValue());
        }
    }

    @Test
    void gradientsMayBeAskedForAfterTheBlock() {
        Tensor x = Tensor.scalar(3.0, DType.FLOAT64);
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            tape.watch(x);
            y = x.square();
        }
        Tensor afterClose = y.mul(10);
        assertEquals(6.0, tape.gradient(y, x).doubleValue());
        assertTrue(afterClose.dtype().isFloatingPoint());
    }

    @Test
    void opsAfterCloseAreNotRecorded() {
        Tensor x = Tensor.scalar(3.0, DType.FLOAT64);
        GradientTape tape = GradientTape.persistent();
        try (tape) {
            tape.watch(x);
        }
        Tensor y = x.square();
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        assertEquals(0.0, tape.gradient(y, new Tensor[] {x}, UnconnectedGradients.ZERO)[0].doubleValue());
    }

    @Test
    void nestedTapesGiveSecondDerivatives() {
        Tensor x = Tensor.scalar(2.0, DType.FLOAT64);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor dyDx;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = x.pow(3);
                dyDx = inner.gradient(y, x);
            }
            assertEquals(12.0, dyDx.doubleValue(), 1e-12);
            assertEquals(12.0, outer.gradient(dyDx, x).doubleValue(), 1e-12);
        }
    }

    @Test
    void stopRecordingPausesTheTape() {
        Tensor x = Tensor.scalar(2.0, DType.FLOAT64);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor constant;
            try (var paused = tape.stopRecording()) {
                constant = x.mul(100);
            }
            Tensor y = x.mul(constant);
            assertEquals(200.0, tape.gradient(y, x).doubleValue());
        }
    }

    @Test
    void trainableVariablesAreWatchedWhenRead() {
        Variable w = new Variable("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Variable b = new Variable("b", Tensor.of(new float[] {0.5f, -0.5f}));
        Variable frozen = new Variable("frozen", Tensor.ones(2), false);
        Tensor x = Tensor.of(new float[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, 4, 3);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = x.matmul(w.value()).add(b.value()).mul(frozen.value()).sum();
            var refused = assertThrows(IllegalStateException.class, () -> tape.gradient(y, List.of(w, b, frozen)));
            assertTrue(refused.getMessage().contains("variable frozen is not trainable"), refused.getMessage());
            List<Tensor> grads = tape.gradient(y, List.of(w, b, frozen), UnconnectedGradients.ZERO);
            // dy/dW = xᵀ·1 (column sums of x repeated), dy/db = number of rows.
            assertEquals(Tensor.of(new float[][] {{10, 10}, {10, 10}, {10, 10}}), grads.get(0));
            assertEquals(Tensor.of(new float[] {4, 4}), grads.get(1));
            assertEquals(Tensor.zeros(2), grads.get(2));
            assertEquals(List.of(w, b), tape.watchedVariables());
        }
    }

    @Test
    void automaticWatchingCanBeTurnedOff() {
        Variable w = new Variable("w", Tensor.scalar(3.0));
        Variable v = new Variable("v", Tensor.scalar(5.0));
        try (GradientTape tape = new GradientTape(false, false)) {
            tape.watch(v);
            Tensor y = w.value().mul(v.value());
            assertThrows(IllegalStateException.class, () -> tape.gradient(y, w, v));
            List<Tensor> grads = tape.gradient(y, List.of(w, v), UnconnectedGradients.ZERO);
            assertEquals(0.0f, grads.get(0).floatValue());
            assertEquals(3.0f, grads.get(1).floatValue());
        }
    }

    @Test
    void aVariableUsedTwiceAccumulates() {
        Variable x = new Variable("x", Tensor.scalar(3.0));
        try (GradientTape tape = new GradientTape()) {
            Tensor y = x.value().mul(x.value()).add(x.value());
            assertEquals(7.0f, tape.gradient(y, x).floatValue());
        }
    }

    @Test
    void gradientsKeepTheSourceDtypeThroughCasts() {
        Tensor x = Tensor.of(new double[] {1, 2});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = x.castTo(DType.FLOAT32).mul(3).sum();
            Tensor grad = tape.gradient(y, x);
            assertEquals(DType.FLOAT64, grad.dtype());
            assertArrayEquals(new double[] {3, 3}, grad.toDoubleArray());
        }
    }

    @Test
    void broadcastGradientsSumBackToTheOperandsShape() {
        Tensor bias = Tensor.of(new double[] {1, 2, 3});
        Tensor activations = Tensor.ones(new long[] {5, 3}, DType.FLOAT64);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(bias);
            Tensor y = activations.add(bias);
            assertEquals(Tensor.full(new long[] {3}, 5, DType.FLOAT64), tape.gradient(y, bias));
        }
    }

    @Test
    void integerTensorsCannotBeWatched() {
        try (GradientTape tape = new GradientTape()) {
            var e = assertThrows(IllegalArgumentException.class, () -> tape.watch(Tensor.of(new int[] {1, 2})));
            assertEquals("GradientTape.watch: gradients are defined for floating-point tensors only, got int32 (2); "
                    + "cast it first, e.g. castTo(DType.FLOAT32)", e.getMessage());
        }
    }

    @Test
    void variablesKeepTheirShapeAndDtype() {
        Variable w = new Variable("kernel", Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> w.assign(Tensor.zeros(3, 2)));
        assertEquals("Variable kernel.assign: expected float32 (2,3), got float32 (3,2)", e.getMessage());
        w.assignSub(Tensor.ones(2, 3));
        assertEquals(-6.0, w.value().sum().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> new Variable("steps", Tensor.scalar(0)));
    }

    @Test
    void tapesAreThreadConfined() throws Exception {
        Tensor x = Tensor.scalar(2.0, DType.FLOAT64);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor[] fromOtherThread = new Tensor[1];
            Thread other = new Thread(() -> fromOtherThread[0] = x.mul(5));
            other.start();
            other.join();
            assertThrows(IllegalStateException.class, () -> tape.gradient(fromOtherThread[0], x));
            assertEquals(0.0, tape.gradient(fromOtherThread[0], new Tensor[] {x}, UnconnectedGradients.ZERO)[0]
                    .doubleValue());
        }
    }
}
