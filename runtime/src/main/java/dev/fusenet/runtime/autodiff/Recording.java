package dev.fusenet.runtime.autodiff;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.ops.Op;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The tapes recording on the current thread, innermost last. Ops report to it; it hands each op to every
 * tape that is recording and tracks one of the op's inputs. Internal to fusenet: users go through
 * {@link GradientTape}.
 */
public final class Recording {

    private static final ThreadLocal<Deque<GradientTape>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);

    private Recording() {
    }

    /** Called by every differentiable op after its forward. */
    public static void record(Op op, Tensor[] inputs, Tensor output) {
        Deque<GradientTape> tapes = ACTIVE.get();
        if (tapes.isEmpty()) {
            return;
        }
        for (GradientTape tape : tapes) {
            tape.offer(op, inputs, output);
        }
    }

    /** Called when a variable's value is read, so that tapes watching accessed variables can watch it. */
    static void variableRead(Variable variable, Tensor value) {
        for (GradientTape tape : ACTIVE.get()) {
            tape.variableRead(variable, value);
        }
    }

    static void start(GradientTape tape) {
        ACTIVE.get().addLast(tape);
    }

    static void stop(GradientTape tape) {
        ACTIVE.get().remove(tape);
    }
}
