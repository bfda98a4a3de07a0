package dev.fusenet.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A source or target the tape has no record of is an error that says why, not zeros that would let an optimizer
 * stop learning: each of the ways a user loses the record, then the cases that keep zeros.
 */
class UnrecordedGradientsTest {

    private static String refusal(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().contains("UnconnectedGradients.ZERO"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aVariableReadBeforeTheTapeOpenedIsNamed() {
        Variable w = new Variable("w", Tensor.scalar(3.0));
        Tensor early = w.value();
        try (GradientTape tape = new GradientTape()) {
            Tensor y = early.mul(2);
            String message = refusal(() -> tape.gradient(y, w));
            assertTrue(message.contains("variable w was not read while this tape recorded"), message);
            assertTrue(message.contains("before the tape was created"), message);
        }
    }

    @Test
    void opsAfterCloseLeaveTheTargetUnrecorded() {
        Tensor x = Tensor.scalar(2.0);
        GradientTape tape = new GradientTape();
        try (tape) {
            tape.watch(x);
        }
        Tensor y = x.square();
        String message = refusal(() -> tape.gradient(y, x));
        assertTrue(message.contains("the target float32 () was not computed from anything this tape watched"),
                message);
        assertTrue(message.contains("after close()"), message);
    }

    @Test
    void watchOnAClosedTapeFailsAtOnce() {
        GradientTape tape = new GradientTape();
        tape.close();
        var e = assertThrows(IllegalStateException.class, () -> tape.watch(Tensor.scalar(1.0)));
        assertTrue(e.getMessage().contains("this tape is closed"), e.getMessage());
        Variable v = new Variable("v", Tensor.scalar(1.0));
        assertThrows(IllegalStateException.class, () -> tape.watch(v));
    }

    @Test
    void anUnwatchedSourceNextToAWatchedOneIsNamedByPosition() {
        Tensor a = Tensor.scalar(2.0);
        Tensor b = Tensor.of(new double[] {1, 2});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(a);
            Tensor y = a.mul(b).sum();
            String message = refusal(() -> tape.gradient(y, a, b));
            assertTrue(message.contains("source 1 float64 (2) was never watched"), message);
            assertTrue(message.contains("tape.watch(source)"), message);
        }
    }

    @Test
    void aForwardPassOnAnotherThreadIsNotRecorded() {
        Variable w = new Variable("w", Tensor.of(new double[] {1, 2}));
        try (GradientTape tape = new GradientTape()) {
            Tensor y = CompletableFuture.supplyAsync(() -> w.value().square().sum()).join();
            String message = refusal(() -> tape.gradient(y, w));
            assertTrue(message.contains("on its thread"), message);

            Tensor x = Tensor.scalar(1.0);
            tape.watch(x);
            Tensor z = CompletableFuture.supplyAsync(() -> x.mul(3)).join();
            assertTrue(refusal(() -> tape.gradient(z, x)).contains("on another thread"));
        }
    }

    @Test
    void aTapeThatDoesNotWatchAccessedVariablesSaysToWatchThem() {
        Variable w = new Variable("w", Tensor.scalar(1.0));
        try (GradientTape tape = new GradientTape(false, false)) {
            Tensor y = w.value().mul(2);
            String message = refusal(() -> tape.gradient(y, List.of(w)));
            assertTrue(message.contains("does not watch the variables it sees read"), message);
            assertTrue(message.contains("tape.watch(variable)"), message);
        }
    }

    @Test
    void recordedButUnusedSourcesStillGetZeros() {
        Variable used = new Variable("used", Tensor.scalar(3.0));
        Variable unused = new Variable("unused", Tensor.of(new float[] {1, 2}));
        try (GradientTape tape = new GradientTape()) {
            unused.value();
            Tensor y = used.value().square();
            List<Tensor> gradients = tape.gradient(y, List.of(used, unused));
            assertEquals(6.0, gradients.get(0).doubleValue(), 1e-12);
            assertEquals(Tensor.zeros(2), gradients.get(1));
        }
    }

    @Test
    void zerosAndNullsOnlyWhenAskedFor() {
        Tensor x = Tensor.scalar(2.0);
        Tensor stranger = Tensor.of(new float[] {1, 2, 3});
        Variable neverRead = new Variable("neverRead", Tensor.scalar(1.0));
        try (GradientTape tape = GradientTape.persistent()) {
            tape.watch(x);
            Tensor y = x.square();
            Tensor[] zeros = tape.gradient(y, new Tensor[] {x, stranger}, UnconnectedGradients.ZERO);
            assertEquals(4.0, zeros[0].doubleValue(), 1e-12);
            assertEquals(Tensor.zeros(3), zeros[1]);
            assertNull(tape.gradient(y, new Tensor[] {stranger}, UnconnectedGradients.NONE)[0]);
            assertEquals(0.0, tape.gradient(y, List.of(neverRead), UnconnectedGradients.ZERO).get(0).doubleValue());
            assertEquals(0.0, tape.gradient(Tensor.scalar(5.0), new Tensor[] {x}, UnconnectedGradients.ZERO)[0]
                    .doubleValue());
        }
    }

    @Test
    void aRefusedCallLeavesANonPersistentTapeAnswerable() {
        Tensor x = Tensor.scalar(2.0);
        Tensor stranger = Tensor.scalar(1.0);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = x.square();
            refusal(() -> tape.gradient(y, x, stranger));
            assertEquals(4.0, tape.gradient(y, x).doubleValue(), 1e-12);
        }
    }
}
